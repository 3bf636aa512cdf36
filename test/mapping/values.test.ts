import { describe, expect, it } from 'vitest';
import {
  toSalesforceDate,
  toSalesforceDateTime,
  toSalesforceId18,
  toSalesforceNumber,
  truncateText,
} from '../../scripts/mapping/index.ts';

describe('text truncation', () => {
  it('leaves text within the length alone', () => {
    expect(truncateText('Acme', 80)).toEqual({ value: 'Acme', truncated: false });
  });

  it('cuts long text to the length, counting UTF-16 units as Salesforce does', () => {
    const { value, truncated } = truncateText('x'.repeat(300), 255);
    expect(truncated).toBe(true);
    expect(value).toHaveLength(255);
  });

  it('never splits an emoji (surrogate pair) at the boundary', () => {
    // 'ab' + 😀 (2 units): a cut at 3 units would leave half a surrogate pair.
    const { value } = truncateText('ab😀cd', 3);
    expect(value).toBe('ab');
  });

  it('never splits a ZWJ emoji sequence or a skin-tone modifier', () => {
    const dev = '👩🏽‍💻'; // 7 UTF-16 units, one character on screen
    expect(truncateText(`a${dev}b`, 5).value).toBe('a');
    expect(truncateText(`a${dev}b`, 8).value).toBe(`a${dev}`);
  });

  it('keeps a combining accent with its letter', () => {
    const e = 'e\u0301'; // é as e + combining acute
    expect(truncateText(`caf${e}!`, 4).value).toBe('caf');
  });
});

describe('numbers onto Number(16, 2)', () => {
  const n = (v: number) => toSalesforceNumber(v, 16, 2);

  it('rounds half away from zero on the decimal value (1.005 → 1.01, not the float 1.00)', () => {
    expect(n(1.005)).toEqual({ ok: true, value: 1.01 });
    expect(n(-1.005)).toEqual({ ok: true, value: -1.01 });
    expect(n(2.344)).toEqual({ ok: true, value: 2.34 });
    expect(n(1e-7)).toEqual({ ok: true, value: 0 });
  });

  it('keeps large and negative values in range', () => {
    expect(n(987654321098.765)).toEqual({ ok: true, value: 987654321098.77 });
    expect(n(-12345678901234.5)).toEqual({ ok: true, value: -12345678901234.5 });
    expect(n(99999999999999.98)).toEqual({ ok: true, value: 99999999999999.98 });
  });

  it('reports values beyond 14 integer digits (also after rounding) instead of clamping', () => {
    for (const v of [1e14, -1e14, 1.23456789e15, 1e300]) {
      const r = n(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    }
  });

  it('reports non-finite numbers', () => {
    expect(n(Number.NaN)).toMatchObject({ ok: false, code: 'INVALID_NUMBER' });
    expect(n(Infinity)).toMatchObject({ ok: false, code: 'INVALID_NUMBER' });
  });
});

describe('timestamps', () => {
  it('gives a Date field the UTC day and a DateTime field the ISO instant', () => {
    expect(toSalesforceDate('2026-10-31T23:30:00-02:00')).toEqual({ ok: true, value: '2026-11-01' });
    expect(toSalesforceDateTime('2026-10-31T23:30:00-02:00')).toEqual({ ok: true, value: '2026-11-01T01:30:00.000Z' });
  });

  it('reports text that is not a timestamp', () => {
    expect(toSalesforceDate('soon')).toMatchObject({ ok: false, code: 'INVALID_DATE' });
  });
});

describe('Salesforce IDs', () => {
  it('extends a 15-character ID with its case checksum', () => {
    // The example account of the integration's setup page.
    expect(toSalesforceId18('001E100000G99Z7')).toBe('001E100000G99Z7IAJ');
  });

  it('accepts an 18-character ID in any case and restores the case from its suffix', () => {
    expect(toSalesforceId18('001E100000G99Z7IAJ')).toBe('001E100000G99Z7IAJ');
    expect(toSalesforceId18('001e100000g99z7iaj')).toBe('001E100000G99Z7IAJ');
  });

  it('rejects wrong lengths, characters and checksums', () => {
    for (const bad of [
      '001E100000G99Z',
      '001E100000G99Z7I',
      '001E100000G99Z7-AJ',
      'not-an-account-id',
      '0015500001WO1Zi9B9',
    ]) {
      expect(toSalesforceId18(bad), bad).toBeUndefined();
    }
  });
});
