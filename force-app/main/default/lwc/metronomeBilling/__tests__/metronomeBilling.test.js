import { createElement } from 'lwc';
import MetronomeBilling, { linkedCustomers } from 'c/metronomeBilling';
import { forQuery, graphql } from 'lightning/graphql';
import { getRecord } from 'lightning/uiRecordApi';

const LINKED = require('./data/graphql.json');
const ACCOUNT = require('./data/getRecord.json');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const copy = (value) => JSON.parse(JSON.stringify(value));

function mount() {
    const element = createElement('c-metronome-billing', { is: MetronomeBilling });
    element.recordId = '001Hs00000AcmeHQA';
    document.body.appendChild(element);
    return element;
}

describe('c-metronome-billing', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('asks for the customers of the record page account through a GraphQL variable', async () => {
        const element = mount();
        await flush();
        expect(graphql.getLastConfig()).toMatchObject({ variables: { accountId: '001Hs00000AcmeHQA' } });
        expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    });

    it('shows one summary per linked customer, primary first, each once, titled with the account name', async () => {
        const element = mount();
        await flush();
        getRecord.emit(copy(ACCOUNT));
        graphql.emit(copy(LINKED.data), forQuery('metronomeCustomersOfAccount'));
        await flush();

        expect(element.shadowRoot.querySelector('lightning-card').title).toBe('Metronome Billing for Acme Corporation');
        const summaries = [...element.shadowRoot.querySelectorAll('c-customer-summary')];
        expect(summaries.map((s) => [s.customerId, s.relationLabel])).toEqual([
            ['a01Hs00000AcmeAAA', 'Primary account'],
            ['a01Hs00000BetaAAA', 'Linked account']
        ]);
    });

    it('merges the primary lookup and the junction links', () => {
        expect(linkedCustomers(copy(LINKED.data))).toEqual([
            { id: 'a01Hs00000AcmeAAA', name: 'Acme Corp', isPrimary: true },
            { id: 'a01Hs00000BetaAAA', name: 'Beta Reseller', isPrimary: false }
        ]);
    });

    it('says so when no customer is linked', async () => {
        const element = mount();
        graphql.emit({ uiapi: { query: { NOME__Metronome_Customer__c: { edges: [] }, NOME__Metronome_Customer_Account__c: { edges: [] } } } });
        await flush();
        expect(element.shadowRoot.querySelector('c-customer-summary')).toBeNull();
        expect(element.shadowRoot.textContent).toContain('No Metronome customer is linked to this account.');
        expect(element.shadowRoot.querySelector('lightning-card').title).toBe('Metronome Billing');
    });

    it('shows GraphQL errors', async () => {
        const element = mount();
        graphql.emitErrors([{ message: 'You do not have access to NOME__Metronome_Customer__c' }]);
        await flush();
        expect(element.shadowRoot.querySelector('c-error-panel').shadowRoot.textContent).toContain('You do not have access to NOME__Metronome_Customer__c');
    });

    it('is accessible', async () => {
        const element = mount();
        await flush();
        getRecord.emit(copy(ACCOUNT));
        graphql.emit(copy(LINKED.data), forQuery('metronomeCustomersOfAccount'));
        await flush();
        await expect(element).toBeAccessible();
    });
});
