import { createElement } from 'lwc';
import InvoiceChart, { axisLabel, chartGeometry, lastMonths, monthlyInvoiceTotals, niceMax } from 'c/invoiceChart';

const invoice = (id, end, status, total, currency) => ({
    Id: id,
    Name: { value: id },
    NOME__Status__c: { value: status, displayValue: status.charAt(0) + status.slice(1).toLowerCase() },
    NOME__Start__c: { value: null },
    NOME__End__c: { value: end },
    NOME__Total__c: { value: total },
    NOME__Currency__c: { value: currency }
});

const NOW = new Date('2026-03-15T12:00:00Z');

describe('c-invoice-chart', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.useRealTimers();
    });

    it('covers the twelve months up to the current one, oldest first', () => {
        const months = lastMonths(NOW);
        expect(months).toHaveLength(12);
        expect(months[0]).toBe('2025-04');
        expect(months[11]).toBe('2026-03');
    });

    it('sums invoices per month and status, in the month their period ends', () => {
        const [usd] = monthlyInvoiceTotals(
            [
                invoice('a', '2026-03-01', 'FINALIZED', 100.1, 'USD'),
                invoice('b', '2026-03-01', 'FINALIZED', 50.2, 'USD'),
                invoice('c', '2026-03-01', 'DRAFT', 20, 'USD'),
                invoice('d', '2026-01-01', 'VOID', 5, 'USD')
            ],
            NOW
        );
        const march = usd.months.find((m) => m.month === '2026-03');
        expect(march.segments).toEqual([
            { status: 'FINALIZED', amount: 150.3 },
            { status: 'DRAFT', amount: 20 }
        ]);
        expect(march.total).toBe(170.3);
        expect(usd.months.find((m) => m.month === '2026-02')).toEqual({ month: '2026-02', segments: [], total: 0 });
        expect(usd.statuses.map((s) => s.label)).toEqual(['Finalized', 'Draft', 'Void']);
        expect(usd.invoiced).toBe(175.3);
    });

    it('never adds amounts of different units, and leaves out invoices older than a year', () => {
        const series = monthlyInvoiceTotals(
            [invoice('a', '2026-02-01', 'FINALIZED', 10, 'USD'), invoice('b', '2026-02-01', 'FINALIZED', 500, 'Compute credits'), invoice('c', '2025-03-01', 'FINALIZED', 999, 'USD')],
            NOW
        );
        expect(series.map((s) => [s.unit, s.invoiced])).toEqual([
            ['Compute credits', 500],
            ['USD', 10]
        ]);
    });

    it('keeps axis amounts short, leaving a custom unit to the caption', () => {
        expect(axisLabel(20000, 'USD', 'en-US')).toBe('$20K');
        expect(axisLabel(1500000, 'Compute credits', 'en-US')).toBe('1.5M');
    });

    it('rounds the axis up to a round amount', () => {
        expect([niceMax(0), niceMax(7), niceMax(12), niceMax(180), niceMax(2400), niceMax(9999.44)]).toEqual([1, 10, 20, 200, 2500, 10000]);
    });

    it('stacks each month’s statuses into one bar, as tall as the month’s share of the axis', () => {
        const [usd] = monthlyInvoiceTotals([invoice('a', '2026-03-01', 'FINALIZED', 150, 'USD'), invoice('b', '2026-03-01', 'DRAFT', 50, 'USD')], NOW);
        const geometry = chartGeometry(usd, 'en-US');
        const march = geometry.bars[11];
        // Axis max 200 over a 180-unit plot: 150 → 135 units, 50 → 45, the draft stacked on the finalized.
        expect(march.rects.map((r) => [r.height, r.y])).toEqual([
            ['135.0', '57.0'],
            ['45.0', '12.0']
        ]);
        expect(march.rects[0].title).toBe('Mar: $150.00 Finalized');
        expect(geometry.gridlines.map((g) => g.label)).toEqual(['$0', '$100', '$200']);
        expect(geometry.bars.map((b) => b.label).slice(0, 2)).toEqual(['Apr 25', 'May']);
        expect(geometry.bars[9].label).toBe('Jan 26');
    });

    it('renders one labelled SVG chart per unit and passes accessibility checks', async () => {
        jest.useFakeTimers().setSystemTime(NOW);
        const element = createElement('c-invoice-chart', { is: InvoiceChart });
        element.invoices = [invoice('a', '2026-03-01', 'FINALIZED', 9999.44, 'USD'), invoice('b', '2026-02-01', 'FINALIZED', 519562.02, 'Compute credits')];
        document.body.appendChild(element);
        const charts = element.shadowRoot.querySelectorAll('svg[role="img"]');
        expect([...charts].map((c) => c.getAttribute('aria-label'))).toEqual([
            '519,562.02 Compute credits invoiced in the last 12 months',
            '$9,999.44 invoiced in the last 12 months'
        ]);
        expect(element.shadowRoot.querySelectorAll('rect')).toHaveLength(2);
        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });

    it('says so when there is nothing to draw', () => {
        const element = createElement('c-invoice-chart', { is: InvoiceChart });
        element.invoices = [];
        document.body.appendChild(element);
        expect(element.shadowRoot.querySelector('p').textContent).toBe('No invoices in the last 12 months.');
    });
});
