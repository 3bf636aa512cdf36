/**
 * SOQL over the store: parsed by @jetstreamapp/soql-parser-js, evaluated in memory. Supports field and
 * parent paths, WHERE (AND/OR/NOT, comparisons, IN, NOT IN, LIKE, NULL, date/datetime literals and the
 * relative date literals), ORDER BY (NULLS FIRST/LAST), LIMIT, OFFSET and COUNT().
 */
import { parseQuery, type FieldType, type OrderByClause, type QueryBase, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError } from './errors.ts';
import { normalizeId } from './ids.ts';
import type { FieldModel, ObjectModel } from './model.ts';
import { invalidColumn, type Org } from './org.ts';
import type { Row, Values } from './store.ts';

export interface QueryOutput {
  /** The object queried (FROM). */
  object: ObjectModel;
  totalSize: number;
  records: Values[];
  /** Each selected column: its canonical path (`['NOME__Customer__r', 'Name']`) and field, for CSV results. */
  columns: { path: string[]; field?: FieldModel }[];
}

interface Path {
  /** Canonical relationship names then the canonical field name. */
  segments: string[];
  field: FieldModel;
}

type Cond = { kind: 'cond'; path: Path; operator: string; values: unknown[]; literalTypes: string[]; set?: Set<unknown>; lits?: unknown[]; like?: RegExp };
type Expr = Cond | { kind: 'not'; arg: Expr } | { kind: 'and' | 'or'; left: Expr; right: Expr };

const malformed = (message: string) => new SfError('MALFORMED_QUERY', message);

export function runQuery(org: Org, soql: string, options: { all: boolean; version: string }): QueryOutput {
  let parsed;
  try {
    parsed = parseQuery(soql);
  } catch (error) {
    throw malformed(`unexpected token: ${(error as Error).message.split('\n')[0]}`);
  }
  const o = org.object(parsed.sObject ?? '');
  if (!o) {
    throw new SfError('INVALID_TYPE', `sObject type '${parsed.sObject}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  const where = parsed.where ? toExpr(org, o, parsed.where) : undefined;
  return execute(org, o, parsed, candidates(org, o, where, options.all), options, where);
}

/**
 * Rows worth testing: an indexed equality or IN in the top-level AND chain narrows the scan to the index's
 * matches (a superset of the answer, since WHERE is still applied); otherwise every row in creation order.
 */
function candidates(org: Org, o: ObjectModel, where: Expr | undefined, all: boolean): Iterable<Row> {
  const ids = where && candidateIds(org, o, where, all);
  if (!ids) return org.store.rowsOf(o.name);
  return [...new Set(ids)].sort().map((id) => org.store.get(id)).filter((r): r is Row => r?.type === o.name);
}

function candidateIds(org: Org, o: ObjectModel, e: Expr, all: boolean): string[] | undefined {
  if (e.kind === 'and') return candidateIds(org, o, e.left, all) ?? candidateIds(org, o, e.right, all);
  if (e.kind !== 'cond' || e.path.segments.length !== 1 || (e.operator !== '=' && e.operator !== 'IN')) return undefined;
  if (e.values.some((v) => v === null || typeof v === 'object')) return undefined;
  const f = e.path.field;
  if (f.name === 'Id') return e.values.map(String);
  // Deleted rows are not in the indexes, and SOQL text equality ignores case even on case-sensitive fields.
  const indexed = (f.externalId || f.unique || f.type === 'reference') && !f.system && !f.calculated && !f.caseSensitive;
  if (all || !indexed) return undefined;
  return e.values.flatMap((v) => org.store.findByKey(o.name, f.name, v));
}

type Selection =
  | { kind: 'path'; path: Path }
  | { kind: 'child'; name: string; child: ObjectModel; field: string; query: QueryBase };

const isFieldsFn = (f: FieldType) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS';

/** Runs a (sub)query over candidate rows of `o`. */
function execute(org: Org, o: ObjectModel, q: QueryBase, rowsToScan: Iterable<Row>, options: { all: boolean; version: string }, parsedWhere?: Expr): QueryOutput {
  if (q.groupBy || q.having) throw malformed('The local org does not support GROUP BY or HAVING');
  const fields = q.fields ?? [];
  const countOnly = fields.length === 1 && fields[0].type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT' && fields[0].parameters.length === 0;
  const where = parsedWhere ?? (q.where ? toExpr(org, o, q.where) : undefined);

  let rows: Row[] = [];
  for (const row of rowsToScan) {
    if (row.v.IsDeleted && !options.all) continue;
    if (where && !matches(org, o, row, where)) continue;
    rows.push(row);
  }
  // COUNT() counts at most LIMIT rows, as Salesforce's totalSize does.
  if (countOnly) return { object: o, totalSize: q.limit !== undefined ? Math.min(rows.length, q.limit) : rows.length, records: [], columns: [] };
  if (fields.some((f) => f.type === 'FieldFunctionExpression' && !isFieldsFn(f))) return aggregateResult(org, o, rows, fields);

  const orderBy = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
  if (orderBy.length > 0) rows = sortRows(org, o, rows, orderBy);
  const offset = q.offset ?? 0;
  if (offset > 2000) throw new SfError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  rows = rows.slice(offset, q.limit !== undefined ? offset + q.limit : undefined);

  const selected = selections(org, o, fields);
  const records = rows.map((row) => project(org, o, row, selected, options));
  return { object: o, totalSize: records.length, records, columns: selected.flatMap((s) => (s.kind === 'path' ? [{ path: s.path.segments, field: s.path.field }] : [])) };
}

function selections(org: Org, o: ObjectModel, fields: FieldType[]): Selection[] {
  const out: Selection[] = [];
  for (const f of fields) {
    if (f.type === 'FieldFunctionExpression' && isFieldsFn(f)) {
      const which = String(f.parameters[0]).toUpperCase();
      for (const field of o.fields) {
        if (which === 'ALL' || (which === 'CUSTOM') === field.custom) out.push({ kind: 'path', path: resolvePath(org, o, [field.name]) });
      }
    } else if (f.type === 'FieldSubquery') {
      const name = f.subquery.relationshipName;
      const rel = o.childRelationships.find((c) => c.relationshipName?.toLowerCase() === name.toLowerCase());
      if (!rel) throw new SfError('INVALID_TYPE', `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
      out.push({ kind: 'child', name: rel.relationshipName!, child: org.object(rel.childSObject)!, field: rel.field, query: f.subquery });
    } else {
      out.push({ kind: 'path', path: selection(org, o, f) });
    }
  }
  return out;
}

function selection(org: Org, o: ObjectModel, f: FieldType): Path {
  if (f.type === 'Field') return resolvePath(org, o, [f.field]);
  if (f.type === 'FieldRelationship') return resolvePath(org, o, [...f.relationships, f.field]);
  throw malformed(`The local org does not support ${f.type} in SELECT`);
}

function resolvePath(org: Org, o: ObjectModel, raw: string[]): Path {
  const segments: string[] = [];
  let object = o;
  let parts = raw;
  if (parts.length > 1 && parts[0].toLowerCase() === o.name.toLowerCase()) parts = parts.slice(1);
  for (const segment of parts.slice(0, -1)) {
    const rel = object.relationshipIndex.get(segment.toLowerCase());
    if (!rel) {
      throw new SfError('INVALID_FIELD', `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    segments.push(rel.relationshipName!);
    object = org.object(rel.referenceTo[0])!;
  }
  const name = parts[parts.length - 1];
  const field = object.fieldIndex.get(name.toLowerCase());
  if (!field) throw invalidColumn(name, object);
  segments.push(field.name);
  return { segments, field };
}

function valueAt(org: Org, o: ObjectModel, row: Row, path: Path): unknown {
  return org.pathValue(row, o, path.segments);
}

/** The parser yields WHERE as a chain with parenthesis counts; rebuild the tree with NOT > AND > OR. */
function toExpr(org: Org, o: ObjectModel, where: WhereClause): Expr {
  const tokens: (string | Cond)[] = [];
  let node: WhereClause | undefined = where;
  while (node) {
    const w = node as { left: Record<string, unknown> | null; operator?: string; right?: WhereClause };
    if (w.operator === 'NOT' && (!w.left || !('field' in w.left || 'fn' in w.left))) {
      for (let i = 0; i < Number(w.left?.openParen ?? 0); i++) tokens.push('(');
      tokens.push('NOT');
      node = w.right;
      continue;
    }
    const left = w.left!;
    for (let i = 0; i < Number(left.openParen ?? 0); i++) tokens.push('(');
    tokens.push(condition(org, o, left));
    for (let i = 0; i < Number(left.closeParen ?? 0); i++) tokens.push(')');
    if (w.operator) tokens.push(w.operator);
    node = w.right;
  }
  let pos = 0;
  const parseOr = (): Expr => {
    let left = parseAnd();
    while (tokens[pos] === 'OR') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseNot();
    while (tokens[pos] === 'AND') {
      pos++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): Expr => {
    const t = tokens[pos++];
    if (t === 'NOT') return { kind: 'not', arg: parseNot() };
    if (t === '(') {
      const e = parseOr();
      if (tokens[pos++] !== ')') throw malformed('unbalanced parentheses in WHERE');
      return e;
    }
    if (typeof t === 'object') return t;
    throw malformed(`unexpected token in WHERE: ${String(t)}`);
  };
  return parseOr();
}

function condition(org: Org, o: ObjectModel, c: Record<string, unknown>): Cond {
  if (!('field' in c)) throw malformed('The local org supports only field conditions in WHERE');
  if (c.literalType === 'SUBQUERY') throw malformed('The local org does not support semi-join subqueries');
  const path = resolvePath(org, o, String(c.field).split('.'));
  const values = Array.isArray(c.value) ? c.value : [c.value];
  const types = Array.isArray(c.literalType) ? c.literalType : values.map(() => c.literalType);
  const nVars = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : values.map(() => c.dateLiteralVariable);
  return {
    kind: 'cond',
    path,
    operator: String(c.operator).toUpperCase(),
    values: values.map((v, i) => literal(path.field, String(v), String(types[i]), nVars[i] as number | undefined)),
    literalTypes: types.map(String),
  };
}

type Range = { from: number; to: number };

function literal(f: FieldModel, raw: string, type: string, n: number | undefined): unknown {
  switch (type) {
    case 'STRING': {
      const s = raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
      if (f.type === 'id' || f.type === 'reference') return normalizeId(s) ?? s;
      return s;
    }
    case 'INTEGER': case 'DECIMAL': return Number(raw);
    case 'INTEGER_WITH_CURRENCY_PREFIX': case 'DECIMAL_WITH_CURRENCY_PREFIX': return Number(raw.replace(/^[A-Z]{3}/, ''));
    case 'BOOLEAN': return raw.toUpperCase() === 'TRUE';
    case 'NULL': return null;
    case 'DATE': return f.type === 'datetime' ? { from: Date.parse(`${raw}T00:00:00Z`), to: Date.parse(`${raw}T00:00:00Z`) + 86_400_000 } : raw;
    case 'DATETIME': return Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    case 'DATE_LITERAL': case 'DATE_N_LITERAL': return dateRange(raw.split(':')[0].toUpperCase(), n ?? 0);
  }
  throw malformed(`The local org does not support ${type} literals`);
}

const DAY = 86_400_000;

/** Relative date literals as [from, to) in UTC milliseconds. */
function dateRange(name: string, n: number): Range {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const month = (offset: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
  const year = (offset: number) => Date.UTC(now.getUTCFullYear() + offset, 0, 1);
  const week = today - now.getUTCDay() * DAY;
  const quarter = (offset: number) => Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + offset * 3, 1);
  const ranges: Record<string, () => Range> = {
    TODAY: () => ({ from: today, to: today + DAY }),
    YESTERDAY: () => ({ from: today - DAY, to: today }),
    TOMORROW: () => ({ from: today + DAY, to: today + 2 * DAY }),
    THIS_WEEK: () => ({ from: week, to: week + 7 * DAY }),
    LAST_WEEK: () => ({ from: week - 7 * DAY, to: week }),
    NEXT_WEEK: () => ({ from: week + 7 * DAY, to: week + 14 * DAY }),
    THIS_MONTH: () => ({ from: month(0), to: month(1) }),
    LAST_MONTH: () => ({ from: month(-1), to: month(0) }),
    NEXT_MONTH: () => ({ from: month(1), to: month(2) }),
    THIS_QUARTER: () => ({ from: quarter(0), to: quarter(1) }),
    LAST_QUARTER: () => ({ from: quarter(-1), to: quarter(0) }),
    NEXT_QUARTER: () => ({ from: quarter(1), to: quarter(2) }),
    THIS_YEAR: () => ({ from: year(0), to: year(1) }),
    LAST_YEAR: () => ({ from: year(-1), to: year(0) }),
    NEXT_YEAR: () => ({ from: year(1), to: year(2) }),
    LAST_90_DAYS: () => ({ from: today - 90 * DAY, to: today + DAY }),
    NEXT_90_DAYS: () => ({ from: today + DAY, to: today + 91 * DAY }),
    LAST_N_DAYS: () => ({ from: today - n * DAY, to: today + DAY }),
    NEXT_N_DAYS: () => ({ from: today + DAY, to: today + (n + 1) * DAY }),
    N_DAYS_AGO: () => ({ from: today - n * DAY, to: today - (n - 1) * DAY }),
    LAST_N_MONTHS: () => ({ from: month(-n), to: month(0) }),
    NEXT_N_MONTHS: () => ({ from: month(1), to: month(n + 1) }),
    LAST_N_YEARS: () => ({ from: year(-n), to: year(0) }),
    NEXT_N_YEARS: () => ({ from: year(1), to: year(n + 1) }),
  };
  const make = ranges[name];
  if (!make) throw malformed(`The local org does not support the date literal ${name}`);
  return make();
}

/** Comparable form of a stored value: case-folded text, numbers, epoch ms for dates and datetimes. */
function comparable(f: FieldModel, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (f.type === 'datetime') return Date.parse(String(value).replace('+0000', 'Z'));
  if (f.type === 'date') return Date.parse(`${String(value)}T00:00:00Z`);
  if (typeof value === 'string') return value.toLowerCase();
  return value;
}

function literalComparable(f: FieldModel, lit: unknown): unknown {
  if (lit === null || typeof lit === 'object') return lit;
  if (f.type === 'date' && typeof lit === 'string') return Date.parse(`${lit}T00:00:00Z`);
  if (typeof lit === 'string') return lit.toLowerCase();
  return lit;
}

function compare(op: string, value: unknown, lit: unknown): boolean {
  if (lit !== null && typeof lit === 'object') {
    const { from, to } = lit as Range;
    if (value === null) return op === '!=';
    const v = value as number;
    switch (op) {
      case '=': return v >= from && v < to;
      case '!=': return !(v >= from && v < to);
      case '<': return v < from;
      case '<=': return v < to;
      case '>': return v >= to;
      case '>=': return v >= from;
    }
    return false;
  }
  if (op === '=') return value === lit;
  if (op === '!=') return value !== lit;
  if (value === null || lit === null) return false;
  switch (op) {
    case '<': return (value as number) < (lit as number);
    case '<=': return (value as number) <= (lit as number);
    case '>': return (value as number) > (lit as number);
    case '>=': return (value as number) >= (lit as number);
  }
  return false;
}

/** IN lists become a set of comparable values once (date ranges are compared one by one). */
function inSet(e: Cond, lits: unknown[]): { has: (v: unknown) => boolean } {
  if (lits.some((l) => l !== null && typeof l === 'object')) return { has: (v) => lits.some((l) => compare('=', v, l)) };
  e.set ??= new Set(lits);
  return e.set;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function matches(org: Org, o: ObjectModel, row: Row, e: Expr): boolean {
  switch (e.kind) {
    case 'and': return matches(org, o, row, e.left) && matches(org, o, row, e.right);
    case 'or': return matches(org, o, row, e.left) || matches(org, o, row, e.right);
    case 'not': return !matches(org, o, row, e.arg);
    case 'cond': {
      const f = e.path.field;
      const value = comparable(f, valueAt(org, o, row, e.path));
      const lits = (e.lits ??= e.values.map((l) => literalComparable(f, l)));
      switch (e.operator) {
        case 'IN': return inSet(e, lits).has(value);
        case 'NOT IN': return !inSet(e, lits).has(value);
        case 'LIKE': return value !== null && (e.like ??= likeRegex(String(e.values[0]))).test(String(value));
        case 'INCLUDES': case 'EXCLUDES': throw malformed('The local org does not support INCLUDES/EXCLUDES');
        default: return compare(e.operator, value, lits[0]);
      }
    }
  }
}

function sortRows(org: Org, o: ObjectModel, rows: Row[], orderBy: OrderByClause[]): Row[] {
  const keys = orderBy.map((c) => {
    if (!('field' in c) || !c.field) throw malformed('The local org supports ORDER BY on fields only');
    const path = resolvePath(org, o, c.field.split('.'));
    const desc = c.order === 'DESC';
    const nullsFirst = c.nulls ? c.nulls === 'FIRST' : !desc;
    return { path, desc, nullsFirst };
  });
  const decorated = rows.map((row) => ({ row, values: keys.map((k) => comparable(k.path.field, valueAt(org, o, row, k.path))) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      if (x === y) continue;
      if (x === null) return keys[i].nullsFirst ? -1 : 1;
      if (y === null) return keys[i].nullsFirst ? 1 : -1;
      const c = (x as number) < (y as number) ? -1 : 1;
      return keys[i].desc ? -c : c;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}

function project(org: Org, o: ObjectModel, row: Row, selected: Selection[], options: { all: boolean; version: string }): Values {
  const version = options.version;
  const out: Values = { attributes: attributes(o, row, version) };
  for (const s of selected) {
    if (s.kind === 'child') {
      const children = org.store.findByKey(s.child.name, s.field, row.v.Id).map((id) => org.store.get(id)!);
      const sub = execute(org, s.child, s.query, children, options);
      out[s.name] = sub.totalSize === 0 ? null : { totalSize: sub.totalSize, done: true, records: sub.records };
      continue;
    }
    const path = s.path;
    let target = out;
    let current: Row | undefined = row;
    let object = o;
    for (const rel of path.segments.slice(0, -1)) {
      const relField = object.relationshipIndex.get(rel.toLowerCase())!;
      object = org.object(relField.referenceTo[0])!;
      const parentId = current?.v[relField.name] as string | undefined;
      current = parentId ? org.store.get(parentId) : undefined;
      if (!current) {
        if (!(rel in target)) target[rel] = null;
        break;
      }
      if (!target[rel]) target[rel] = { attributes: attributes(object, current, version) };
      target = target[rel] as Values;
    }
    if (!current) continue;
    const f = path.field;
    target[f.name] = org.fieldValue(current, object, f);
  }
  return out;
}

function attributes(o: ObjectModel, row: Row, version: string) {
  return { type: o.name, url: `/services/data/v${version}/sobjects/${o.name}/${row.v.Id}` };
}

function aggregateResult(org: Org, o: ObjectModel, rows: Row[], fields: FieldType[]): QueryOutput {
  const record: Values = { attributes: { type: 'AggregateResult' } };
  fields.forEach((f, i) => {
    if (f.type !== 'FieldFunctionExpression') throw malformed('Field must be grouped or aggregated');
    const name = f.alias ?? `expr${i}`;
    const fn = f.functionName.toUpperCase();
    const param = f.parameters[0];
    const path = typeof param === 'string' ? resolvePath(org, o, param.split('.')) : undefined;
    const values = path ? rows.map((r) => valueAt(org, o, r, path)).filter((v) => v !== null && v !== undefined) : rows;
    if (fn === 'COUNT') record[name] = values.length;
    else if (fn === 'SUM') record[name] = values.reduce((a: number, v) => a + Number(v), 0);
    else if (fn === 'MAX') record[name] = values.length ? values.reduce((a, v) => ((v as number) > (a as number) ? v : a)) : null;
    else if (fn === 'MIN') record[name] = values.length ? values.reduce((a, v) => ((v as number) < (a as number) ? v : a)) : null;
    else throw malformed(`The local org does not support ${fn}()`);
  });
  return { object: o, totalSize: 1, records: [record], columns: Object.keys(record).filter((k) => k !== 'attributes').map((k) => ({ path: [k] })) };
}

interface ColumnMeta {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMeta[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

/** The `query?q=…&columns=true` answer the sf CLI reads to lay out `sf data query` output. */
export function queryColumns(org: Org, soql: string): Values {
  let parsed;
  try {
    parsed = parseQuery(soql);
  } catch (error) {
    throw malformed(`unexpected token: ${(error as Error).message.split('\n')[0]}`);
  }
  const o = org.object(parsed.sObject ?? '');
  if (!o) throw new SfError('INVALID_TYPE', `sObject type '${parsed.sObject}' is not supported.`);
  const columns: ColumnMeta[] = [];
  const meta = (name: string, f: FieldModel | undefined, aggregate = false): ColumnMeta => ({
    aggregate, apexType: null, booleanType: f?.type === 'boolean', columnName: name, custom: f?.custom ?? false, displayName: name,
    foreignKeyName: null, insertable: f?.createable ?? false, joinColumns: [],
    numberType: aggregate || ['double', 'currency', 'percent', 'int'].includes(f?.type ?? ''), textType: !aggregate && !!f && !['double', 'currency', 'percent', 'int', 'boolean'].includes(f.type),
    updatable: f?.updateable ?? false,
  });
  (parsed.fields ?? []).forEach((field, i) => {
    if (field.type === 'FieldFunctionExpression' && !isFieldsFn(field)) {
      columns.push(meta(field.alias ?? (field.functionName.toUpperCase() === 'COUNT' && field.parameters.length === 0 ? 'expr0' : `expr${i}`), undefined, true));
      return;
    }
    for (const s of selections(org, o, [field])) {
      if (s.kind === 'child') {
        const node = meta(s.name, undefined, true);
        node.joinColumns = (s.query.fields ?? []).flatMap((f) => selections(org, s.child, [f])).flatMap((c) => (c.kind === 'path' ? [meta(c.path.segments.join('.'), c.path.field)] : []));
        columns.push(node);
        continue;
      }
      const path = s.path;
      let level = columns;
      for (const rel of path.segments.slice(0, -1)) {
        let node = level.find((c) => c.columnName === rel);
        if (!node) level.push((node = meta(rel, undefined)));
        level = node.joinColumns;
      }
      level.push(meta(path.field.name, path.field));
    }
  });
  return { columnMetadata: columns, entityName: o.name, groupBy: false, idSelected: columns.some((c) => c.columnName === 'Id'), keyPrefix: o.keyPrefix };
}
