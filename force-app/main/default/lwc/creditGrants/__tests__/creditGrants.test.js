import { createElement } from 'lwc';
import CreditGrants, { balanceChartGeometry, grantBalanceHistory, grantItem } from 'c/creditGrants';

const SUMMARY = require('../../customerSummary/__tests__/data/graphql.json');

const grants = () => JSON.parse(JSON.stringify(SUMMARY.data)).uiapi.query.NOME__Metronome_Customer__c.edges[0].node.NOME__Credit_Grants__r.edges.map((e) => e.node);
const at = (iso) => Date.parse(iso);

describe('c-credit-grants', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows each balance against its initial balance in the grant’s unit', () => {
        const [usd, credits] = grants().map((node) => grantItem(node, new Date('2025-06-01T00:00:00Z')));
        expect(usd.balanceLine).toContain('$250.00');
        expect(usd.balanceLine).toContain('$1,000.00');
        expect(usd.percent).toBe(25);
        expect(credits.balanceLine).toContain('4,500 credits');
        expect(credits.reason).toBe('');
    });

    it('draws the balance from the initial amount on the effective date to today’s balance', () => {
        const [usd] = grants();
        expect(grantBalanceHistory(usd, new Date('2025-07-01T00:00:00Z'))).toEqual({
            start: at('2025-01-01T00:00:00.000Z'),
            end: at('2026-01-01T00:00:00.000Z'),
            points: [
                { at: at('2025-01-01T00:00:00.000Z'), amount: 1000 },
                { at: at('2025-07-01T00:00:00Z'), amount: 250 }
            ]
        });
    });

    it('ends an expired grant’s history on its expiration date', () => {
        const [, credits] = grants();
        const history = grantBalanceHistory(credits, new Date('2026-06-01T00:00:00Z'));
        expect(history.points[1]).toEqual({ at: at('2025-12-31T00:00:00.000Z'), amount: 4500 });
        expect(history.end).toBe(at('2025-12-31T00:00:00.000Z'));
    });

    it('has no history without an effective date', () => {
        const [usd] = grants();
        usd.NOME__Effective_Date__c = { value: null };
        expect(grantBalanceHistory(usd)).toBeUndefined();
    });

    it('places the latest balance proportionally to the initial one', () => {
        const geometry = balanceChartGeometry({ start: 0, end: 100, points: [{ at: 0, amount: 1000 }, { at: 50, amount: 250 }] });
        // Width 320 and height 64 with a 4-unit pad: halfway along, three quarters down the plot.
        expect(geometry.line).toBe('M4.0,4.0 L160.0,46.0');
        expect([geometry.dotX, geometry.dotY]).toEqual(['160.0', '46.0']);
    });

    it('renders a labelled balance chart per grant and passes accessibility checks', async () => {
        const element = createElement('c-credit-grants', { is: CreditGrants });
        element.grants = grants();
        document.body.appendChild(element);
        const charts = element.shadowRoot.querySelectorAll('svg[role="img"]');
        expect(charts).toHaveLength(2);
        expect(charts[0].getAttribute('aria-label')).toMatch(/^Balance of Onboarding credit over its life: \$1,000\.00 granted on Jan 1, 2025, \$250\.00 on /);
        await expect(element).toBeAccessible();
    });

    it('says so when the customer has no grants', () => {
        const element = createElement('c-credit-grants', { is: CreditGrants });
        element.grants = [];
        document.body.appendChild(element);
        expect(element.shadowRoot.querySelector('p').textContent).toBe('This customer has no credit grants.');
    });
});
