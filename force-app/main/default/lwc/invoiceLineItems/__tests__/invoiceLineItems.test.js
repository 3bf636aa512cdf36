import { createElement } from 'lwc';
import InvoiceLineItems from 'c/invoiceLineItems';
import { graphql } from 'lightning/graphql';

const LINE_ITEMS = require('./data/graphql.json');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function mount() {
    const element = createElement('c-invoice-line-items', { is: InvoiceLineItems });
    Object.assign(element, { invoiceId: 'a04Hs00000Inv3AAA', invoiceName: 'INV-2025-03', currency: 'credits' });
    document.body.appendChild(element);
    return element;
}

describe('c-invoice-line-items', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('loads the line items of its invoice and shows a spinner meanwhile', async () => {
        const element = mount();
        await flush();
        expect(graphql.getLastConfig().variables).toEqual({ invoiceId: 'a04Hs00000Inv3AAA' });
        expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    });

    it('formats each total in the item credit type, else in the invoice currency', async () => {
        const element = mount();
        graphql.emit(JSON.parse(JSON.stringify(LINE_ITEMS.data)));
        await flush();
        const rows = element.shadowRoot.querySelector('lightning-datatable').data;
        expect(rows.map((r) => [r.name, r.quantity, r.totalDisplay])).toEqual([
            ['API calls', 120000, '$1,200.00'],
            ['Storage GB-month', 350.5, '70.10 credits']
        ]);
    });

    it('shows the empty state and errors', async () => {
        const element = mount();
        graphql.emit({ uiapi: { query: { NOME__Metronome_Invoice_Line_Item__c: { edges: [] } } } });
        await flush();
        expect(element.shadowRoot.textContent).toContain('This invoice has no line items.');

        graphql.emitErrors([{ message: 'Request failed' }]);
        await flush();
        expect(element.shadowRoot.querySelector('c-error-panel').shadowRoot.textContent).toContain('Request failed');
    });

    it('fires close from its close button, which has an accessible name', async () => {
        const element = mount();
        const onClose = jest.fn();
        element.addEventListener('close', onClose);
        const button = element.shadowRoot.querySelector('lightning-button-icon');
        expect(button.alternativeText).toBe('Close the line items');
        button.click();
        expect(onClose).toHaveBeenCalledTimes(1);
        graphql.emit(JSON.parse(JSON.stringify(LINE_ITEMS.data)));
        await flush();
        await expect(element).toBeAccessible();
    });
});
