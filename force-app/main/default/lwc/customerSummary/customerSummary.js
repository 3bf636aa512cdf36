import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { fieldValue, formatLabel, nodesOf } from 'c/formatting';
import CUSTOMER_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Name__c';
import CUSTOMER_RECORD_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.Name';
import CUSTOMER_METRONOME_ID from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Metronome_Customer_ID__c';
import LOADING from '@salesforce/label/c.Metronome_Loading';
import NOT_FOUND from '@salesforce/label/c.Metronome_Customer_Not_Found';
import METRONOME_ID from '@salesforce/label/c.Metronome_Customer_ID_Line';

// One round trip for the whole summary: the customer and its child relationships. Line items load on
// drill-down (c-invoice-line-items), not here.
const SUMMARY_QUERY = gql`
    query metronomeCustomerSummary($customerId: ID) {
        uiapi {
            query {
                NOME__Metronome_Customer__c(where: { Id: { eq: $customerId } }, first: 1) {
                    edges {
                        node {
                            Id
                            Name { value }
                            NOME__Name__c { value }
                            NOME__Metronome_Customer_ID__c { value }
                            NOME__Account__c { value }
                            NOME__Account__r { Id Name { value } }
                            NOME__Account_Links__r(first: 100) {
                                edges { node { Id NOME__Is_Primary__c { value } NOME__Account__c { value } NOME__Account__r { Id Name { value } } } }
                            }
                            NOME__Customer_Plans__r(first: 100, orderBy: { NOME__Starting_On__c: { order: DESC } }) {
                                edges { node { Id NOME__Plan_Name__c { value } NOME__Metronome_Plan_ID__c { value } NOME__Starting_On__c { value } NOME__Ending_On__c { value } } }
                            }
                            NOME__Credit_Grants__r(first: 100, orderBy: { NOME__Effective_Date__c: { order: DESC } }) {
                                edges {
                                    node {
                                        Id
                                        Name { value }
                                        NOME__Reason__c { value }
                                        NOME__Credit_Type__c { value }
                                        NOME__Balance_Including_Pending__c { value }
                                        NOME__Initial_Balance__c { value }
                                        NOME__Effective_Date__c { value }
                                        NOME__Expiration_Date__c { value }
                                    }
                                }
                            }
                            NOME__Invoices__r(first: 200, orderBy: { NOME__Start__c: { order: DESC } }) {
                                edges {
                                    node {
                                        Id
                                        Name { value }
                                        NOME__Status__c { value displayValue }
                                        NOME__Start__c { value }
                                        NOME__End__c { value }
                                        NOME__Total__c { value }
                                        NOME__Currency__c { value }
                                        NOME__Metronome_Plan__r { NOME__Name__c { value } }
                                    }
                                }
                            }
                            NOME__Ingest_Aliases__r(first: 200) {
                                edges { node { Id NOME__Ingest_Alias__c { value } } }
                            }
                        }
                    }
                }
            }
        }
    }
`;

/** Loads one Metronome customer and lays out its billing summary; each section is its own component. */
export default class CustomerSummary extends LightningElement {
    /** Salesforce ID of the NOME__Metronome_Customer__c record. */
    @api
    get customerId() {
        return this._customerId;
    }
    set customerId(value) {
        // Another customer: show the spinner, not the previous customer's data, until the new data arrives.
        if (value !== this._customerId) {
            this.customer = undefined;
            this.errors = undefined;
            this.loaded = false;
        }
        this._customerId = value;
    }
    /** Optional badge beside the title, e.g. how the customer is linked to the account shown. */
    @api relationLabel;

    _customerId;
    customer;
    errors;
    loaded = false;

    labels = { loading: LOADING, notFound: NOT_FOUND };

    get variables() {
        return { customerId: this.customerId };
    }

    get query() {
        return this.customerId ? SUMMARY_QUERY : undefined;
    }

    @wire(graphql, { query: '$query', variables: '$variables' })
    handleResult({ data, errors }) {
        if (!data && !errors) return;
        this.loaded = true;
        this.errors = errors;
        this.customer = data ? nodesOf(data.uiapi.query.NOME__Metronome_Customer__c)[0] : undefined;
    }

    get isLoading() {
        return !this.loaded;
    }

    get notFound() {
        return this.loaded && !this.errors && !this.customer;
    }

    get title() {
        return (this.customer && (fieldValue(this.customer, CUSTOMER_NAME) || fieldValue(this.customer, CUSTOMER_RECORD_NAME))) || '';
    }

    get metronomeIdLine() {
        return formatLabel(METRONOME_ID, fieldValue(this.customer, CUSTOMER_METRONOME_ID) ?? '');
    }

    get plans() {
        return nodesOf(this.customer?.NOME__Customer_Plans__r);
    }

    get grants() {
        return nodesOf(this.customer?.NOME__Credit_Grants__r);
    }

    get invoices() {
        return nodesOf(this.customer?.NOME__Invoices__r);
    }

    get aliases() {
        return nodesOf(this.customer?.NOME__Ingest_Aliases__r);
    }
}
