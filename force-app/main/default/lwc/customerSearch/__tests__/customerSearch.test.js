import { createElement } from 'lwc';
import CustomerSearch, { likePattern } from 'c/customerSearch';
import { graphql } from 'lightning/graphql';

const SEARCH_RESULT = require('./data/graphql.json');

const flush = () => Promise.resolve();

function mount() {
    const element = createElement('c-customer-search', { is: CustomerSearch });
    document.body.appendChild(element);
    return element;
}

async function type(element, value) {
    const input = element.shadowRoot.querySelector('lightning-input');
    input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    jest.advanceTimersByTime(300);
    await flush();
}

describe('c-customer-search', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    it('runs no query until at least two characters are typed', async () => {
        const element = mount();
        await type(element, 'a');
        expect(graphql.getLastConfig().query).toBeUndefined();
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('passes the term as GraphQL variables, matching the name by LIKE and the Metronome ID exactly', async () => {
        const element = mount();
        await type(element, '  acme ');
        const config = graphql.getLastConfig();
        expect(config.query).toContain('query searchMetronomeCustomers');
        expect(config.query).not.toContain('acme');
        expect(config.variables).toEqual({ namePattern: '%acme%', metronomeId: 'acme', first: 25 });
        expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    });

    it('treats LIKE wildcards in the term literally', () => {
        expect(likePattern('50%_off')).toBe('%50\\%\\_off%');
    });

    it('lists the customers found and reports the one picked', async () => {
        const element = mount();
        const onSelect = jest.fn();
        element.addEventListener('select', onSelect);
        await type(element, 'acme');
        graphql.emit(SEARCH_RESULT.data);
        await flush();

        const buttons = element.shadowRoot.querySelectorAll('button.result');
        expect([...buttons].map((b) => b.textContent)).toEqual(['Acme Corp', 'Acme Labs']);
        const details = [...element.shadowRoot.querySelectorAll('li p')].map((p) => p.textContent);
        expect(details[1]).toBe('6f1d8e0a-41e2-4d8e-b0a3-acme00000002');

        buttons[1].click();
        expect(onSelect).toHaveBeenCalledTimes(1);
        expect(onSelect.mock.calls[0][0].detail).toEqual({ customerId: 'a01Hs00000AcmeBBB' });
    });

    it('says so when nothing matches', async () => {
        const element = mount();
        await type(element, 'zzz');
        graphql.emit({ uiapi: { query: { NOME__Metronome_Customer__c: { edges: [] } } } });
        await flush();
        expect(element.shadowRoot.textContent).toContain('No Metronome customer matches this search.');
        expect(element.shadowRoot.querySelector('button.result')).toBeNull();
    });

    it('shows the GraphQL errors', async () => {
        const element = mount();
        await type(element, 'acme');
        graphql.emitErrors([{ message: 'No such column NOME__Name__c' }]);
        await flush();
        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel.shadowRoot.querySelector('[role="alert"]').textContent).toContain('No such column NOME__Name__c');
    });

    it('is accessible with results shown', async () => {
        const element = mount();
        await type(element, 'acme');
        graphql.emit(SEARCH_RESULT.data);
        await flush();
        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });
});
