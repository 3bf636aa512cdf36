import { LightningElement, api } from 'lwc';
import { errorMessages } from 'c/formatting';
import TITLE from '@salesforce/label/c.Metronome_Error_Title';

/** Shows the messages of GraphQL `errors`, an LDS error or an Error, announced to assistive technology. */
export default class ErrorPanel extends LightningElement {
    /** GraphQL errors ([{ message }]), an LDS error ({ body }) or an Error. */
    @api errors;

    labels = { title: TITLE };

    get messages() {
        return errorMessages(this.errors);
    }
}
