import { LightningElement, api } from 'lwc';
import { fieldValue, formatAmount, formatDate, formatLabel, remainingPercent } from 'c/formatting';
import GRANT_NAME from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.Name';
import REASON from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Reason__c';
import CREDIT_TYPE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Credit_Type__c';
import BALANCE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Balance_Including_Pending__c';
import INITIAL_BALANCE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Initial_Balance__c';
import EFFECTIVE from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Effective_Date__c';
import EXPIRATION from '@salesforce/schema/NOME__Metronome_Credit_Grant__c.NOME__Expiration_Date__c';
import HEADING from '@salesforce/label/c.Metronome_Grants_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Grants_Empty';
import BALANCE_LINE from '@salesforce/label/c.Metronome_Grants_Balance_Line';
import PERIOD_LINE from '@salesforce/label/c.Metronome_Grants_Period_Line';
import PROGRESS_LABEL from '@salesforce/label/c.Metronome_Grants_Progress_Label';
import CHART_LABEL from '@salesforce/label/c.Metronome_Grants_Chart_Label';

/** Drawing area of each grant's balance chart (viewBox units). */
const CHART = { width: 320, height: 64, pad: 4 };

/**
 * What the org knows of a grant's balance over its life: the initial balance on its effective date and the
 * balance (pending usage included) today, or on its expiration date once it has expired. The org keeps no
 * ledger, so these two points are the whole history; the chart's span runs to the expiration date.
 */
export function grantBalanceHistory(node, now = new Date()) {
    const start = Date.parse(fieldValue(node, EFFECTIVE) ?? '');
    const expiration = Date.parse(fieldValue(node, EXPIRATION) ?? '');
    const initial = Number(fieldValue(node, INITIAL_BALANCE));
    const balance = Number(fieldValue(node, BALANCE) ?? initial);
    if (!Number.isFinite(start) || !Number.isFinite(initial)) return undefined;
    const today = now.getTime();
    const asOf = Math.max(start, Number.isFinite(expiration) ? Math.min(today, expiration) : today);
    const end = Number.isFinite(expiration) ? Math.max(expiration, asOf) : asOf;
    return {
        start,
        end,
        points: [
            { at: start, amount: initial },
            { at: asOf, amount: Number.isFinite(balance) ? balance : initial }
        ]
    };
}

/** SVG geometry of a balance history: the line through its points, the area under it, a dot on the latest point. */
export function balanceChartGeometry(history) {
    const { width, height, pad } = CHART;
    const top = Math.max(...history.points.map((p) => p.amount), 0) || 1;
    const span = history.end - history.start || 1;
    const x = (at) => pad + ((at - history.start) / span) * (width - 2 * pad);
    const y = (amount) => pad + (1 - Math.max(0, amount) / top) * (height - 2 * pad);
    const coords = history.points.map((p) => [x(p.at).toFixed(1), y(p.amount).toFixed(1)]);
    const line = coords.map(([cx, cy], i) => `${i === 0 ? 'M' : 'L'}${cx},${cy}`).join(' ');
    const [lastX, lastY] = coords[coords.length - 1];
    return {
        viewBox: `0 0 ${width} ${height}`,
        line,
        area: `${line} L${lastX},${height - pad} L${coords[0][0]},${height - pad} Z`,
        dotX: lastX,
        dotY: lastY,
        // A zero-length stroke with round caps: a dot that stays round when the chart stretches to its width.
        dot: `M${lastX},${lastY} l0,0`,
        baseline: height - pad,
        endX: (width - pad).toFixed(1)
    };
}

/** A credit grant as the list shows it: pending-inclusive balance against the initial balance, in the grant's credit type. */
export function grantItem(node, now = new Date()) {
    const creditType = fieldValue(node, CREDIT_TYPE);
    const balance = fieldValue(node, BALANCE);
    const initial = fieldValue(node, INITIAL_BALANCE);
    const percent = remainingPercent(balance, initial);
    const title = fieldValue(node, GRANT_NAME) || fieldValue(node, REASON) || '';
    return {
        id: node.Id,
        title,
        reason: title === fieldValue(node, REASON) ? '' : fieldValue(node, REASON) ?? '',
        creditType: creditType ?? '',
        balanceLine: formatLabel(BALANCE_LINE, formatAmount(balance ?? 0, creditType), formatAmount(initial ?? 0, creditType), percent),
        periodLine: formatLabel(PERIOD_LINE, formatDate(fieldValue(node, EFFECTIVE)), formatDate(fieldValue(node, EXPIRATION))),
        percent,
        progressLabel: formatLabel(PROGRESS_LABEL, title, percent),
        chart: grantChart(node, title, creditType, now)
    };
}

function grantChart(node, title, creditType, now) {
    const history = grantBalanceHistory(node, now);
    if (!history) return undefined;
    const [first, last] = history.points;
    const day = (at) => formatDate(new Date(at).toISOString());
    return {
        ...balanceChartGeometry(history),
        label: formatLabel(CHART_LABEL, title, formatAmount(first.amount, creditType), day(first.at), formatAmount(last.amount, creditType), day(last.at))
    };
}

export default class CreditGrants extends LightningElement {
    /** NOME__Metronome_Credit_Grant__c nodes. */
    @api grants;

    labels = { heading: HEADING, empty: EMPTY };

    get items() {
        return (this.grants ?? []).map((node) => grantItem(node));
    }

    get hasItems() {
        return this.items.length > 0;
    }
}
