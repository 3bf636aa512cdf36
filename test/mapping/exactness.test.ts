/**
 * The mapping's fast paths give exactly what their definitions give: canonical JSON (external IDs of line items and
 * the state's digests depend on it), decimal rounding (every Number and Currency field), text truncation, timestamps
 * and cents to dollars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  shiftDecimalPoint,
  toSalesforceDate,
  toSalesforceDateTime,
  toSalesforceId18,
  toSalesforceNumber,
  truncateText,
} from '../../scripts/mapping/index.ts';

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

  it('is the sorted-keys JSON of deeply nested values too, and refuses a cycle as JSON.stringify does', () => {
    let deep: unknown = { b: 1, a: 'leaf' };
    for (let i = 0; i < 1000; i++) deep = i % 2 ? [deep, i] : { z: deep, y: i };
    expect(canonicalJson(deep)).toBe(sortedByDefinition(deep));
    const cyclic: Record<string, unknown> = { b: 1 };
    cyclic.a = [cyclic];
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
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

describe('decimal rounding of numbers with few decimals (amounts, quantities)', () => {
  it('keeps or rounds them as the definition does, at any scale', () => {
    const number = fc
      .tuple(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 9 }))
      .map(([units, decimals]) => Number(`${units}e-${decimals}`));
    const field = fc
      .integer({ min: 1, max: 18 })
      .chain((precision) => fc.tuple(fc.constant(precision), fc.integer({ min: 0, max: Math.min(precision, 8) })));
    fc.assert(
      fc.property(number, field, (value, [precision, scale]) => {
        const expected = roundedByDefinition(decimalText(value), precision, scale);
        const converted = toSalesforceNumber(value, precision, scale);
        if (expected === undefined) expect(converted).toMatchObject({ ok: false, code: 'NUMBER_OUTSIDE_VALID_RANGE' });
        else expect(converted).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 10000 },
    );
  });
});

/** A number's shortest decimal form without an exponent (what JSON would have carried), for the reference. */
function decimalText(n: number): string {
  return Math.abs(n) >= 1e21 || (n !== 0 && Math.abs(n) < 1e-6)
    ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 100 })
    : String(n);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The definition: whole grapheme clusters of the text, from its start, while they fit in `max` UTF-16 units. */
function cutByDefinition(text: string, max: number): string {
  let end = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/** Pieces that join into clusters (or must not): ASCII, CR LF, accents, emoji with modifiers and ZWJ, flags, Hangul. */
const PIECES = [
  'a',
  'Z',
  ' ',
  '.',
  '\r',
  '\n',
  '\r\n',
  'e\u0301',
  '\u0301',
  '😀',
  '👩🏽‍💻',
  '\u200d',
  '🇫🇷',
  '🇩',
  'Ü',
  '한',
  '\u1100\u1161',
  'क्ष',
  '\u0600',
  '\ud800',
];

describe('text truncation', () => {
  it('cuts where the grapheme clusters of the whole text allow, whatever surrounds the cut', () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, fc.nat(40), (value, max) => {
        const expected = cutByDefinition(value, max);
        expect(truncateText(value, max)).toEqual({ value: expected, truncated: value.length > max });
      }),
      { numRuns: 5000 },
    );
  });
});

describe('timestamps', () => {
  const byDate = (value: string) => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  };
  it('give the instant and the day Date gives, for canonical forms, other forms and days that do not exist', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const timestamp = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(13),
        two(32),
        two(25),
        two(60),
        two(60),
        fc.constantFrom('.000Z', '.123Z', 'Z', '', '+00:00', '-02:00', '.5Z', '.1234Z', 'z'),
      )
      .map(([y, mo, d, h, mi, s, end]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${end}`);
    fc.assert(
      fc.property(fc.oneof(timestamp, fc.string()), (value) => {
        const instant = byDate(value);
        const dateTime = toSalesforceDateTime(value);
        const date = toSalesforceDate(value);
        if (instant === undefined) {
          expect(dateTime).toMatchObject({ ok: false, code: 'INVALID_DATE' });
          expect(date).toMatchObject({ ok: false, code: 'INVALID_DATE' });
        } else {
          expect(dateTime).toEqual({ ok: true, value: instant });
          expect(date).toEqual({ ok: true, value: instant.slice(0, 10) });
        }
      }),
      { numRuns: 5000 },
    );
    const leapDays = [
      '2024-02-29T12:00:00.000Z',
      '2000-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2025-02-29T00:00:00Z',
    ];
    for (const value of leapDays) {
      const instant = byDate(value);
      expect(toSalesforceDateTime(value)).toEqual(
        instant ? { ok: true, value: instant } : expect.objectContaining({ ok: false }),
      );
    }
  });
});

describe('cents to dollars', () => {
  /** The definition on exact integers: the digits with the point `places` from the right, trailing zeros dropped. */
  const shiftedByDefinition = (value: number, places: number) => {
    const digits = (value < 0 ? -BigInt(value) : BigInt(value)).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
    const text = fraction ? `${whole}.${fraction}` : whole;
    return value < 0 ? `-${text}` : text;
  };
  it('shifts any safe integer exactly', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: 4 }), (value, places) => {
        expect(shiftDecimalPoint(value, -places)).toBe(shiftedByDefinition(value, places));
      }),
      { numRuns: 5000 },
    );
    expect(shiftDecimalPoint(-0, -2)).toBe('0');
  });
});

describe('Salesforce IDs', () => {
  it('read an 18-character ID in any case as the ID its suffix says', () => {
    const id15 = fc.stringMatching(/^[a-zA-Z0-9]{15}$/);
    const flips = fc.array(fc.boolean(), { minLength: 18, maxLength: 18 });
    fc.assert(
      fc.property(id15, flips, (id, flip) => {
        const id18 = toSalesforceId18(id)!;
        expect(id18.slice(0, 15)).toBe(id);
        const variant = [...id18].map((c, i) =>
          flip[i] ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c,
        );
        expect(toSalesforceId18(variant.join(''))).toBe(id18);
      }),
      { numRuns: 2000 },
    );
  });
});
