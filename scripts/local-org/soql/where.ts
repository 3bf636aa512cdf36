/**
 * WHERE and HAVING as an expression tree over items (rows, or groups for HAVING). The parser yields a chain with
 * parenthesis counts; the tree is rebuilt with NOT > AND > OR. Comparison follows SOQL: text ignores case,
 * null equals only null, dates compare by day and date literals by range.
 */
import type { FieldModel } from '../model.ts';
import type { Range } from './dates.ts';
import { malformed } from './errors.ts';
import type { Path } from './paths.ts';

export interface Cond<T> {
  kind: 'cond';
  /** The field whose type the literals were checked against (for aggregates, the aggregated field). */
  field: FieldModel;
  /** Set for a plain field condition on rows (lets an index narrow the scan). */
  path?: Path;
  read: (item: T) => unknown;
  operator: string;
  /** Comparable literals (see literals.ts); for a semi-join, filled on first use. */
  values: unknown[];
  like?: (text: string) => boolean;
  /** `Id IN (SELECT …)`: the subquery's values, computed once per query. */
  semiJoin?: () => Set<unknown>;
  set?: Set<unknown>;
}

/** AND and OR are n-ary, so a long chain of conditions is one flat node, never a deep tree. */
export type Expr<T> = Cond<T> | { kind: 'not'; arg: Expr<T> } | { kind: 'and' | 'or'; args: Expr<T>[] };

interface ChainNode {
  left: Record<string, unknown> | null;
  operator?: string;
  right?: ChainNode;
}

export function buildExpr<T>(clause: unknown, condition: (node: Record<string, unknown>) => Cond<T>): Expr<T> {
  const tokens: (string | Cond<T>)[] = [];
  let node = clause as ChainNode | undefined;
  while (node) {
    if (node.operator === 'NOT' && (!node.left || !('field' in node.left || 'fn' in node.left))) {
      for (let i = 0; i < Number(node.left?.openParen ?? 0); i++) tokens.push('(');
      tokens.push('NOT');
      node = node.right;
      continue;
    }
    const left = node.left!;
    for (let i = 0; i < Number(left.openParen ?? 0); i++) tokens.push('(');
    tokens.push(condition(left));
    for (let i = 0; i < Number(left.closeParen ?? 0); i++) tokens.push(')');
    if (node.operator) tokens.push(node.operator);
    node = node.right;
  }
  let pos = 0;
  const parseOr = (): Expr<T> => {
    const args = [parseAnd()];
    while (tokens[pos] === 'OR') {
      pos++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0] : { kind: 'or', args };
  };
  const parseAnd = (): Expr<T> => {
    const args = [parseNot()];
    while (tokens[pos] === 'AND') {
      pos++;
      args.push(parseNot());
    }
    return args.length === 1 ? args[0] : { kind: 'and', args };
  };
  const parseNot = (): Expr<T> => {
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

/** Where a condition sits: in the top-level AND chain, under the top-level OR, under a NOT, or deeper. */
export type Placement = 'top' | 'OR' | 'NOT' | 'nested';

/** Every condition of the tree with its placement. */
export function conditions<T>(root: Expr<T>): { cond: Cond<T>; placement: Placement }[] {
  const out: { cond: Cond<T>; placement: Placement }[] = [];
  const stack: { e: Expr<T>; placement: Placement }[] = [{ e: root, placement: 'top' }];
  while (stack.length > 0) {
    const { e, placement } = stack.pop()!;
    if (e.kind === 'cond') out.push({ cond: e, placement });
    else if (e.kind === 'not') stack.push({ e: e.arg, placement: placement === 'top' ? 'NOT' : 'nested' });
    else if (e.kind === 'and') for (const arg of e.args) stack.push({ e: arg, placement });
    else
      for (const arg of e.args) stack.push({ e: arg, placement: placement === 'top' && e === root ? 'OR' : 'nested' });
  }
  return out;
}

/**
 * Comparable form of a stored value: text case-folded to upper case (SOQL compares and sorts English text by the
 * upper-case character values), numbers, epoch ms for dates and datetimes.
 */
export function comparable(f: FieldModel, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (f.type === 'datetime') return Date.parse(String(value).replace('+0000', 'Z'));
  if (f.type === 'date') return Date.parse(`${String(value)}T00:00:00Z`);
  if (typeof value === 'string') return value.toUpperCase();
  return value;
}

/** The order ORDER BY, MIN and MAX use: a picklist by its defined value order (unknown values last), else comparable. */
export function sortKey(f: FieldModel, value: unknown): unknown {
  if (f.type !== 'picklist' || value === null || value === undefined) return comparable(f, value);
  const index = f.picklistValues.findIndex((p) => p.value === value);
  return index >= 0 ? index : f.picklistValues.length;
}

function literalComparable(f: FieldModel, lit: unknown): unknown {
  if (lit === null || typeof lit === 'object') return lit;
  if (f.type === 'date' && typeof lit === 'string') return Date.parse(`${lit}T00:00:00Z`);
  if (typeof lit === 'string') return lit.toUpperCase();
  return lit;
}

function compare(op: string, value: unknown, lit: unknown): boolean {
  if (lit !== null && typeof lit === 'object') {
    const { from, to } = lit as Range;
    if (value === null) return op === '!=';
    const v = value as number;
    switch (op) {
      case '=':
        return v >= from && v < to;
      case '!=':
        return !(v >= from && v < to);
      case '<':
        return v < from;
      case '<=':
        return v < to;
      case '>':
        return v >= to;
      case '>=':
        return v >= from;
    }
    return false;
  }
  if (op === '=') return value === lit;
  if (op === '!=') return value !== lit;
  if (value === null || lit === null) return false;
  switch (op) {
    case '<':
      return (value as number) < (lit as number);
    case '<=':
      return (value as number) <= (lit as number);
    case '>':
      return (value as number) > (lit as number);
    case '>=':
      return (value as number) >= (lit as number);
  }
  return false;
}

/** IN lists become a set of comparable values once (date ranges are compared one by one). */
function inSet<T>(e: Cond<T>): { has: (v: unknown) => boolean } {
  if (e.set) return e.set;
  if (e.semiJoin) return (e.set = e.semiJoin());
  const lits = e.values.map((l) => literalComparable(e.field, l));
  if (lits.some((l) => l !== null && typeof l === 'object'))
    return { has: (v) => lits.some((l) => compare('=', v, l)) };
  return (e.set = new Set(lits));
}

export function matches<T>(e: Expr<T>, item: T): boolean {
  switch (e.kind) {
    case 'and':
      return e.args.every((arg) => matches(arg, item));
    case 'or':
      return e.args.some((arg) => matches(arg, item));
    case 'not':
      return !matches(e.arg, item);
    case 'cond': {
      const raw = e.read(item);
      if (e.like) return raw !== null && raw !== undefined && e.like(String(raw));
      const value = comparable(e.field, raw);
      switch (e.operator) {
        case 'IN':
          return inSet(e).has(value);
        case 'NOT IN':
          return !inSet(e).has(value);
        default:
          return compare(e.operator, value, literalComparable(e.field, e.values[0]));
      }
    }
  }
}
