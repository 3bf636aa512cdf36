import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { fieldValue, formatLabel, nodesOf } from 'c/formatting';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import CUSTOMER_ACCOUNT from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Account__c';
import CUSTOMER_ACCOUNT_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Account__r.Name';
import LINK_ACCOUNT from '@salesforce/schema/NOME__Metronome_Customer_Account__c.NOME__Account__c';
import LINK_ACCOUNT_NAME from '@salesforce/schema/NOME__Metronome_Customer_Account__c.NOME__Account__r.Name';
import LINK_IS_PRIMARY from '@salesforce/schema/NOME__Metronome_Customer_Account__c.NOME__Is_Primary__c';
import HEADING from '@salesforce/label/c.Metronome_Accounts_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Accounts_Empty';
import PRIMARY from '@salesforce/label/c.Metronome_Accounts_Primary';
import OPEN_TITLE from '@salesforce/label/c.Metronome_Accounts_Open_Title';

/**
 * The accounts of one customer: the primary account (NOME__Account__c) and every account linked through
 * NOME__Metronome_Customer_Account__c, each once, primary first.
 */
export function accountsOf(customer) {
    const byId = new Map();
    const add = (id, name, isPrimary) => {
        if (!id) return;
        const known = byId.get(id);
        byId.set(id, { id, name: name || known?.name || id, isPrimary: isPrimary || Boolean(known?.isPrimary) });
    };
    add(fieldValue(customer, CUSTOMER_ACCOUNT), fieldValue(customer, CUSTOMER_ACCOUNT_NAME), true);
    for (const link of nodesOf(customer?.NOME__Account_Links__r)) {
        add(fieldValue(link, LINK_ACCOUNT), fieldValue(link, LINK_ACCOUNT_NAME), fieldValue(link, LINK_IS_PRIMARY) === true);
    }
    return [...byId.values()].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name));
}

export default class CustomerAccounts extends NavigationMixin(LightningElement) {
    /** The customer node of the summary query, with NOME__Account__r and NOME__Account_Links__r. */
    @api customer;

    labels = { heading: HEADING, empty: EMPTY, primary: PRIMARY };

    get accounts() {
        return accountsOf(this.customer).map((account) => ({ ...account, openTitle: formatLabel(OPEN_TITLE, account.name) }));
    }

    get hasAccounts() {
        return this.accounts.length > 0;
    }

    handleOpen(event) {
        this[NavigationMixin.Navigate]({
            type: 'standard__recordPage',
            attributes: { recordId: event.currentTarget.dataset.id, objectApiName: ACCOUNT_OBJECT.objectApiName, actionName: 'view' }
        });
    }
}
