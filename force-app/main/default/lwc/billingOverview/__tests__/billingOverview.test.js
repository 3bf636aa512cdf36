import { createElement } from 'lwc';
import BillingOverview from 'c/billingOverview';
import { forQuery, graphql } from 'lightning/graphql';
import { CurrentPageReference, getNavigateCalledWith, resetNavigation } from 'lightning/navigation';

const SEARCH_RESULT = require('../../customerSearch/__tests__/data/graphql.json');
const SUMMARY = require('../../customerSummary/__tests__/data/graphql.json');

const TAB_PAGE = { type: 'standard__navItemPage', attributes: { apiName: 'NOME__Billing_Overview' } };
const copy = (value) => JSON.parse(JSON.stringify(value));
/** Lets LWC re-render and hand new wire configs to the adapters (timers are faked here). */
const settle = () => [1, 2, 3, 4, 5].reduce((chain) => chain.then(() => Promise.resolve()), Promise.resolve());

describe('c-billing-overview', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
        jest.useRealTimers();
        resetNavigation();
    });

    it('prompts for a search before a customer is picked', () => {
        const element = createElement('c-billing-overview', { is: BillingOverview });
        document.body.appendChild(element);
        expect(element.shadowRoot.querySelector('c-customer-summary')).toBeNull();
        expect(element.shadowRoot.textContent).toContain('Search for a Metronome customer');
    });

    it('opens on the customer named in the URL state', async () => {
        const element = createElement('c-billing-overview', { is: BillingOverview });
        document.body.appendChild(element);
        CurrentPageReference.emit({ ...TAB_PAGE, state: { NOME__customerId: 'a01Hs00000AcmeBBB' } });
        await Promise.resolve();
        expect(element.shadowRoot.querySelector('c-customer-summary').customerId).toBe('a01Hs00000AcmeBBB');
    });

    it('searches, then shows the summary of the customer picked', async () => {
        jest.useFakeTimers();
        const element = createElement('c-billing-overview', { is: BillingOverview });
        document.body.appendChild(element);
        CurrentPageReference.emit({ ...TAB_PAGE, state: {} });

        const search = element.shadowRoot.querySelector('c-customer-search');
        search.shadowRoot.querySelector('lightning-input').dispatchEvent(new CustomEvent('change', { detail: { value: 'Acme' } }));
        jest.advanceTimersByTime(300);
        await settle();
        graphql.emit(copy(SEARCH_RESULT.data), forQuery('searchMetronomeCustomers'));
        await settle();
        search.shadowRoot.querySelector('button.result').click();
        await settle();

        const summary = element.shadowRoot.querySelector('c-customer-summary');
        expect(summary.customerId).toBe('a01Hs00000AcmeAAA');
        expect(getNavigateCalledWith().pageReference).toEqual({ ...TAB_PAGE, state: { NOME__customerId: 'a01Hs00000AcmeAAA' } });
        graphql.emit(copy(SUMMARY.data), forQuery('metronomeCustomerSummary'));
        await settle();
        // The search results stay while the summary loads: each wire gets only its own query's data.
        expect(search.shadowRoot.querySelectorAll('button.result')).toHaveLength(2);
        expect(summary.shadowRoot.querySelector('.customer-title').textContent).toBe('Acme Corp');

        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });
});
