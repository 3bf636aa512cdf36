/**
 * Amounts in the units people read (see README.md, "Money"). Metronome names each credit type (pricing unit) and
 * carries amounts in it; for a fiat currency whose name says it counts minor units ("USD (cents)") the org stores
 * the currency's major units under its ISO 4217 code, every other credit type as it is, under its own name.
 */

export interface OrgMoney {
  /** An exact decimal string for converted amounts, the Metronome value itself otherwise. */
  amount: number | string | null | undefined;
  /** What the org's currency / credit type field holds: the ISO code for fiat minor units, else the name. */
  unit: string | null | undefined;
}

/** "<ISO 4217 code> (cents)": how Metronome names a fiat credit type counted in hundredths (docs: "USD (cents)"). */
const CENTS_NAME = /^\s*([A-Za-z]{3})\s*\(\s*cents\s*\)\s*$/i;
const CENTS_PER_UNIT_DIGITS = 2;

let isoCodes: Set<string> | undefined;
function isIsoCurrency(code: string): boolean {
  isoCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return isoCodes.has(code);
}

/** The ISO 4217 code and how many decimal places the amounts are shifted by, when the credit type is fiat in minor units. */
export function fiatMinorUnits(
  creditTypeName: string | null | undefined,
): { code: string; digits: number } | undefined {
  const fiat = fiatOf(creditTypeName);
  return fiat ? { ...fiat } : undefined;
}

/** An account has a handful of credit types, each named on every amount: each name is read once. */
const FIAT_BY_NAME = new Map<string, Readonly<{ code: string; digits: number }> | null>();
const MAX_NAMES = 1_000;

function fiatOf(creditTypeName: string | null | undefined): Readonly<{ code: string; digits: number }> | undefined {
  if (!creditTypeName) return undefined;
  let fiat = FIAT_BY_NAME.get(creditTypeName);
  if (fiat === undefined) {
    const code = CENTS_NAME.exec(creditTypeName)?.[1]!.toUpperCase();
    fiat = code && isIsoCurrency(code) ? { code, digits: CENTS_PER_UNIT_DIGITS } : null;
    if (FIAT_BY_NAME.size < MAX_NAMES) FIAT_BY_NAME.set(creditTypeName, fiat);
  }
  return fiat ?? undefined;
}

/** A Metronome amount in a credit type, as the org stores it (the rule above). */
export function toOrgMoney(amount: number | null | undefined, creditTypeName: string | null | undefined): OrgMoney {
  const fiat = fiatOf(creditTypeName);
  if (!fiat) return { amount, unit: creditTypeName };
  const converted =
    typeof amount === 'number' && Number.isFinite(amount) ? shiftDecimalPoint(amount, -fiat.digits) : amount;
  return { amount: converted, unit: fiat.code };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * value × 10^places, exactly, as a plain decimal string: done on the number's shortest decimal form (what JSON
 * carried), so 1999 cents is "19.99" and 0.1 + 0.2 style binary drift never appears.
 */
export function shiftDecimalPoint(value: number, places: number): string {
  if (places < 0 && Number.isSafeInteger(value)) return shiftedInteger(value, places);
  const match = DECIMAL.exec(String(value));
  if (!match) throw new Error(`not a finite decimal number: ${value}`);
  const [, sign, intPart, fracPart = '', exp = '0'] = match;
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  // The decimal point sits `point` digits from the left of `digits`.
  const point = intPart.length - (intPart.length + fracPart.length - digits.length) + Number(exp) + places;
  const padded =
    point <= 0
      ? '0'.repeat(1 - point) + digits
      : point > digits.length
        ? digits + '0'.repeat(point - digits.length)
        : digits;
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(at).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return sign && /[1-9]/.test(text) ? `-${text}` : text;
}

/** shiftDecimalPoint of an integer to the right (cents to dollars), on its digits without a pattern. */
function shiftedInteger(value: number, places: number): string {
  const digits = String(Math.abs(value));
  const point = digits.length + places;
  const whole = point > 0 ? digits.slice(0, point) : '0';
  let fraction = point > 0 ? digits.slice(point) : '0'.repeat(-point) + digits;
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 0x30) end--;
  fraction = fraction.slice(0, end);
  const text = fraction ? `${whole}.${fraction}` : whole;
  return value < 0 ? `-${text}` : text;
}
