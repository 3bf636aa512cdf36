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
  const match = creditTypeName ? CENTS_NAME.exec(creditTypeName) : null;
  const code = match?.[1]!.toUpperCase();
  return code && isIsoCurrency(code) ? { code, digits: CENTS_PER_UNIT_DIGITS } : undefined;
}

/** A Metronome amount in a credit type, as the org stores it (the rule above). */
export function toOrgMoney(amount: number | null | undefined, creditTypeName: string | null | undefined): OrgMoney {
  const fiat = fiatMinorUnits(creditTypeName);
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
