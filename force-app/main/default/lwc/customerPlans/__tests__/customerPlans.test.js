import { createElement } from 'lwc';
import CustomerPlans, { planRows } from 'c/customerPlans';

const SUMMARY = require('../../customerSummary/__tests__/data/graphql.json');

const plans = () => JSON.parse(JSON.stringify(SUMMARY.data)).uiapi.query.NOME__Metronome_Customer__c.edges[0].node.NOME__Customer_Plans__r.edges.map((e) => e.node);

const plan = (id, name, startingOn, endingOn) => ({
    Id: id,
    NOME__Plan_Name__c: { value: name },
    NOME__Metronome_Plan_ID__c: { value: `plan-${id}` },
    NOME__Starting_On__c: { value: startingOn },
    NOME__Ending_On__c: { value: endingOn }
});

describe('c-customer-plans', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('orders plans current, upcoming, past, latest start first within each', () => {
        const rows = planRows(
            [
                plan('old', 'Old', '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
                plan('next', 'Next', '2026-01-01T00:00:00Z', null),
                plan('now', 'Now', '2025-01-01T00:00:00Z', null),
                plan('older', 'Older', '2019-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
                plan('later', 'Later', '2027-01-01T00:00:00Z', null)
            ],
            new Date('2025-06-01T00:00:00Z')
        );
        expect(rows.map((r) => [r.planName, r.phaseLabel])).toEqual([
            ['Now', 'Current'],
            ['Later', 'Upcoming'],
            ['Next', 'Upcoming'],
            ['Old', 'Past'],
            ['Older', 'Past']
        ]);
    });

    it('names a plan by its Metronome ID when the plan name is empty', () => {
        const [row] = planRows([plan('x', null, '2025-01-01T00:00:00Z', null)], new Date('2025-06-01T00:00:00Z'));
        expect(row.planName).toBe('plan-x');
    });

    it('treats a plan that ended exactly now as past', () => {
        const [row] = planRows([plan('x', 'X', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z')], new Date('2025-06-01T00:00:00Z'));
        expect(row.phase).toBe('past');
    });

    it('shows the plans in a table whose plan names wrap', () => {
        const element = createElement('c-customer-plans', { is: CustomerPlans });
        element.plans = plans();
        document.body.appendChild(element);
        const table = element.shadowRoot.querySelector('lightning-datatable');
        expect(table.data.map((r) => r.planName)).toEqual(['Enterprise 2025', 'Starter']);
        expect(table.columns[0].wrapText).toBe(true);
    });

    it('says so when the customer has no plans', () => {
        const element = createElement('c-customer-plans', { is: CustomerPlans });
        element.plans = [];
        document.body.appendChild(element);
        expect(element.shadowRoot.querySelector('p').textContent).toBe('This customer has no plans.');
    });
});
