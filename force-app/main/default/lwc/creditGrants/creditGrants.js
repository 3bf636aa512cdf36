import { LightningElement, api } from 'lwc';
import { fieldValue, formatAmount, formatDate, formatLabel, remainingPercent } from 'c/formatting';
import GRANT_NAME from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.Name';
import REASON from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Reason__c';
import CREDIT_TYPE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Credit_Type__c';
import BALANCE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Balance_Including_Pending__c';
import INITIAL_BALANCE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Initial_Balance__c';
import EFFECTIVE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Effective_Date__c';
import EXPIRATION from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Expiration_Date__c';
import HEADING from '@salesforce/label/c.Metronome_Grants_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Grants_Empty';
import BALANCE_LINE from '@salesforce/label/c.Metronome_Grants_Balance_Line';
import PERIOD_LINE from '@salesforce/label/c.Metronome_Grants_Period_Line';
import PROGRESS_LABEL from '@salesforce/label/c.Metronome_Grants_Progress_Label';

/** A credit grant as the list shows it: pending-inclusive balance against the initial balance, in the grant's credit type. */
export function grantItem(node) {
    const creditType = fieldValue(node, CREDIT_TYPE);
    const balance = fieldValue(node, BALANCE);
    const initial = fieldValue(node, INITIAL_BALANCE);
    const percent = remainingPercent(balance, initial);
    const title = fieldValue(node, GRANT_NAME) || fieldValue(node, REASON) || '';
    return {
        id: node.Id,
        title,
        reason: title === fieldValue(node, REASON) ? '' : fieldValue(node, REASON) ?? '',
        creditType: creditType ?? '',
        balanceLine: formatLabel(BALANCE_LINE, formatAmount(balance ?? 0, creditType), formatAmount(initial ?? 0, creditType), percent),
        periodLine: formatLabel(PERIOD_LINE, formatDate(fieldValue(node, EFFECTIVE)), formatDate(fieldValue(node, EXPIRATION))),
        percent,
        progressLabel: formatLabel(PROGRESS_LABEL, title, percent)
    };
}

export default class CreditGrants extends LightningElement {
    /** NOME__Metronome_Credit_Grant__c nodes. */
    @api grants;

    labels = { heading: HEADING, empty: EMPTY };

    get items() {
        return (this.grants ?? []).map(grantItem);
    }

    get hasItems() {
        return this.items.length > 0;
    }
}
