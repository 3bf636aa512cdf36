import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { fieldValue, formatLabel, nodesOf } from 'c/formatting';
import ACCOUNT_NAME from '@salesforce/schema/Account.Name';
import CUSTOMER_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Name__c';
import LINK_CUSTOMER from '@salesforce/schema/NOME__Metronome_Customer_Account__c.NOME__Customer__c';
import LINK_CUSTOMER_NAME from '@salesforce/schema/NOME__Metronome_Customer_Account__c.NOME__Customer__r.NOME__Name__c';
import LINK_IS_PRIMARY from '@salesforce/schema/NOME__Metronome_Customer_Account__c.NOME__Is_Primary__c';
import TITLE from '@salesforce/label/c.Metronome_Billing_Title';
import TITLE_FOR from '@salesforce/label/c.Metronome_Billing_Title_For';
import EMPTY from '@salesforce/label/c.Metronome_Billing_Empty';
import LOADING from '@salesforce/label/c.Metronome_Loading';
import PRIMARY from '@salesforce/label/c.Metronome_Billing_Primary_Link';
import LINKED from '@salesforce/label/c.Metronome_Billing_Other_Link';

// Customers whose primary account this is, and every customer linked to it through the junction object.
const LINKED_CUSTOMERS_QUERY = gql`
    query metronomeCustomersOfAccount($accountId: ID) {
        uiapi {
            query {
                NOME__Metronome_Customer__c(where: { NOME__Account__c: { eq: $accountId } }, first: 50, orderBy: { NOME__Name__c: { order: ASC } }) {
                    edges { node { Id NOME__Name__c { value } } }
                }
                NOME__Metronome_Customer_Account__c(where: { NOME__Account__c: { eq: $accountId } }, first: 50) {
                    edges { node { Id NOME__Is_Primary__c { value } NOME__Customer__c { value } NOME__Customer__r { NOME__Name__c { value } } } }
                }
            }
        }
    }
`;

/**
 * The customers linked to one account, each once: primary when the account is the customer's
 * NOME__Account__c or its link says so; primary customers first, then by name.
 */
export function linkedCustomers(data) {
    const byId = new Map();
    const add = (id, name, isPrimary) => {
        if (!id) return;
        const known = byId.get(id);
        byId.set(id, { id, name: name || known?.name || '', isPrimary: isPrimary || Boolean(known?.isPrimary) });
    };
    for (const node of nodesOf(data?.uiapi?.query?.NOME__Metronome_Customer__c)) add(node.Id, fieldValue(node, CUSTOMER_NAME), true);
    for (const link of nodesOf(data?.uiapi?.query?.NOME__Metronome_Customer_Account__c)) {
        add(fieldValue(link, LINK_CUSTOMER), fieldValue(link, LINK_CUSTOMER_NAME), fieldValue(link, LINK_IS_PRIMARY) === true);
    }
    return [...byId.values()].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name));
}

/** Account record page component: the Metronome customers of this account, each with the shared billing summary. */
export default class MetronomeBilling extends LightningElement {
    @api recordId;

    customers;
    errors;

    labels = { empty: EMPTY, loading: LOADING };

    @wire(getRecord, { recordId: '$recordId', fields: [ACCOUNT_NAME] })
    account;

    get query() {
        return this.recordId ? LINKED_CUSTOMERS_QUERY : undefined;
    }

    get variables() {
        return { accountId: this.recordId };
    }

    @wire(graphql, { query: '$query', variables: '$variables' })
    handleResult({ data, errors }) {
        if (!data && !errors) return;
        this.errors = errors;
        this.customers = data
            ? linkedCustomers(data).map((customer) => ({ ...customer, relationLabel: customer.isPrimary ? PRIMARY : LINKED }))
            : undefined;
    }

    get title() {
        const accountName = this.account?.data ? getFieldValue(this.account.data, ACCOUNT_NAME) : undefined;
        return accountName ? formatLabel(TITLE_FOR, accountName) : TITLE;
    }

    get isLoading() {
        return !this.customers && !this.errors;
    }

    get hasCustomers() {
        return this.customers?.length > 0;
    }
}
