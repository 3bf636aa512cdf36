import { LightningElement, api } from 'lwc';
import COMPONENTS from 'preview/components';

/**
 * A record page laid out by its flexipage: the record's details in the main region, the package's components
 * in the regions the flexipage places them (each given the record's ID, as Lightning does).
 */
export default class FlexiPage extends LightningElement {
    @api object;
    @api recordId;

    regionComponents(region) {
        return (this.object?.recordPage?.regions?.[region] ?? [])
            .filter((entry) => COMPONENTS[entry.component])
            .map((entry, index) => ({ key: `${region}-${index}`, name: entry.component, ctor: COMPONENTS[entry.component] }));
    }

    get mainComponents() {
        return this.regionComponents('main');
    }

    get sidebarComponents() {
        return this.regionComponents('sidebar');
    }
}
