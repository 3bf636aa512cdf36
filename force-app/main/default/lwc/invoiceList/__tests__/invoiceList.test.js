import { createElement } from 'lwc';
import InvoiceList, { invoiceColumns, sortRows } from 'c/invoiceList';
import { forQuery, graphql } from 'lightning/graphql';

const SUMMARY = require('../../customerSummary/__tests__/data/graphql.json');
const LINE_ITEMS = require('../../invoiceLineItems/__tests__/data/graphql.json');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const invoiceNodes = () => JSON.parse(JSON.stringify(SUMMARY.data)).uiapi.query.NOME__Metronome_Customer__c.edges[0].node.NOME__Invoices__r.edges.map((e) => e.node);

function mount() {
    const element = createElement('c-invoice-list', { is: InvoiceList });
    element.invoices = invoiceNodes();
    document.body.appendChild(element);
    return element;
}

const table = (element) => element.shadowRoot.querySelector('c-invoice-datatable');

describe('c-invoice-list', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows the status as a badge cell and the total in the invoice currency, latest first', () => {
        const element = mount();
        const status = table(element).columns.find((c) => c.fieldName === 'statusLabel');
        expect(status.type).toBe('statusBadge');
        expect(table(element).data.map((r) => [r.name, r.statusClass])).toEqual([
            ['INV-2025-03', 'slds-theme_warning'],
            ['INV-2025-02', 'slds-theme_success'],
            ['INV-2025-01', 'slds-theme_error']
        ]);
        expect(table(element).sortedBy).toBe('period');
        expect(table(element).sortedDirection).toBe('desc');
    });

    it('sorts by the amount behind the formatted total, not by its text', async () => {
        const element = mount();
        table(element).dispatchEvent(new CustomEvent('sort', { detail: { fieldName: 'totalDisplay', sortDirection: 'asc' } }));
        await flush();
        expect(table(element).data.map((r) => r.total)).toEqual([95.5, 980, 12500]);
        expect(table(element).sortedBy).toBe('totalDisplay');

        table(element).dispatchEvent(new CustomEvent('sort', { detail: { fieldName: 'name', sortDirection: 'asc' } }));
        await flush();
        expect(table(element).data.map((r) => r.name)).toEqual(['INV-2025-01', 'INV-2025-02', 'INV-2025-03']);
    });

    it('keeps rows without a value last in either direction', () => {
        const rows = [{ planName: '' }, { planName: 'B' }, { planName: 'A' }];
        expect(sortRows(rows, 'planName', 'asc').map((r) => r.planName)).toEqual(['A', 'B', '']);
        expect(sortRows(rows, 'planName', 'desc').map((r) => r.planName)).toEqual(['B', 'A', '']);
    });

    it('drills down to the line items of the invoice picked, and closes them', async () => {
        const element = mount();
        const row = table(element).data.find((r) => r.name === 'INV-2025-02');
        table(element).dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name: 'view_line_items' }, row } }));
        await flush();

        const lineItems = element.shadowRoot.querySelector('c-invoice-line-items');
        expect(lineItems.invoiceId).toBe('a04Hs00000Inv2AAA');
        expect(lineItems.currency).toBe('USD');
        expect(graphql.getLastConfig().variables).toEqual({ invoiceId: 'a04Hs00000Inv2AAA' });

        graphql.emit(JSON.parse(JSON.stringify(LINE_ITEMS.data)), forQuery('metronomeInvoiceLineItems'));
        await flush();
        expect(lineItems.shadowRoot.querySelector('lightning-datatable').data.map((r) => r.name)).toEqual(['API calls', 'Storage GB-month']);

        element.invoices = invoiceNodes().filter((node) => node.Id !== 'a04Hs00000Inv1AAA');
        await flush();
        expect(element.shadowRoot.querySelector('c-invoice-line-items')).not.toBeNull(); // its invoice is still listed

        lineItems.dispatchEvent(new CustomEvent('close'));
        await flush();
        expect(element.shadowRoot.querySelector('c-invoice-line-items')).toBeNull();
    });

    it("closes the drill-down when another customer's invoices replace the list", async () => {
        const element = mount();
        const row = table(element).data[0];
        table(element).dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name: 'view_line_items' }, row } }));
        await flush();
        element.invoices = [];
        await flush();
        expect(element.shadowRoot.querySelector('c-invoice-line-items')).toBeNull();
        expect(element.shadowRoot.textContent).toContain('This customer has no invoices.');
    });

    it('is accessible', async () => {
        const element = mount();
        await expect(element).toBeAccessible();
    });

    it('shows the billing period in one column, sorted by its start', () => {
        const element = mount();
        const rows = table(element).data;
        expect(rows.map((r) => r.period)).toEqual(['Mar 1, 2025 – Apr 1, 2025', 'Feb 1, 2025 – Mar 1, 2025', 'Jan 1, 2025 – Feb 1, 2025']);
        expect(sortRows(rows, 'period', 'asc').map((r) => r.name)).toEqual(['INV-2025-01', 'INV-2025-02', 'INV-2025-03']);
    });

    it('widens the total column to its longest amount, right-aligned, and wraps names instead of cutting them', () => {
        const narrow = invoiceColumns([{ totalDisplay: '$1.00' }]).find((c) => c.fieldName === 'totalDisplay');
        const wide = invoiceColumns([{ totalDisplay: '$1.00' }, { totalDisplay: '519,562.02 Compute credits' }]).find((c) => c.fieldName === 'totalDisplay');
        expect(wide.initialWidth).toBeGreaterThanOrEqual('519,562.02 Compute credits'.length * 7);
        expect(wide.initialWidth).toBeGreaterThan(narrow.initialWidth);
        expect(wide.cellAttributes.alignment).toBe('right');
        const columns = invoiceColumns([]);
        expect(columns.filter((c) => c.wrapText).map((c) => c.fieldName)).toEqual(['name', 'planName', 'period']);
    });
});
