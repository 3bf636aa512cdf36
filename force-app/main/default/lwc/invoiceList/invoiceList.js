import { LightningElement, api } from 'lwc';
import { fieldDisplayValue, fieldValue, formatAmount, formatDate, formatLabel } from 'c/formatting';
import INVOICE_NAME from '@salesforce/schema/NOME__Metronome_Invoice__c.Name';
import STATUS from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Status__c';
import START from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Start__c';
import END from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__End__c';
import TOTAL from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Total__c';
import CURRENCY from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Currency__c';
import PLAN_NAME from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Metronome_Plan__r.NOME__Name__c';
import HEADING from '@salesforce/label/c.Metronome_Invoices_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Invoices_Empty';
import COLUMN_INVOICE from '@salesforce/label/c.Metronome_Invoices_Column_Invoice';
import COLUMN_PLAN from '@salesforce/label/c.Metronome_Invoices_Column_Plan';
import COLUMN_PERIOD from '@salesforce/label/c.Metronome_Invoices_Column_Period';
import COLUMN_STATUS from '@salesforce/label/c.Metronome_Invoices_Column_Status';
import COLUMN_TOTAL from '@salesforce/label/c.Metronome_Invoices_Column_Total';
import LINE_ITEMS from '@salesforce/label/c.Metronome_Invoices_Line_Items';
import LINE_ITEMS_TITLE from '@salesforce/label/c.Metronome_Invoices_Line_Items_Title';

const VIEW_LINE_ITEMS = 'view_line_items';

/** SLDS badge themes by invoice status (picklist API values). */
const STATUS_CLASSES = { FINALIZED: 'slds-theme_success', VOID: 'slds-theme_error', DRAFT: 'slds-theme_warning', Pending: 'slds-theme_warning' };

/** Columns that show text but sort by another key: the total sorts by amount, not by its formatted text. */
const SORT_KEYS = { totalDisplay: 'total', statusLabel: 'statusLabel', period: 'start' };

/** Pixels per character of a total, and the cell's padding and sort arrow: wide enough that no total is cut. */
const TOTAL_CHAR_PX = 7;
const TOTAL_PADDING_PX = 40;
const MIN_TOTAL_PX = 110;

/**
 * The table's columns: names and plans wrap rather than being cut; the total column is as wide as the longest
 * total, right-aligned, so amounts line up and are read whole; the rest share what is left.
 */
export function invoiceColumns(rows) {
    const longest = Math.max(COLUMN_TOTAL.length, ...rows.map((row) => row.totalDisplay.length));
    return [
        { label: COLUMN_INVOICE, fieldName: 'name', type: 'text', sortable: true, wrapText: true },
        { label: COLUMN_PLAN, fieldName: 'planName', type: 'text', sortable: true, wrapText: true },
        // One column for the billing period: two date columns would squeeze the names on a record page's sidebar.
        { label: COLUMN_PERIOD, fieldName: 'period', type: 'text', sortable: true, wrapText: true },
        {
            label: COLUMN_STATUS,
            fieldName: 'statusLabel',
            type: 'statusBadge',
            typeAttributes: { badgeClass: { fieldName: 'statusClass' } },
            sortable: true,
            initialWidth: 120
        },
        {
            label: COLUMN_TOTAL,
            fieldName: 'totalDisplay',
            type: 'text',
            sortable: true,
            initialWidth: Math.max(MIN_TOTAL_PX, longest * TOTAL_CHAR_PX + TOTAL_PADDING_PX),
            cellAttributes: { alignment: 'right' }
        },
        {
            type: 'button',
            initialWidth: 100,
            typeAttributes: { label: LINE_ITEMS, name: VIEW_LINE_ITEMS, title: { fieldName: 'lineItemsTitle' }, variant: 'base' }
        }
    ];
}

/** An invoice node as a table row; the total is formatted in the invoice's credit type (ISO currency or custom unit). */
export function invoiceRow(node) {
    const name = fieldValue(node, INVOICE_NAME) ?? '';
    const currency = fieldValue(node, CURRENCY);
    const status = fieldValue(node, STATUS);
    return {
        id: node.Id,
        name,
        planName: fieldValue(node, PLAN_NAME) ?? '',
        start: fieldValue(node, START),
        end: fieldValue(node, END),
        period: [formatDate(fieldValue(node, START)), formatDate(fieldValue(node, END))].filter(Boolean).join(' – '),
        status,
        statusLabel: fieldDisplayValue(node, STATUS) ?? '',
        statusClass: STATUS_CLASSES[status] ?? '',
        total: fieldValue(node, TOTAL),
        currency,
        totalDisplay: formatAmount(fieldValue(node, TOTAL), currency),
        lineItemsTitle: formatLabel(LINE_ITEMS_TITLE, name)
    };
}

/** Rows sorted by a column; empty values last whichever the direction. */
export function sortRows(rows, fieldName, direction) {
    const key = SORT_KEYS[fieldName] ?? fieldName;
    const sign = direction === 'desc' ? -1 : 1;
    return [...rows].sort((a, b) => {
        const x = a[key];
        const y = b[key];
        if (x === null || x === undefined || x === '') return y === null || y === undefined || y === '' ? 0 : 1;
        if (y === null || y === undefined || y === '') return -1;
        return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true }));
    });
}

export default class InvoiceList extends LightningElement {
    /** NOME__Metronome_Invoice__c nodes. */
    @api
    get invoices() {
        return this._invoices;
    }
    set invoices(nodes) {
        this._invoices = nodes;
        this.rows = sortRows((nodes ?? []).map(invoiceRow), this.sortedBy, this.sortedDirection);
        this.columns = invoiceColumns(this.rows);
        // Keep the drill-down open only while its invoice is still listed (another customer has other invoices).
        if (this.openInvoice && !this.rows.some((row) => row.id === this.openInvoice.id)) this.openInvoice = undefined;
    }

    _invoices;
    rows = [];
    columns = invoiceColumns([]);
    sortedBy = 'period';
    sortedDirection = 'desc';
    openInvoice;

    labels = { heading: HEADING, empty: EMPTY };

    get hasRows() {
        return this.rows.length > 0;
    }

    handleSort(event) {
        const { fieldName, sortDirection } = event.detail;
        this.sortedBy = fieldName;
        this.sortedDirection = sortDirection;
        this.rows = sortRows(this.rows, fieldName, sortDirection);
    }

    handleRowAction(event) {
        if (event.detail.action.name === VIEW_LINE_ITEMS) this.openInvoice = event.detail.row;
    }

    handleCloseLineItems() {
        this.openInvoice = undefined;
    }
}
