/**
 * GraphQL `where` and `orderBy` arguments as SOQL text, the way Salesforce's GraphQL guide describes each
 * ("Field Operators", "Boolean Operators", "Order By Schema": every example pairs the GraphQL filter with the
 * SOQL it is similar to). Pure: the values are already validated by graphql-js against the generated schema.
 */
import type { FieldModel, ObjectModel } from '../model.ts';

/** Finds the object a lookup points at. */
export type ObjectLookup = (name: string) => ObjectModel | undefined;

/** A filter the schema allows but the query cannot answer (an empty operand, both value and literal…). */
export class FilterError extends Error {}

const COMPARISONS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  lte: '<=',
  gte: '>=',
  like: 'LIKE',
  in: 'IN',
  nin: 'NOT IN',
};

/** A SOQL string literal: quotes and backslashes escaped, except `\%` and `\_` in LIKE patterns (SOQL's own escapes). */
export function soqlString(value: string, like = false): string {
  const escaped = like
    ? value.replace(/\\([%_])|([\\'])/g, (_, wildcard: string | undefined, c: string) =>
        wildcard ? `\\${wildcard}` : `\\${c}`,
      )
    : value.replace(/[\\']/g, (c) => `\\${c}`);
  return `'${escaped.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

function literal(f: FieldModel, operand: unknown, path: string): string {
  if (operand === null || operand === undefined) return 'null';
  if (f.type === 'date' || f.type === 'datetime') return dateLiteral(f, operand, path);
  if (typeof operand === 'boolean') return operand ? 'TRUE' : 'FALSE';
  if (typeof operand === 'number') return String(operand);
  return soqlString(String(operand));
}

/** A `DateInput` / `DateTimeInput`: exactly one of `value` (a date, unquoted in SOQL) or `literal` (TODAY, …). */
function dateLiteral(f: FieldModel, operand: unknown, path: string): string {
  const { value, literal: named } = operand as { value?: string | null; literal?: string | null };
  if ((value == null) === (named == null)) throw new FilterError(`${path}: give exactly one of value or literal`);
  if (named) return named;
  if (f.type === 'date') return value!;
  return new Date(Date.parse(value!.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toISOString().replace('.000Z', 'Z');
}

function comparison(f: FieldModel, soqlPath: string, op: string, operand: unknown, path: string): string | undefined {
  const sop = COMPARISONS[op];
  if (!sop) throw new FilterError(`${path}: unknown operator ${op}`);
  if (op === 'like') return `${soqlPath} LIKE ${soqlString(String(operand ?? ''), true)}`;
  if (op === 'in' || op === 'nin') {
    const list = (operand as unknown[] | null) ?? [];
    // Nothing is in an empty list, so `in: []` matches no row and `nin: []` every row.
    if (list.length === 0) return op === 'in' ? 'Id = null' : undefined;
    return `${soqlPath} ${sop} (${list.map((v) => literal(f, v, path)).join(', ')})`;
  }
  return `${soqlPath} ${sop} ${literal(f, operand, path)}`;
}

const joinAll = (parts: string[], op: 'AND' | 'OR') => (parts.length === 1 ? parts[0] : `(${parts.join(` ${op} `)})`);

/** The SOQL condition of a `<Object>_Filter`, or undefined when it filters nothing. */
export function whereClause(
  o: ObjectModel,
  filter: Record<string, unknown> | null | undefined,
  objectOf: ObjectLookup,
  prefix = '',
): string | undefined {
  if (!filter) return undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (key === 'and' || key === 'or') {
      const inner = (value as Record<string, unknown>[])
        .map((v) => whereClause(o, v, objectOf, prefix))
        .filter((c): c is string => !!c);
      if (inner.length) parts.push(joinAll(inner, key === 'and' ? 'AND' : 'OR'));
      continue;
    }
    if (key === 'not') {
      const inner = whereClause(o, value as Record<string, unknown>, objectOf, prefix);
      if (inner) parts.push(`(NOT ${inner})`);
      continue;
    }
    const rel = o.relationshipIndex.get(key.toLowerCase());
    const f = o.fieldIndex.get(key.toLowerCase());
    if (rel && !f) {
      const parent = objectOf(rel.referenceTo[0]);
      const inner =
        parent && whereClause(parent, value as Record<string, unknown>, objectOf, `${prefix}${rel.relationshipName}.`);
      if (inner) parts.push(inner);
      continue;
    }
    if (!f) throw new FilterError(`${o.name} has no field ${key}`);
    for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
      if (operand === undefined) continue;
      const c = comparison(f, `${prefix}${f.name}`, op, operand, `${prefix}${f.name}.${op}`);
      if (c) parts.push(c);
    }
  }
  return parts.length ? joinAll(parts, 'AND') : undefined;
}

/**
 * The SOQL ORDER BY terms of a `<Object>_OrderBy`, in the order the query wrote them: graphql-js coerces input
 * objects into schema order, so `written` (the argument as written, variables raw) supplies the order.
 */
export function orderByTerms(
  o: ObjectModel,
  orderBy: Record<string, unknown> | null | undefined,
  written: unknown,
  objectOf: ObjectLookup,
  prefix = '',
): string[] {
  if (!orderBy) return [];
  const keys =
    written && typeof written === 'object' ? Object.keys(written).filter((k) => k in orderBy) : Object.keys(orderBy);
  const terms: string[] = [];
  for (const key of keys) {
    const value = orderBy[key] as Record<string, unknown> | null;
    if (!value) continue;
    const f = o.fieldIndex.get(key.toLowerCase());
    const rel = o.relationshipIndex.get(key.toLowerCase());
    if (rel && !f) {
      const parent = objectOf(rel.referenceTo[0]);
      if (parent)
        terms.push(
          ...orderByTerms(
            parent,
            value,
            (written as Record<string, unknown>)?.[key],
            objectOf,
            `${prefix}${rel.relationshipName}.`,
          ),
        );
      continue;
    }
    if (!f) throw new FilterError(`${o.name} has no field ${key}`);
    const order = value.order === 'DESC' ? 'DESC' : 'ASC';
    terms.push(`${prefix}${f.name} ${order}${value.nulls ? ` NULLS ${String(value.nulls)}` : ''}`);
  }
  return terms;
}
