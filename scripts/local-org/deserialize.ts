/**
 * What Salesforce's JSON deserializer refuses before any record is written: a value that cannot become the field's
 * type (text in a Number field, a date in another format, an object in a text field) fails the whole REST or
 * sObject Collections call with `400 JSON_PARSER_ERROR` — "Cannot deserialize instance of double from VALUE_STRING
 * value lots or request may be missing a required field at [line:1, column:42]" — and writes nothing, where a value
 * of the right type that breaks a field rule (too long, out of range) fails only its record.
 */
import { cannotDeserialize, lineColumn } from './body.ts';
import type { FieldModel, ObjectModel } from './model.ts';
import type { Values } from './store.ts';

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const DATE = /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:?\d{2})?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The deserializer's name for a field type, or undefined when the value fits it. */
function refusal(f: FieldModel, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (f.type) {
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const type = f.type === 'int' ? 'int' : 'double';
      if (typeof value === 'number') return undefined;
      return typeof value === 'string' && NUMBER.test(value) ? undefined : type;
    }
    case 'boolean':
      if (typeof value === 'boolean' || typeof value === 'number') return undefined;
      return typeof value === 'string' && /^(true|false)$/i.test(value) ? undefined : 'boolean';
    case 'date':
      return typeof value === 'string' && (DATE.test(value) || DATETIME.test(value)) && validDay(value)
        ? undefined
        : 'date';
    case 'datetime':
      return typeof value === 'string' && DATETIME.test(value) && validDay(value) ? undefined : 'datetime';
    default:
      return typeof value === 'object' ? 'String' : undefined;
  }
}

function validDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** Throws JSON_PARSER_ERROR for the first value of the record its field's type cannot hold. */
export function checkDeserializable(o: ObjectModel, record: Values, text: string): void {
  for (const [key, value] of Object.entries(record)) {
    const f = o.fieldIndex.get(key.toLowerCase());
    if (!f) continue;
    const type = refusal(f, value);
    if (type) throw cannotDeserialize(type, value, where(text, key, value));
  }
}

/** ` at [line:L, column:C]` just after the value in the request text, as Salesforce reports it. */
function where(text: string, key: string, value: unknown): string {
  const token = JSON.stringify(value);
  const at = text.indexOf(`"${key}"`);
  if (at < 0) return '';
  const found = text.indexOf(token, at);
  if (found < 0) return '';
  const { line, column } = lineColumn(text, found + token.length);
  return ` at [line:${line}, column:${column}]`;
}
