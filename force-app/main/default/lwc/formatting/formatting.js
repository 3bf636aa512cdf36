/**
 * Pure helpers every Metronome component shares: reading GraphQL nodes, formatting amounts in a
 * credit type, filling label templates and turning errors into messages. No DOM, no wire.
 */
import LOCALE from '@salesforce/i18n/locale';
import UNKNOWN_ERROR from '@salesforce/label/c.Metronome_Unknown_Error';

/** The nodes of a GraphQL connection (`{ edges: [{ node }] }`); [] when the connection is missing. */
export function nodesOf(connection) {
    return (connection?.edges ?? []).map((edge) => edge.node).filter(Boolean);
}

/**
 * The value of a field on a GraphQL node. `field` is a schema import (`{ fieldApiName }`) or an API
 * name; a dotted path such as `NOME__Account__r.Name` follows the parent relationship.
 */
export function fieldValue(node, field) {
    const path = (typeof field === 'string' ? field : field?.fieldApiName ?? '').split('.');
    let current = node;
    for (const segment of path) current = current?.[segment];
    return current?.value ?? null;
}

/** Like fieldValue, but the picklist's translated label when the node carries one. */
export function fieldDisplayValue(node, field) {
    const name = typeof field === 'string' ? field : field?.fieldApiName;
    return node?.[name]?.displayValue ?? fieldValue(node, field);
}

let isoCodes;
/** True when `code` is an ISO 4217 currency the browser knows (Metronome credit types may be "credits"). */
export function isIsoCurrencyCode(code) {
    if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
    if (!isoCodes) {
        isoCodes = typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;
    }
    return isoCodes ? isoCodes.has(code) : true;
}

/**
 * An amount in a Metronome credit type: `$1,234.50` for an ISO currency, `1,234.50 credits` for a custom
 * unit, the bare number when there is no unit, '' when there is no amount.
 */
export function formatAmount(amount, unit, locale = LOCALE) {
    if (amount === null || amount === undefined || amount === '' || Number.isNaN(Number(amount))) return '';
    const value = Number(amount);
    if (isIsoCurrencyCode(unit)) {
        return new Intl.NumberFormat(locale, { style: 'currency', currency: unit }).format(value);
    }
    // A fractional amount shows two decimals (142.80, not 142.8) so a column of totals lines up; a whole one none.
    const decimals = Number.isInteger(value) ? 0 : 2;
    const number = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: 2 }).format(value);
    return unit ? `${number} ${unit}` : number;
}

/** A date or date-time value in the user's locale; '' when empty. Date-only values are not shifted by time zone. */
export function formatDate(value, locale = LOCALE) {
    if (!value) return '';
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: dateOnly ? 'UTC' : undefined }).format(date);
}

/** Fills `{0}`, `{1}`… in a custom label. */
export function formatLabel(template, ...values) {
    return String(template ?? '').replace(/\{(\d+)\}/g, (match, index) => (values[index] === undefined ? match : String(values[index])));
}

/** How much of a credit grant is left, 0 to 100; 0 when the grant had no initial balance. */
export function remainingPercent(balance, initial) {
    const total = Number(initial);
    if (!total || Number.isNaN(total)) return 0;
    const ratio = (Number(balance) / total) * 100;
    return Math.max(0, Math.min(100, Math.round(ratio)));
}

/** Where a plan stands on `now`: 'upcoming', 'current' or 'past'. An open end means it never ends. */
export function planPhase(startingOn, endingOn, now = new Date()) {
    const at = now.getTime();
    if (startingOn && new Date(startingOn).getTime() > at) return 'upcoming';
    if (endingOn && new Date(endingOn).getTime() <= at) return 'past';
    return 'current';
}

/** Messages from GraphQL `errors` ([{ message }]), an LDS error ({ body }) or an Error; never empty. */
export function errorMessages(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    const messages = list
        .flatMap((error) => {
            if (!error) return [];
            if (Array.isArray(error.body)) return error.body.map((entry) => entry.message);
            return [error.body?.message ?? error.message ?? (typeof error === 'string' ? error : undefined)];
        })
        .filter(Boolean);
    return messages.length > 0 ? [...new Set(messages)] : [UNKNOWN_ERROR];
}
