import { LightningElement, api } from 'lwc';
import { fieldDisplayValue, fieldValue, formatAmount, formatLabel, isIsoCurrencyCode } from 'c/formatting';
import LOCALE from '@salesforce/i18n/locale';
import STATUS from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Status__c';
import START from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Start__c';
import END from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__End__c';
import TOTAL from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Total__c';
import CURRENCY from '@salesforce/schema/NOME__Metronome_Invoice__c.NOME__Currency__c';
import HEADING from '@salesforce/label/c.Metronome_Chart_Invoices_Heading';
import SUMMARY from '@salesforce/label/c.Metronome_Chart_Invoices_Summary';
import EMPTY from '@salesforce/label/c.Metronome_Chart_Invoices_Empty';

export const MONTHS_SHOWN = 12;
/** Drawing area of the SVG (viewBox units); the chart scales to its container's width. */
const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 56, right: 12, top: 12, bottom: 28 };
/** Colors by invoice status, from SLDS's palette; other statuses share the last one. */
const STATUS_COLORS = { FINALIZED: '#2e844a', DRAFT: '#dd7a01', VOID: '#939393' };
const OTHER_COLOR = '#0176d3';
const STATUS_ORDER = ['FINALIZED', 'DRAFT', 'VOID'];

/** `2026-03` for a date or date-time value; the month an invoice counts in is its period's end (when it is issued). */
function monthKey(value) {
    return typeof value === 'string' && /^\d{4}-\d{2}/.test(value) ? value.slice(0, 7) : undefined;
}

/** The last `count` months up to `now`, oldest first, as `YYYY-MM` keys. */
export function lastMonths(now = new Date(), count = MONTHS_SHOWN) {
    const keys = [];
    for (let back = count - 1; back >= 0; back--) {
        const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
        keys.push(`${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`);
    }
    return keys;
}

/**
 * Invoiced totals by month and status, one series per credit type (an ISO currency or a custom pricing unit:
 * amounts in different units are never added up). Months without invoices are present with total 0; invoices
 * outside the last twelve months are left out. Units with the most invoiced first.
 */
export function monthlyInvoiceTotals(invoices, now = new Date()) {
    const months = lastMonths(now);
    const byUnit = new Map();
    for (const node of invoices ?? []) {
        const month = monthKey(fieldValue(node, END) ?? fieldValue(node, START));
        const amount = Number(fieldValue(node, TOTAL));
        if (!month || !months.includes(month) || !Number.isFinite(amount)) continue;
        const unit = fieldValue(node, CURRENCY) ?? '';
        const status = fieldValue(node, STATUS) ?? '';
        if (!byUnit.has(unit)) byUnit.set(unit, { unit, statuses: new Map(), totals: new Map(months.map((m) => [m, new Map()])) });
        const series = byUnit.get(unit);
        series.statuses.set(status, fieldDisplayValue(node, STATUS) ?? status);
        const cell = series.totals.get(month);
        cell.set(status, (cell.get(status) ?? 0) + amount);
    }
    return [...byUnit.values()]
        .map(({ unit, statuses, totals }) => {
            const order = [...statuses.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
            const rows = months.map((month) => {
                const cell = totals.get(month);
                const segments = order.filter((s) => cell.has(s)).map((status) => ({ status, amount: round(cell.get(status)) }));
                return { month, segments, total: round(segments.reduce((sum, s) => sum + s.amount, 0)) };
            });
            return { unit, statuses: order.map((status) => ({ status, label: statuses.get(status) })), months: rows, invoiced: round(rows.reduce((sum, r) => sum + r.total, 0)) };
        })
        .sort((a, b) => b.invoiced - a.invoiced);
}

function rank(status) {
    const index = STATUS_ORDER.indexOf(status);
    return index === -1 ? STATUS_ORDER.length : index;
}

function round(amount) {
    return Math.round(amount * 100) / 100;
}

/** A "nice" axis maximum (1, 2, 2.5 or 5 × 10ⁿ) at or above `value`, so gridlines fall on round amounts. */
export function niceMax(value) {
    if (!(value > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value);
    return step * power;
}

function monthLabel(month, locale, withYear = false) {
    const [year, index] = month.split('-').map(Number);
    const format = withYear ? { month: 'short', year: '2-digit', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' };
    return new Intl.DateTimeFormat(locale, format).format(new Date(Date.UTC(year, index - 1, 1)));
}

/** Axis amounts kept short ($20K, 1.5M): a custom unit's name is in the caption, not on every gridline. */
export function axisLabel(amount, unit, locale) {
    const format = isIsoCurrencyCode(unit) ? { style: 'currency', currency: unit, notation: 'compact' } : { notation: 'compact' };
    return new Intl.NumberFormat(locale, format).format(amount);
}

/** SVG geometry for one unit's series: stacked bars per month, three gridlines, month labels. */
export function chartGeometry(series, locale = LOCALE) {
    const max = niceMax(Math.max(0, ...series.months.map((m) => m.total)));
    const plotWidth = WIDTH - PLOT.left - PLOT.right;
    const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
    const slot = plotWidth / series.months.length;
    const barWidth = Math.max(4, slot * 0.6);
    const y = (amount) => PLOT.top + plotHeight - (amount / max) * plotHeight;
    const bars = series.months.map((month, index) => {
        const x = PLOT.left + index * slot + (slot - barWidth) / 2;
        let base = 0;
        const rects = month.segments.map((segment) => {
            const top = y(base + segment.amount);
            const rect = {
                key: `${month.month}-${segment.status}`,
                x: x.toFixed(1),
                y: top.toFixed(1),
                width: barWidth.toFixed(1),
                height: (y(base) - top).toFixed(1),
                fill: STATUS_COLORS[segment.status] ?? OTHER_COLOR,
                title: `${monthLabel(month.month, locale)}: ${formatAmount(segment.amount, series.unit, locale)} ${series.statuses.find((s) => s.status === segment.status)?.label ?? segment.status}`
            };
            base += segment.amount;
            return rect;
        });
        // The year shows where it changes: on the first month and on each January.
        const withYear = index === 0 || month.month.endsWith('-01');
        return { key: month.month, rects, labelX: (x + barWidth / 2).toFixed(1), labelY: HEIGHT - 8, label: monthLabel(month.month, locale, withYear) };
    });
    const gridlines = [0, 0.5, 1].map((share) => ({
        key: `g${share}`,
        y: y(max * share).toFixed(1),
        x1: PLOT.left,
        x2: WIDTH - PLOT.right,
        labelX: PLOT.left - 6,
        label: axisLabel(max * share, series.unit, locale)
    }));
    const legend = series.statuses.map((s) => ({ key: s.status, label: s.label, style: `background-color: ${STATUS_COLORS[s.status] ?? OTHER_COLOR}` }));
    return { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, bars, gridlines, legend };
}

/** Invoiced totals of the last twelve months as stacked bars by status, drawn as SVG (no external service). */
export default class InvoiceChart extends LightningElement {
    /** NOME__Metronome_Invoice__c nodes (the customer summary's). */
    @api invoices;

    labels = { heading: HEADING, empty: EMPTY };

    get charts() {
        return monthlyInvoiceTotals(this.invoices).map((series) => ({
            key: series.unit || 'none',
            ...chartGeometry(series),
            summary: formatLabel(SUMMARY, formatAmount(series.invoiced, series.unit), MONTHS_SHOWN)
        }));
    }

    get hasCharts() {
        return this.charts.length > 0;
    }
}
