/** Turns values received through JSON or CSV into stored values, with Salesforce's field errors. */
import { SfError } from './errors.ts';
import { normalizeId } from './ids.ts';
import type { FieldModel } from './model.ts';

/** Salesforce's DateTime wire format: `2026-11-24T07:00:00.000+0000`. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const wrongType = (f: FieldModel, value: unknown) =>
  new SfError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${f.label}: value not of required type: ${String(value)}`, [f.name]);

const incorrectIdType = (code: 'MALFORMED_ID' | 'FIELD_INTEGRITY_EXCEPTION', f: FieldModel, value: unknown) =>
  new SfError(code, `${f.label}: id value of incorrect type: ${String(value)}`, [f.name]);

/** A stored value from raw input; null clears. `csv` input arrives as strings. */
export function coerceValue(
  f: FieldModel,
  raw: unknown,
  prefixOf: (objectName: string) => string | undefined,
): unknown {
  if (raw === null || raw === undefined || raw === '') return f.type === 'boolean' ? false : null;
  switch (f.type) {
    case 'string':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
    case 'picklist': {
      if (typeof raw === 'object') throw wrongType(f, JSON.stringify(raw));
      const s = String(raw);
      if (s.length > f.length)
        throw new SfError('STRING_TOO_LONG', `${f.label}: data value too large: ${s} (max length=${f.length})`, [
          f.name,
        ]);
      if (f.type === 'picklist' && f.restrictedPicklist && !f.picklistValues.some((p) => p.value === s)) {
        throw new SfError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${f.label}: bad value for restricted picklist field: ${s}`,
          [f.name],
        );
      }
      return s;
    }
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return coerceNumber(f, raw);
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
      throw wrongType(f, raw);
    }
    case 'date': {
      const s = String(raw);
      const day = s.length > 10 && DATETIME_RE.test(s) ? s.slice(0, 10) : s;
      if (!DATE_RE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw wrongType(f, raw);
      return day;
    }
    case 'datetime': {
      const s = String(raw);
      const iso = DATE_RE.test(s) ? `${s}T00:00:00Z` : s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
      const time =
        DATETIME_RE.test(s) || DATE_RE.test(s)
          ? Date.parse(/[Z+-]\d{2}:?\d{2}$|Z$/.test(iso.slice(10)) ? iso : `${iso}Z`)
          : NaN;
      if (Number.isNaN(time)) throw wrongType(f, raw);
      return formatDateTime(new Date(time));
    }
    case 'reference':
    case 'id': {
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      const prefixes = f.referenceTo.map(prefixOf);
      // Salesforce names the field by its label ("Account ID", "Metronome Customer"): not an ID at all is
      // MALFORMED_ID, the ID of another object FIELD_INTEGRITY_EXCEPTION, both worded alike.
      if (!id) throw incorrectIdType('MALFORMED_ID', f, raw);
      if (prefixes.length > 0 && !prefixes.includes(id.slice(0, 3)))
        throw incorrectIdType('FIELD_INTEGRITY_EXCEPTION', f, raw);
      return id;
    }
  }
}

function coerceNumber(f: FieldModel, raw: unknown): number {
  const n =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw)
        ? Number(raw)
        : NaN;
  if (!Number.isFinite(n)) throw wrongType(f, raw);
  const scale = f.type === 'int' ? 0 : f.scale;
  const rounded = roundHalfUp(n, scale);
  const maxIntegerDigits = f.type === 'int' ? f.digits || 9 : f.precision - f.scale;
  // Compared as a number: toFixed writes 1e21 and above in exponent form, whose length says nothing of its digits.
  if (Math.abs(Math.trunc(rounded)) >= 10 ** maxIntegerDigits) {
    throw new SfError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${f.label}: value outside of valid range on numeric field: ${String(raw)}`,
      [f.name],
    );
  }
  return rounded;
}

/** Rounds half away from zero at `scale` decimals, decimal-exactly (2.675 → 2.68). */
export function roundHalfUp(n: number, scale: number): number {
  const sign = n < 0 ? -1 : 1;
  const shifted = Math.round(Number(`${Math.abs(n)}e${scale}`));
  if (String(n).includes('e') || String(shifted).includes('e')) return Math.round(n * 10 ** scale) / 10 ** scale;
  return sign * Number(`${shifted}e-${scale}`);
}

/** A stored value as Bulk API CSV writes it. */
export function csvValue(f: FieldModel | undefined, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (f?.type === 'datetime') return String(value).replace('+0000', 'Z');
  return String(value);
}
