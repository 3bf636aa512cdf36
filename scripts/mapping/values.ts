/**
 * Value conversions from Metronome's JSON onto Salesforce field types. Pure functions; each returns either the
 * value to write or a problem the caller turns into a RecordError.
 */

export type Converted<T> = { ok: true; value: T; truncated?: boolean } | { ok: false; code: string; message: string };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to at most `max` UTF-16 units, only between grapheme clusters, so no surrogate pair, combining mark
 * or ZWJ emoji sequence is ever split. The budget is UTF-16 units because that is how Salesforce counts field
 * length (a surrogate pair such as an emoji counts as two); a budget in code points could still be rejected.
 */
export function truncateText(text: string, max: number): { value: string; truncated: boolean } {
  if (text.length <= max) return { value: text, truncated: false };
  if (simpleBreakBefore(text, max)) return { value: text.slice(0, max), truncated: true };
  // Clusters are only looked for after the last simple break: nothing before it changes where they end.
  let start = max;
  while (start > 0 && !simpleBreakBefore(text, start)) start--;
  let end = start;
  // The cluster boundaries up to `max` depend on no more than the code point at `max` (UTF-16 units max, max + 1).
  for (const { segment } of segmenter.segment(text.slice(start, max + 2))) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return { value: text.slice(0, end), truncated: true };
}

/**
 * Whether a grapheme cluster surely ends before `at`: the units on both sides are ASCII and not CR LF. No Unicode
 * rule joins two such characters (Extend, ZWJ, SpacingMark, Prepend, emoji and regional-indicator sequences are
 * all non-ASCII), and none joins across one, so what comes before `at` never changes the clusters after it.
 */
function simpleBreakBefore(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before < 0x80 && after < 0x80 && !(before === 0x0d && after === 0x0a);
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Rounds half away from zero at `scale` decimals, on the number's shortest decimal form (what JSON carries and
 * what Salesforce would read) or on an exact decimal string (money converted to major units), so 1.005 becomes
 * 1.01 and not the binary-float 1.00; then checks the integer
 * digits against precision − scale. Out of range is a problem, never a clamp.
 */
export function toSalesforceNumber(value: number | string, precision: number, scale: number): Converted<number> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, code: 'INVALID_NUMBER', message: `not a finite number: ${value}` };
    const kept = keptAsItIs(value, precision - scale, scale);
    if (kept !== undefined) return { ok: true, value: kept };
  }
  const text = typeof value === 'string' ? value.trim() : String(value);
  const plain = plainDecimal(text, precision, scale);
  if (plain !== undefined) return { ok: true, value: plain };
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, code: 'INVALID_NUMBER', message: `not a decimal number: ${value}` };
  const [, sign, intPart, fracPart = '', exp = '0'] = match;
  // All digits as one integer, with the decimal point `pointShift` places from the right.
  const digits = BigInt(intPart + fracPart);
  const pointShift = fracPart.length - Number(exp);
  const rounded = roundScaled(digits, pointShift, scale);
  const limit = 10n ** BigInt(precision);
  if (rounded >= limit) {
    return {
      ok: false,
      code: 'NUMBER_OUTSIDE_VALID_RANGE',
      message: `value outside of valid range on numeric field: ${value} (at most ${precision - scale} digits before the decimal point)`,
    };
  }
  const unit = 10n ** BigInt(scale);
  const result = Number(`${rounded / unit}.${(rounded % unit).toString().padStart(scale, '0')}`);
  return { ok: true, value: sign === '-' && result !== 0 ? -result : result };
}

/** 10^0 … 10^22, each exact as a double (read from its decimal form, not computed). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, n) => Number(`1e${n}`));

/**
 * The commonest cases, without any text: a number with at most `integerDigits` digits before the point and no more
 * decimals than the field keeps is written as it is (−0 as 0, as its decimal form "0" reads). Undefined otherwise.
 */
function keptAsItIs(value: number, integerDigits: number, scale: number): number | undefined {
  const limit = POWERS_OF_TEN[integerDigits];
  if (limit === undefined || (!(Math.abs(value) < limit) && !(Math.abs(value) < 1))) return undefined;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  // When some decimal with at most `scale` decimals (units / 10^scale, both exact) reads as this very number, its
  // shortest decimal form (what String gives and the general path rounds) has no more decimals: nothing to round.
  const unit = POWERS_OF_TEN[scale];
  if (unit === undefined) return undefined;
  const units = Math.round(value * unit);
  return Math.abs(units) <= Number.MAX_SAFE_INTEGER && units / unit === value ? value : undefined;
}

/**
 * A decimal written without exponent (`-?digits(.digits)?`, what String gives most numbers and what money
 * conversion gives), read by hand rather than by pattern: rounded and checked by plainInRange. Undefined for any
 * other form and for a value out of range (the general path says which).
 */
function plainDecimal(text: string, precision: number, scale: number): number | undefined {
  const negative = text.charCodeAt(0) === 0x2d;
  const start = negative ? 1 : 0;
  let point = -1;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && point < 0 && i > start) point = i;
    else if (c < 0x30 || c > 0x39) return undefined;
  }
  if (text.length === start || point === text.length - 1) return undefined;
  const plain =
    point < 0
      ? plainInRange(text.slice(start), '', precision, scale)
      : plainInRange(text.slice(start, point), text.slice(point + 1), precision, scale);
  return negative && plain !== undefined && plain !== 0 ? -plain : plain;
}

/**
 * The common cases without BigInt: the decimal's digits rounded half away from zero at `scale` (the first dropped
 * digit decides), then at most `precision − scale` digits before the point. The value is then the rounded decimal
 * (parsing a decimal string rounds correctly, as the general path's does). Undefined when out of range.
 */
function plainInRange(intPart: string, fracPart: string, precision: number, scale: number): number | undefined {
  if (fracPart.length <= scale) {
    // Nothing to round: the digits before the point decide the range ("0" fits any field).
    let first = 0;
    while (first < intPart.length - 1 && intPart.charCodeAt(first) === 0x30) first++;
    const digits = intPart.length - first;
    if (digits > precision - scale && !(digits === 1 && intPart.charCodeAt(first) === 0x30)) return undefined;
    return Number(fracPart ? `${intPart}.${fracPart}` : intPart);
  }
  // The value in units of 10^(−scale), rounded down, then up when the first dropped digit is 5 or more.
  let digits = intPart + fracPart.slice(0, scale);
  if (fracPart.charCodeAt(scale) >= 0x35) digits = incremented(digits);
  let first = 0;
  while (first < digits.length - 1 && digits.charCodeAt(first) === 0x30) first++;
  if (digits.length - first > precision && !(digits.length - first === 1 && digits.charCodeAt(first) === 0x30))
    return undefined;
  const point = digits.length - scale;
  return Number(scale === 0 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** A string of decimal digits plus one ("199" → "200", "99" → "100"). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 0x39) i--;
  const carried = '0'.repeat(digits.length - 1 - i);
  return i < 0 ? `1${carried}` : `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${carried}`;
}

/** digits·10^(−pointShift) expressed in units of 10^(−scale), rounded half up on the magnitude. */
function roundScaled(digits: bigint, pointShift: number, scale: number): bigint {
  const shift = scale - pointShift;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = digits / divisor;
  return (digits % divisor) * 2n >= divisor ? quotient + 1n : quotient;
}

function parseTimestamp(value: string): Date | undefined {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The ISO instant (`toISOString`) of a timestamp already written that way, or with whole seconds
 * (`YYYY-MM-DDTHH:MM:SSZ`), read without a Date: what Metronome sends. Undefined for any other form, or a
 * day or time that does not exist; those go through Date.
 */
function canonicalInstant(value: string): string | undefined {
  const withMillis = value.length === 24;
  if (!withMillis && value.length !== 20) return undefined;
  if (value.charCodeAt(value.length - 1) !== 0x5a /* Z */) return undefined;
  if (withMillis && (value[19] !== '.' || !digitsAt(value, 20, 3))) return undefined;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':')
    return undefined;
  if (!digitsAt(value, 0, 4) || !digitsAt(value, 5, 2) || !digitsAt(value, 8, 2)) return undefined;
  if (!digitsAt(value, 11, 2) || !digitsAt(value, 14, 2) || !digitsAt(value, 17, 2)) return undefined;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (Number(value.slice(11, 13)) > 23 || Number(value.slice(14, 16)) > 59 || Number(value.slice(17, 19)) > 59)
    return undefined;
  return withMillis ? value : `${value.slice(0, 19)}.000Z`;
}

function digitsAt(text: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Timestamps repeat (period starts and ends): each canonical one is read once. */
const INSTANTS = new Map<string, string>();
const MAX_INSTANTS = 10_000;

/** The ISO instant of a timestamp, or undefined when it is not one. */
function isoInstant(value: string): string | undefined {
  const known = INSTANTS.get(value);
  if (known !== undefined) return known;
  const instant = canonicalInstant(value);
  if (instant === undefined) return parseTimestamp(value)?.toISOString();
  if (INSTANTS.size < MAX_INSTANTS) INSTANTS.set(value, instant);
  return instant;
}

/** The UTC day (`YYYY-MM-DD`) of a timestamp, or undefined when it is not one. */
export function utcDay(value: string): string | undefined {
  return isoInstant(value)?.slice(0, 10);
}

/** A Date field takes the UTC calendar day of the timestamp (`YYYY-MM-DD`). */
export function toSalesforceDate(value: string): Converted<string> {
  const day = utcDay(value);
  if (day === undefined) return { ok: false, code: 'INVALID_DATE', message: `not a timestamp: ${value}` };
  return { ok: true, value: day };
}

/** A DateTime field takes the instant in ISO 8601 UTC with milliseconds. */
export function toSalesforceDateTime(value: string): Converted<string> {
  const instant = isoInstant(value);
  if (instant === undefined) return { ok: false, code: 'INVALID_DATE', message: `not a timestamp: ${value}` };
  return { ok: true, value: instant };
}
