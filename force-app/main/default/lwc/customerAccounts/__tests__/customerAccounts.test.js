import { createElement } from 'lwc';
import CustomerAccounts, { accountsOf } from 'c/customerAccounts';
import { getNavigateCalledWith, resetNavigation } from 'lightning/navigation';

const SUMMARY = require('../../customerSummary/__tests__/data/graphql.json');

const customerNode = () => JSON.parse(JSON.stringify(SUMMARY.data)).uiapi.query.NOME__Metronome_Customer__c.edges[0].node;

describe('c-customer-accounts', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        resetNavigation();
    });

    it('lists the primary account once and first, then the other linked accounts', () => {
        expect(accountsOf(customerNode())).toEqual([
            { id: '001Hs00000AcmeHQA', name: 'Acme Corporation', isPrimary: true },
            { id: '001Hs00000AcmeEUA', name: 'Acme Europe GmbH', isPrimary: false }
        ]);
    });

    it('treats a link flagged primary as primary even when the lookup is empty', () => {
        const node = customerNode();
        node.NOME__Account__c = { value: null };
        node.NOME__Account__r = null;
        expect(accountsOf(node).filter((a) => a.isPrimary).map((a) => a.name)).toEqual(['Acme Corporation']);
    });

    it('opens the account record page when an account is clicked', () => {
        const element = createElement('c-customer-accounts', { is: CustomerAccounts });
        element.customer = customerNode();
        document.body.appendChild(element);
        const buttons = element.shadowRoot.querySelectorAll('lightning-button');
        expect(buttons[1].title).toBe('Open the account Acme Europe GmbH');
        buttons[1].click();
        expect(getNavigateCalledWith().pageReference).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: '001Hs00000AcmeEUA', objectApiName: 'Account', actionName: 'view' }
        });
    });
});
