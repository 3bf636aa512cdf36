/** Runs a parsed SOQL query over the store: candidate rows, WHERE, ORDER BY, OFFSET/LIMIT, projection. */
import type { OrderByClause, Query, QueryBase } from '@jetstreamapp/soql-parser-js';
import { requestError } from '../errors.ts';
import type { FieldModel, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Row, Values } from '../store.ts';
import { aggregateQuery, compareKeys, isAggregateQuery } from './aggregate.ts';
import { isLongText, malformed, notUsableIn, unknownObject } from './errors.ts';
import { whereExpr, type RowExpr } from './filter.ts';
import { isCountOnly, parseSoql } from './parse.ts';
import { pathOf, valueAt } from './paths.ts';
import { project, selections } from './select.ts';
import { matches, sortKey } from './where.ts';

export interface QueryOutput {
  /** The object queried (FROM). */
  object: ObjectModel;
  totalSize: number;
  records: Values[];
  /** Each selected column: its canonical path (`['NOME__Customer__r', 'Name']`) and field, for CSV results. */
  columns: { path: string[]; field?: FieldModel }[];
}

export interface QueryOptions {
  /** queryAll: deleted rows too. */
  all: boolean;
  version: string;
}

export function runQuery(org: Org, soql: string, options: QueryOptions): QueryOutput {
  const parsed = parseSoql(soql);
  const o = queriedObject(org, parsed);
  const where = whereFor(org, o, parsed, options);
  return execute(org, o, parsed, candidates(org, o, where, options.all), options, where);
}

export function queriedObject(org: Org, q: Query): ObjectModel {
  const o = org.object(q.sObject ?? '');
  if (!o) throw unknownObject(q.sObject ?? '');
  return o;
}

function whereFor(
  org: Org,
  o: ObjectModel,
  q: QueryBase,
  options: QueryOptions,
  inSubquery = false,
): RowExpr | undefined {
  if (!q.where) return undefined;
  const runSubquery = (inner: ObjectModel, sub: Query) => {
    const innerWhere = whereFor(org, inner, sub, options, true);
    return filterRows(org.store.rowsOf(inner.name), innerWhere, options.all);
  };
  return whereExpr(org, o, q.where, runSubquery, inSubquery);
}

function filterRows(rows: Iterable<Row>, where: RowExpr | undefined, all: boolean): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    if (row.v.IsDeleted && !all) continue;
    if (where && !matches(where, row)) continue;
    out.push(row);
  }
  return out;
}

/**
 * Rows worth testing: an indexed equality or IN in the top-level AND chain narrows the scan to the index's
 * matches (a superset of the answer, since WHERE is still applied); otherwise every row in creation order.
 */
function candidates(org: Org, o: ObjectModel, where: RowExpr | undefined, all: boolean): Iterable<Row> {
  const ids = where && candidateIds(org, o, where, all);
  if (!ids) return org.store.rowsOf(o.name);
  return [...new Set(ids)]
    .sort()
    .map((id) => org.store.get(id))
    .filter((r): r is Row => r?.type === o.name);
}

function candidateIds(org: Org, o: ObjectModel, e: RowExpr, all: boolean): string[] | undefined {
  if (e.kind === 'and') {
    for (const arg of e.args) {
      const ids = candidateIds(org, o, arg, all);
      if (ids) return ids;
    }
    return undefined;
  }
  if (
    e.kind !== 'cond' ||
    e.semiJoin ||
    e.like ||
    e.path?.segments.length !== 1 ||
    (e.operator !== '=' && e.operator !== 'IN')
  )
    return undefined;
  if (e.values.some((v) => v === null || typeof v === 'object')) return undefined;
  const f = e.path.field;
  if (f.name === 'Id') return e.values.map(String);
  // Deleted rows are not in the indexes, and SOQL text equality ignores case even on case-sensitive fields.
  const indexed =
    (f.externalId || f.unique || f.type === 'reference') && !f.system && !f.calculated && !f.caseSensitive;
  if (all || !indexed) return undefined;
  return e.values.flatMap((v) => org.store.findByKey(o.name, f.name, v));
}

/** Runs a (sub)query over candidate rows of `o`. */
function execute(
  org: Org,
  o: ObjectModel,
  q: QueryBase,
  rowsToScan: Iterable<Row>,
  options: QueryOptions,
  where: RowExpr | undefined,
): QueryOutput {
  let rows = filterRows(rowsToScan, where, options.all);
  const offset = q.offset ?? 0;
  if (offset > 2000)
    throw requestError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed for apiName ${o.name} is 2000`);
  // COUNT() counts at most LIMIT rows, as Salesforce's totalSize does.
  if (isCountOnly(q)) {
    if (q.groupBy) throw malformed('COUNT() cannot be used with GROUP BY; use COUNT(fieldName)');
    return {
      object: o,
      totalSize: q.limit !== undefined ? Math.min(rows.length, q.limit) : rows.length,
      records: [],
      columns: [],
    };
  }
  if (isAggregateQuery(q)) {
    const result = aggregateQuery(org, o, q, rows);
    return { object: o, totalSize: result.records.length, ...result };
  }
  const orderBy = q.orderBy ? [q.orderBy].flat() : [];
  const selected = selections(org, o, q);
  if (orderBy.length > 0) rows = sortRows(org, o, rows, orderBy);
  rows = rows.slice(offset, q.limit !== undefined ? offset + q.limit : undefined);
  const childWhere = new Map<unknown, RowExpr | undefined>();
  const children = (s: Extract<(typeof selected)[number], { kind: 'child' }>, row: Row) => {
    const childRows = org.store.findByKey(s.child.name, s.field, row.v.Id).map((id) => org.store.get(id)!);
    if (!childWhere.has(s)) childWhere.set(s, whereFor(org, s.child, s.query, options));
    const sub = execute(org, s.child, s.query, childRows, options, childWhere.get(s));
    return sub.totalSize === 0 ? null : { totalSize: sub.totalSize, done: true, records: sub.records };
  };
  const records = rows.map((row) => project(org, o, row, selected, options.version, children));
  return {
    object: o,
    totalSize: records.length,
    records,
    columns: selected.flatMap((s) => (s.kind === 'path' ? [{ path: s.path.segments, field: s.path.field }] : [])),
  };
}

function sortRows(org: Org, o: ObjectModel, rows: Row[], orderBy: OrderByClause[]): Row[] {
  const keys = orderBy.map((c) => {
    if (!('field' in c) || !c.field)
      throw malformed('An aggregate function in ORDER BY needs GROUP BY or an aggregate query');
    const path = pathOf(org, o, c.field);
    if (isLongText(path.field)) throw notUsableIn(path.field, 'sorted');
    const desc = c.order === 'DESC';
    return { path, desc, nullsFirst: c.nulls ? c.nulls === 'FIRST' : !desc };
  });
  const decorated = rows.map((row) => ({
    row,
    values: keys.map((k) => sortKey(k.path.field, valueAt(org, o, row, k.path))),
  }));
  decorated.sort((a, b) => compareKeys(a.values, b.values, keys));
  return decorated.map((d) => d.row);
}
