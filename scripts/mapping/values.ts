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
  let end = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return { value: text.slice(0, end), truncated: true };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Rounds half away from zero at `scale` decimals, on the number's shortest decimal form (what JSON carries and
 * what Salesforce would read) or on an exact decimal string (money converted to major units), so 1.005 becomes
 * 1.01 and not the binary-float 1.00; then checks the integer
 * digits against precision − scale. Out of range is a problem, never a clamp.
 */
export function toSalesforceNumber(value: number | string, precision: number, scale: number): Converted<number> {
  if (typeof value === 'number' && !Number.isFinite(value))
    return { ok: false, code: 'INVALID_NUMBER', message: `not a finite number: ${value}` };
  const match = DECIMAL.exec(typeof value === 'string' ? value.trim() : String(value));
  if (!match) return { ok: false, code: 'INVALID_NUMBER', message: `not a decimal number: ${value}` };
  const [, sign, intPart, fracPart = '', exp = '0'] = match;
  const plain =
    exp === '0' && fracPart.length <= scale ? plainInRange(intPart, fracPart, precision - scale) : undefined;
  if (plain !== undefined) return { ok: true, value: sign === '-' && plain !== 0 ? -plain : plain };
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
  const text = `${rounded / unit}.${(rounded % unit).toString().padStart(scale, '0')}`;
  const result = Number(text);
  return { ok: true, value: sign === '-' && result !== 0 ? -result : result };
}

/**
 * The common case without BigInt: no exponent, no more decimals than the field keeps (nothing to round), and at
 * most `integerDigits` digits before the point. The value is then the decimal as written (parsing a decimal
 * string rounds correctly, as the general path's does). Undefined otherwise.
 */
function plainInRange(intPart: string, fracPart: string, integerDigits: number): number | undefined {
  let first = 0;
  while (first < intPart.length - 1 && intPart[first] === '0') first++;
  const digits = intPart.length - first;
  if (digits > integerDigits && !(digits === 1 && intPart[first] === '0')) return undefined;
  return Number(fracPart ? `${intPart}.${fracPart}` : intPart);
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

/** A Date field takes the UTC calendar day of the timestamp (`YYYY-MM-DD`). */
export function toSalesforceDate(value: string): Converted<string> {
  const date = parseTimestamp(value);
  if (!date) return { ok: false, code: 'INVALID_DATE', message: `not a timestamp: ${value}` };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

/** A DateTime field takes the instant in ISO 8601 UTC with milliseconds. */
export function toSalesforceDateTime(value: string): Converted<string> {
  const date = parseTimestamp(value);
  if (!date) return { ok: false, code: 'INVALID_DATE', message: `not a timestamp: ${value}` };
  return { ok: true, value: date.toISOString() };
}
