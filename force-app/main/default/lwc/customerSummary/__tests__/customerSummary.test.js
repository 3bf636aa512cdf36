import { createElement } from 'lwc';
import CustomerSummary from 'c/customerSummary';
import { graphql } from 'lightning/graphql';

const SUMMARY = require('./data/graphql.json');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const copy = (value) => JSON.parse(JSON.stringify(value));

function mount(customerId = 'a01Hs00000AcmeAAA') {
    const element = createElement('c-customer-summary', { is: CustomerSummary });
    element.customerId = customerId;
    document.body.appendChild(element);
    return element;
}

const child = (element, name) => element.shadowRoot.querySelector(name);

describe('c-customer-summary', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('asks for the customer by Id through a GraphQL variable and shows a spinner meanwhile', async () => {
        const element = mount();
        await flush();
        expect(graphql.getLastConfig().variables).toEqual({ customerId: 'a01Hs00000AcmeAAA' });
        expect(graphql.getLastConfig().query).toContain('query metronomeCustomerSummary');
        expect(child(element, 'lightning-spinner')).not.toBeNull();
    });

    it('renders the customer, its accounts, plans, credit grants, invoices and aliases from the wire', async () => {
        const element = mount();
        graphql.emit(copy(SUMMARY.data));
        await flush();

        expect(child(element, '.customer-title').textContent).toBe('Acme Corp');
        expect(element.shadowRoot.textContent).toContain('Metronome ID: 2b0c1b5e-8f5c-4c47-9a1e-acme00000001');

        const accounts = child(element, 'c-customer-accounts').shadowRoot;
        expect([...accounts.querySelectorAll('lightning-button')].map((b) => b.label)).toEqual(['Acme Corporation', 'Acme Europe GmbH']);
        expect(accounts.querySelectorAll('lightning-badge')).toHaveLength(1); // the primary account only, listed once

        const plans = child(element, 'c-customer-plans').shadowRoot.querySelector('lightning-datatable');
        expect(plans.data.map((r) => [r.planName, r.phase])).toEqual([
            ['Enterprise 2025', 'current'],
            ['Starter', 'past']
        ]);

        const grants = child(element, 'c-credit-grants').shadowRoot;
        const bars = [...grants.querySelectorAll('lightning-progress-bar')];
        expect(bars.map((b) => b.value)).toEqual([25, 90]);
        const text = grants.textContent;
        expect(text).toContain('Onboarding credit');
        expect(text).toContain('Compute credits');
        expect(text).toContain('$250.00 left of $1,000.00 (25%), pending usage included');
        expect(text).toContain('4,500 credits left of 5,000 credits (90%), pending usage included');
        expect(text).toContain('Signed annual contract');

        const invoices = child(element, 'c-invoice-list').shadowRoot.querySelector('c-invoice-datatable');
        expect(invoices.data.map((r) => [r.name, r.statusLabel, r.totalDisplay])).toEqual([
            ['INV-2025-03', 'DRAFT', '95.50 credits'],
            ['INV-2025-02', 'FINALIZED', '$12,500.00'],
            ['INV-2025-01', 'VOID', '$980.00']
        ]);

        const aliases = child(element, 'c-ingest-aliases').shadowRoot;
        expect([...aliases.querySelectorAll('lightning-badge')].map((b) => b.label)).toEqual(['acme-eu@example.com', 'acme-prod']);
    });

    it('shows empty states for a customer without children', async () => {
        const element = mount();
        const data = copy(SUMMARY.data);
        const node = data.uiapi.query.NOME__Metronome_Customer__c.edges[0].node;
        node.NOME__Account__c = { value: null };
        node.NOME__Account__r = null;
        for (const relationship of ['NOME__Account_Links__r', 'NOME__Customer_Plans__r', 'NOME__Credit_Grants__r', 'NOME__Invoices__r', 'NOME__Ingest_Aliases__r']) {
            node[relationship] = { edges: [] };
        }
        graphql.emit(data);
        await flush();
        expect(child(element, 'c-customer-accounts').shadowRoot.textContent).toContain('This customer is not linked to any Salesforce account.');
        expect(child(element, 'c-customer-plans').shadowRoot.textContent).toContain('This customer has no plans.');
        expect(child(element, 'c-credit-grants').shadowRoot.textContent).toContain('This customer has no credit grants.');
        expect(child(element, 'c-invoice-list').shadowRoot.textContent).toContain('This customer has no invoices.');
        expect(child(element, 'c-ingest-aliases').shadowRoot.textContent).toContain('No ingest aliases');
    });

    it('says when the customer is not found (deleted, or not shared with the user)', async () => {
        const element = mount();
        graphql.emit({ uiapi: { query: { NOME__Metronome_Customer__c: { edges: [] } } } });
        await flush();
        expect(element.shadowRoot.textContent).toContain('This Metronome customer was not found');
    });

    it('shows GraphQL errors', async () => {
        const element = mount();
        graphql.emitErrors([{ message: 'Insufficient access rights on NOME__Metronome_Invoice__c' }]);
        await flush();
        expect(child(element, 'c-error-panel').shadowRoot.textContent).toContain('Insufficient access rights on NOME__Metronome_Invoice__c');
    });

    it('shows the spinner again, not the previous customer, when another customer is picked', async () => {
        const element = mount();
        graphql.emit(copy(SUMMARY.data));
        await flush();
        element.customerId = 'a01Hs00000AcmeBBB';
        await flush();
        expect(child(element, 'lightning-spinner')).not.toBeNull();
        expect(child(element, 'c-invoice-list')).toBeNull();
        expect(graphql.getLastConfig().variables).toEqual({ customerId: 'a01Hs00000AcmeBBB' });
    });

    it('is accessible', async () => {
        const element = mount();
        graphql.emit(copy(SUMMARY.data));
        await flush();
        await expect(element).toBeAccessible();
    });
});
