/**
 * Aggregate queries: COUNT/COUNT_DISTINCT/SUM/AVG/MIN/MAX, GROUP BY, HAVING and ORDER BY over groups (SOQL and
 * SOSL Reference, "Aggregate Functions", "GROUP BY", "HAVING", "Considerations When Using GROUP BY"). An
 * aggregate without an alias is named expr0, expr1, … counting only the unaliased aggregates, as Salesforce
 * does; LIMIT needs GROUP BY; every plain field must be grouped.
 */
import type { FieldFunctionExpression, FunctionExp, OrderByClause, QueryBase } from '@jetstreamapp/soql-parser-js';
import { field as fieldModel, type FieldModel, type ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Row, Values } from '../store.ts';
import { isLongText, malformed, notUsableIn } from './errors.ts';
import { compileLike } from './like.ts';
import { likePattern, literal } from './literals.ts';
import { pathOf, valueAt, type Path } from './paths.ts';
import { buildExpr, comparable, matches, sortKey, type Cond } from './where.ts';

export interface AggregateOutput {
  records: Values[];
  columns: { path: string[]; field?: FieldModel }[];
}

type Group = Row[];

/** DateTime and fractional numbers are not groupable in Salesforce (describe's `groupable` is false). */
const NOT_GROUPABLE = new Set(['datetime', 'double', 'currency', 'percent']);
const NUMERIC = new Set(['double', 'currency', 'percent', 'int']);
const COUNT_FIELD = fieldModel('expr', 'expr', 'int');

export function isAggregateQuery(q: QueryBase): boolean {
  return (
    !!q.groupBy ||
    (q.fields ?? []).some((f) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() !== 'FIELDS')
  );
}

export function aggregateQuery(org: Org, o: ObjectModel, q: QueryBase, rows: Row[]): AggregateOutput {
  const grouped = [q.groupBy ?? []].flat().map((g) => groupPath(org, o, 'field' in g ? g.field : ''));
  if (!q.groupBy && q.limit !== undefined)
    throw malformed('LIMIT is not allowed in an aggregate query without GROUP BY');
  if ((q.fields ?? []).some((f) => f.type === 'FieldSubquery'))
    throw malformed('Aggregate queries cannot include child relationship subqueries');
  const agg = new Aggregates(org, o, grouped);
  const columns = selectColumns(agg, q);
  let groups = groupRows(org, o, rows, grouped, !q.groupBy);
  if (q.having) {
    const having = buildExpr<Group>(q.having, (node) => agg.condition(node));
    groups = groups.filter((g) => matches(having, g));
  }
  const orderBy = q.orderBy ? [q.orderBy].flat() : [];
  if (orderBy.length > 0) groups = sortGroups(agg, groups, orderBy);
  const offset = q.offset ?? 0;
  groups = groups.slice(offset, q.limit !== undefined ? offset + q.limit : undefined);
  const records = groups.map((g) => {
    const record: Values = { attributes: { type: 'AggregateResult' } };
    for (const c of columns) record[c.key] = c.value(g);
    return record;
  });
  return { records, columns: columns.map((c) => ({ path: [c.key], field: c.field })) };
}

function groupPath(org: Org, o: ObjectModel, name: string): Path {
  const path = pathOf(org, o, name);
  if (isLongText(path.field) || NOT_GROUPABLE.has(path.field.type)) throw notUsableIn(path.field, 'grouped');
  return path;
}

interface Column {
  key: string;
  field?: FieldModel;
  value: (g: Group) => unknown;
}

function selectColumns(agg: Aggregates, q: QueryBase): Column[] {
  let unaliased = 0;
  return (q.fields ?? []).map((f): Column => {
    if (f.type === 'FieldFunctionExpression') {
      const fn = agg.aggregate(f);
      return { key: f.alias ?? `expr${unaliased++}`, field: fn.field, value: fn.value };
    }
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const name = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
      const g = agg.grouped(name);
      return { key: ('alias' in f && f.alias) || g.path.field.name, field: g.path.field, value: g.value };
    }
    throw malformed(`Field must be grouped or aggregated: ${f.type}`);
  });
}

/** Reads aggregates and grouped fields of a group, for SELECT, HAVING and ORDER BY alike. */
class Aggregates {
  private readonly org: Org;
  private readonly o: ObjectModel;
  private readonly groupedPaths: Path[];

  constructor(org: Org, o: ObjectModel, groupedPaths: Path[]) {
    this.org = org;
    this.o = o;
    this.groupedPaths = groupedPaths;
  }

  grouped(name: string): { path: Path; value: (g: Group) => unknown } {
    const path = pathOf(this.org, this.o, name);
    const key = path.segments.join('.').toLowerCase();
    if (!this.groupedPaths.some((p) => p.segments.join('.').toLowerCase() === key))
      throw malformed(`Field must be grouped or aggregated: ${name}`);
    return { path, value: (g) => (g.length ? valueAt(this.org, this.o, g[0], path) : null) };
  }

  aggregate(f: FieldFunctionExpression | FunctionExp): { field: FieldModel; value: (g: Group) => unknown } {
    const fn = String(f.functionName).toUpperCase();
    const param = f.parameters?.[0];
    if (param === undefined) {
      if (fn === 'COUNT') return { field: COUNT_FIELD, value: (g) => g.length };
      throw malformed(`unexpected token: ${fn}()`);
    }
    if (typeof param !== 'string') throw malformed(`unexpected token: ${String(f.rawValue)}`);
    const path = pathOf(this.org, this.o, param);
    const field = path.field;
    if ((fn === 'SUM' || fn === 'AVG') && !NUMERIC.has(field.type))
      throw malformed(`field ${field.name} does not support aggregate operator ${fn}`);
    if (isLongText(field) || (field.type === 'boolean' && fn !== 'COUNT' && fn !== 'COUNT_DISTINCT')) {
      throw malformed(`field ${field.name} does not support aggregate operator ${fn}`);
    }
    const values = (g: Group) =>
      g.map((r) => valueAt(this.org, this.o, r, path)).filter((v) => v !== null && v !== undefined);
    switch (fn) {
      case 'COUNT':
        return { field: COUNT_FIELD, value: (g) => values(g).length };
      case 'COUNT_DISTINCT':
        return { field: COUNT_FIELD, value: (g) => new Set(values(g).map((v) => comparable(field, v))).size };
      case 'SUM':
        return {
          field,
          value: (g) => (values(g).length ? values(g).reduce((a: number, v) => a + Number(v), 0) : null),
        };
      case 'AVG':
        return {
          field,
          value: (g) => {
            const v = values(g);
            return v.length ? v.reduce((a: number, x) => a + Number(x), 0) / v.length : null;
          },
        };
      case 'MIN':
        return { field, value: (g) => extreme(field, values(g), -1) };
      case 'MAX':
        return { field, value: (g) => extreme(field, values(g), 1) };
    }
    throw malformed(`unexpected token: ${fn}`);
  }

  /** A HAVING condition: an aggregate or a grouped field against type-checked literals. */
  condition(node: Record<string, unknown>): Cond<Group> {
    const target = 'fn' in node ? this.aggregate(node.fn as FunctionExp) : this.groupedField(String(node.field));
    const values = Array.isArray(node.value) ? node.value : [node.value];
    const types = Array.isArray(node.literalType) ? node.literalType : values.map(() => node.literalType);
    const operator = String(node.operator).toUpperCase();
    const cond: Cond<Group> = { kind: 'cond', field: target.field, read: target.value, operator, values: [] };
    if (operator === 'LIKE') cond.like = compileLike(likePattern(target.field, String(values[0]), String(types[0])));
    else cond.values = values.map((v, i) => literal(target.field, String(v), String(types[i]), undefined));
    return cond;
  }

  groupedField(name: string): { field: FieldModel; value: (g: Group) => unknown } {
    const g = this.grouped(name);
    return { field: g.path.field, value: g.value };
  }
}

function extreme(field: FieldModel, values: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  let bestKey: number | null = null;
  for (const v of values) {
    const key = sortKey(field, v) as number;
    if (bestKey === null || (sign > 0 ? key > bestKey : key < bestKey)) {
      best = v;
      bestKey = key;
    }
  }
  return best;
}

function groupRows(org: Org, o: ObjectModel, rows: Row[], paths: Path[], single: boolean): Group[] {
  if (single) return [rows];
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = JSON.stringify(paths.map((p) => comparable(p.field, valueAt(org, o, row, p))));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(row);
  }
  return [...groups.values()];
}

function sortGroups(agg: Aggregates, groups: Group[], orderBy: OrderByClause[]): Group[] {
  const keys = orderBy.map((c) => {
    const target = 'fn' in c && c.fn ? agg.aggregate(c.fn) : agg.groupedField(String((c as { field: string }).field));
    const desc = c.order === 'DESC';
    return { target, desc, nullsFirst: c.nulls ? c.nulls === 'FIRST' : !desc };
  });
  const decorated = groups.map((g) => ({ g, values: keys.map((k) => sortKey(k.target.field, k.target.value(g))) }));
  decorated.sort((a, b) => compareKeys(a.values, b.values, keys));
  return decorated.map((d) => d.g);
}

export function compareKeys(x: unknown[], y: unknown[], keys: { desc: boolean; nullsFirst: boolean }[]): number {
  for (let i = 0; i < keys.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === b) continue;
    if (a === null) return keys[i].nullsFirst ? -1 : 1;
    if (b === null) return keys[i].nullsFirst ? 1 : -1;
    const c = (a as number) < (b as number) ? -1 : 1;
    return keys[i].desc ? -c : c;
  }
  return 0;
}
