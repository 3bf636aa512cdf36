import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { fieldValue, formatAmount, formatLabel, nodesOf } from 'c/formatting';
import ITEM_NAME from '@salesforce/schema/NOME__Metronome_Invoice_Line_Item__c.NOME__Name__c';
import ITEM_RECORD_NAME from '@salesforce/schema/NOME__Metronome_Invoice_Line_Item__c.Name';
import QUANTITY from '@salesforce/schema/NOME__Metronome_Invoice_Line_Item__c.NOME__Quantity__c';
import TOTAL from '@salesforce/schema/NOME__Metronome_Invoice_Line_Item__c.NOME__Total__c';
import CREDIT_TYPE from '@salesforce/schema/NOME__Metronome_Invoice_Line_Item__c.NOME__Credit_Type_Name__c';
import HEADING from '@salesforce/label/c.Metronome_Line_Items_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Line_Items_Empty';
import LOADING from '@salesforce/label/c.Metronome_Loading';
import CLOSE from '@salesforce/label/c.Metronome_Line_Items_Close';
import COLUMN_ITEM from '@salesforce/label/c.Metronome_Line_Items_Column_Item';
import COLUMN_QUANTITY from '@salesforce/label/c.Metronome_Line_Items_Column_Quantity';
import COLUMN_TOTAL from '@salesforce/label/c.Metronome_Line_Items_Column_Total';

const LINE_ITEMS_QUERY = gql`
    query metronomeInvoiceLineItems($invoiceId: ID) {
        uiapi {
            query {
                NOME__Metronome_Invoice_Line_Item__c(where: { NOME__Invoice__c: { eq: $invoiceId } }, first: 500, orderBy: { NOME__Name__c: { order: ASC } }) {
                    edges {
                        node {
                            Id
                            Name { value }
                            NOME__Name__c { value }
                            NOME__Quantity__c { value }
                            NOME__Total__c { value }
                            NOME__Credit_Type_Name__c { value }
                        }
                    }
                }
            }
        }
    }
`;

const COLUMNS = [
    { label: COLUMN_ITEM, fieldName: 'name', type: 'text', wrapText: true },
    { label: COLUMN_QUANTITY, fieldName: 'quantity', type: 'number', typeAttributes: { maximumFractionDigits: 2 } },
    { label: COLUMN_TOTAL, fieldName: 'totalDisplay', type: 'text', cellAttributes: { alignment: 'right' } }
];

/** A line item as a row; its total is in its own credit type, else in the invoice's. */
export function lineItemRow(node, invoiceCurrency) {
    return {
        id: node.Id,
        name: fieldValue(node, ITEM_NAME) || fieldValue(node, ITEM_RECORD_NAME),
        quantity: fieldValue(node, QUANTITY),
        totalDisplay: formatAmount(fieldValue(node, TOTAL), fieldValue(node, CREDIT_TYPE) || invoiceCurrency)
    };
}

/** The drill-down below the invoice table: the line items of one invoice, loaded when it is opened. Fires `close`. */
export default class InvoiceLineItems extends LightningElement {
    @api invoiceId;
    @api invoiceName;
    /** The invoice's credit type, used for items that carry none. */
    @api currency;

    rows;
    errors;
    columns = COLUMNS;

    labels = { empty: EMPTY, loading: LOADING, close: CLOSE };

    get query() {
        return this.invoiceId ? LINE_ITEMS_QUERY : undefined;
    }

    get variables() {
        return { invoiceId: this.invoiceId };
    }

    @wire(graphql, { query: '$query', variables: '$variables' })
    handleResult({ data, errors }) {
        if (!data && !errors) return;
        this.errors = errors;
        this.rows = data ? nodesOf(data.uiapi.query.NOME__Metronome_Invoice_Line_Item__c).map((node) => lineItemRow(node, this.currency)) : undefined;
    }

    get heading() {
        return formatLabel(HEADING, this.invoiceName ?? '');
    }

    get isLoading() {
        return !this.rows && !this.errors;
    }

    get hasRows() {
        return this.rows?.length > 0;
    }

    handleClose() {
        this.dispatchEvent(new CustomEvent('close'));
    }
}
