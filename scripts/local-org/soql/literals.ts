/**
 * WHERE/HAVING literals: unescaped as SOQL's quoted-string escapes say, and type-checked against the field as
 * Salesforce does (SOQL and SOSL Reference: "Quoted String Escape Sequences", "fieldExpression" and "Date
 * Formats and Date Literals"). A literal of the wrong kind answers INVALID_FIELD, a malformed ID
 * INVALID_QUERY_FILTER_OPERATOR, an unknown escape MALFORMED_QUERY.
 */
import { requestError, type SfError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { FieldModel } from '../model.ts';
import { dateRange, type Range } from './dates.ts';
import { invalidField, malformed } from './errors.ts';
import type { LikeToken } from './like.ts';

export type { Range };

const TEXT_TYPES = new Set(['string', 'textarea', 'picklist', 'email', 'phone', 'url']);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int']);

type Kind = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime';

function kindOf(f: FieldModel): Kind {
  if (TEXT_TYPES.has(f.type)) return 'text';
  if (f.type === 'id' || f.type === 'reference') return 'id';
  if (NUMBER_TYPES.has(f.type)) return 'number';
  return f.type as 'boolean' | 'date' | 'datetime';
}

/** The type name Salesforce's messages use. */
function typeName(f: FieldModel): string {
  const kind = kindOf(f);
  if (kind === 'text') return 'string';
  if (kind === 'datetime') return 'dateTime';
  return f.type;
}

/** The field kinds each literal type may be compared with. */
const ACCEPTS: Record<string, Kind[]> = {
  STRING: ['text', 'id'],
  INTEGER: ['number'],
  DECIMAL: ['number'],
  INTEGER_WITH_CURRENCY_PREFIX: ['number'],
  DECIMAL_WITH_CURRENCY_PREFIX: ['number'],
  BOOLEAN: ['boolean'],
  DATE: ['date'],
  DATETIME: ['datetime'],
  DATE_LITERAL: ['date', 'datetime'],
  DATE_N_LITERAL: ['date', 'datetime'],
};

function wrongType(f: FieldModel): SfError {
  const quoted = kindOf(f) === 'text' || kindOf(f) === 'id';
  return invalidField(
    `value of filter criterion for field '${f.name}' must be of type ${typeName(f)} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
  );
}

/**
 * The comparable value of one literal for a field: text, an 18-character ID, a number, a boolean, null, epoch
 * milliseconds (DateTime), a `YYYY-MM-DD` string (Date) or a [from, to) range (date literals).
 */
export function literal(f: FieldModel, raw: string, type: string, n: number | undefined): unknown {
  if (type === 'NULL') return null;
  const accepts = ACCEPTS[type];
  if (!accepts) throw malformed(`unexpected token: ${raw}`);
  if (!accepts.includes(kindOf(f))) throw wrongType(f);
  switch (type) {
    case 'STRING': {
      const s = unescapeString(raw);
      if (kindOf(f) !== 'id') return s;
      const id = normalizeId(s);
      if (!id) throw requestError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${s}`);
      return id;
    }
    case 'INTEGER':
    case 'DECIMAL':
      return Number(raw);
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return Number(raw.replace(/^[A-Z]{3}/, ''));
    case 'BOOLEAN':
      return raw.toUpperCase() === 'TRUE';
    case 'DATE':
      return raw;
    case 'DATETIME':
      return Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    default:
      return dateRange(raw.split(':')[0].toUpperCase(), n ?? 0);
  }
}

/** A LIKE pattern's elements, with `\%` and `\_` as literal characters. LIKE applies to text fields only. */
export function likePattern(f: FieldModel, raw: string, type: string): LikeToken[] {
  if (type !== 'STRING') throw wrongType(f);
  if (kindOf(f) !== 'text') {
    throw requestError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${typeName(f)} field: LIKE`);
  }
  return decode(raw, true);
}

function unescapeString(raw: string): string {
  return (decode(raw, false) as string[]).join('');
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** "Strings in WHERE clauses can't exceed 4,000 characters" (SOQL reference, WHERE; the limits cheat sheet). */
export const MAX_WHERE_STRING = 4000;

/** Walks a quoted literal once; an escape Salesforce does not define is refused, as Salesforce refuses it. */
function decode(raw: string, like: boolean): LikeToken[] {
  const out = decodeBody(raw.slice(1, -1), like);
  if (out.length > MAX_WHERE_STRING) {
    throw malformed(
      `A string in a WHERE clause can't exceed ${MAX_WHERE_STRING.toLocaleString('en-US')} characters (this one has ${out.length.toLocaleString('en-US')}).`,
    );
  }
  return out;
}

function decodeBody(body: string, like: boolean): LikeToken[] {
  const out: LikeToken[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out.push(like && (c === '%' || c === '_') ? { wildcard: c } : c);
      continue;
    }
    const next = body[++i] ?? '';
    const simple = SIMPLE_ESCAPES[next.toLowerCase()] ?? SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out.push(simple);
    } else if (like && (next === '%' || next === '_')) {
      out.push(next);
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out.push(String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)));
      i += 4;
    } else {
      throw malformed(`Invalid string literal '${body}'. Illegal character sequence '\\${next}' in string literal.`);
    }
  }
  return out;
}
