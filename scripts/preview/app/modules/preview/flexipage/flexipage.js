import { LightningElement, api } from 'lwc';
import COMPONENTS from 'preview/components';

/**
 * A record page laid out by its flexipage: the record's details, then the package's components of each region the
 * flexipage places them in (each given the record's ID, as Lightning does). Regions stack at full width: the
 * components' tables then get the width of a 1,280 px screen rather than a sidebar's third of it.
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
