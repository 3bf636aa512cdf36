/**
 * The mapping's fast paths give exactly what their definitions give: canonical JSON (external IDs of line items and
 * the state's digests depend on it) and decimal rounding (every Number and Currency field).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, toSalesforceNumber } from '../../scripts/mapping/index.ts';

/** The definition: JSON.stringify with every object's entries sorted by key. */
const sortedByDefinition = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

const outcome = (f: () => unknown) => {
  try {
    return { text: f() };
  } catch {
    return { threw: true };
  }
};

describe('canonical JSON', () => {
  it('is the sorted-keys JSON of any value, odd ones included (index-like keys, toJSON, sparse arrays)', () => {
    fc.assert(
      fc.property(
        fc.anything({ withDate: true, withSparseArray: true, withNullPrototype: true, withMap: true, withSet: true }),
        (value) => {
          expect(outcome(() => canonicalJson(value))).toEqual(outcome(() => sortedByDefinition(value)));
        },
      ),
      { numRuns: 2000 },
    );
    const odd = { b: 1, 2: 'two', 10: 'ten', a: [undefined, { d: 1, c: undefined }], toJSON: undefined };
    expect(canonicalJson(odd)).toBe(sortedByDefinition(odd));
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"y":1,"x":2},"a":2}'))).toBe(
      '{"__proto__":{"x":2,"y":1},"a":2,"b":1}',
    );
  });
});

/** Rounding half away from zero at `scale` on the decimal digits with BigInt, as the definition reads. */
function roundedByDefinition(text: string, precision: number, scale: number): number | undefined {
  const [, sign, intPart, fracPart = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)!;
  const digits = BigInt(intPart + fracPart);
  const shift = scale - fracPart.length;
  const divisor = 10n ** BigInt(Math.max(0, -shift));
  const rounded =
    shift >= 0 ? digits * 10n ** BigInt(shift) : digits / divisor + ((digits % divisor) * 2n >= divisor ? 1n : 0n);
  if (rounded >= 10n ** BigInt(precision)) return undefined;
  const unit = 10n ** BigInt(scale);
  const value = Number(`${rounded / unit}.${(rounded % unit).toString().padStart(scale, '0')}`);
  return sign === '-' && value !== 0 ? -value : value;
}

describe('decimal rounding', () => {
  it('gives the exact decimal result for any digits, scale and precision', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,19}$/), fc.option(fc.stringMatching(/^\d{1,19}$/)))
      .map(([negative, int, frac]) => `${negative ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`);
    const field = fc
      .integer({ min: 1, max: 18 })
      .chain((precision) => fc.tuple(fc.constant(precision), fc.integer({ min: 0, max: precision })));
    fc.assert(
      fc.property(decimal, field, fc.boolean(), (text, [precision, scale], asNumber) => {
        const input = asNumber ? Number(text) : text;
        const expected = roundedByDefinition(asNumber ? decimalText(Number(text)) : text, precision, scale);
        const converted = toSalesforceNumber(input, precision, scale);
        if (expected === undefined) expect(converted).toMatchObject({ ok: false, code: 'NUMBER_OUTSIDE_VALID_RANGE' });
        else expect(converted).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 5000 },
    );
  });
});

/** A number's shortest decimal form without an exponent (what JSON would have carried), for the reference. */
function decimalText(n: number): string {
  return Math.abs(n) >= 1e21 || (n !== 0 && Math.abs(n) < 1e-6)
    ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 100 })
    : String(n);
}
