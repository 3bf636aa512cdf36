import { LightningElement, api } from 'lwc';
import { fieldValue } from 'c/formatting';
import ALIAS from '@salesforce/schema/NOME__Metronome_Ingest_Alias__c.NOME__Ingest_Alias__c';
import HEADING from '@salesforce/label/c.Metronome_Aliases_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Aliases_Empty';

export default class IngestAliases extends LightningElement {
    /** NOME__Metronome_Ingest_Alias__c nodes. */
    @api aliases;

    labels = { heading: HEADING, empty: EMPTY };

    get items() {
        return (this.aliases ?? [])
            .map((node) => ({ id: node.Id, alias: fieldValue(node, ALIAS) }))
            .filter((item) => item.alias)
            .sort((a, b) => a.alias.localeCompare(b.alias));
    }

    get hasItems() {
        return this.items.length > 0;
    }
}
