import { LightningElement } from 'lwc';
import TITLE from '@salesforce/label/c.Metronome_Overview_Title';
import PROMPT from '@salesforce/label/c.Metronome_Overview_Prompt';

/** The Billing Overview tab: a customer search on the left, the picked customer's summary on the right. */
export default class BillingOverview extends LightningElement {
    customerId;

    labels = { title: TITLE, prompt: PROMPT };

    handleSelect(event) {
        this.customerId = event.detail.customerId;
    }
}
