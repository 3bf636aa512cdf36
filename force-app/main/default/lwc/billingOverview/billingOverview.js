import { LightningElement, wire } from 'lwc';
import { CurrentPageReference, NavigationMixin } from 'lightning/navigation';
import TITLE from '@salesforce/label/c.Metronome_Overview_Title';
import PROMPT from '@salesforce/label/c.Metronome_Overview_Prompt';

/**
 * URL state key of the customer shown, so the page can be bookmarked and the browser's Back works. State keys
 * carry the namespace of the component's package (`c__` only outside a managed package).
 */
const CUSTOMER_STATE = 'NOME__customerId';

/** The Billing Overview tab: a customer search on the left, the picked customer's summary on the right. */
export default class BillingOverview extends NavigationMixin(LightningElement) {
    customerId;
    pageReference;

    labels = { title: TITLE, prompt: PROMPT };

    @wire(CurrentPageReference)
    handlePageReference(pageReference) {
        this.pageReference = pageReference;
        this.customerId = pageReference?.state?.[CUSTOMER_STATE] || undefined;
    }

    handleSelect(event) {
        const { customerId } = event.detail;
        this.customerId = customerId;
        if (this.pageReference) {
            this[NavigationMixin.Navigate]({ ...this.pageReference, state: { ...this.pageReference.state, [CUSTOMER_STATE]: customerId } });
        }
    }
}
