/**
 * WHERE over rows: field conditions with type-checked literals, LIKE, and semi-joins / anti-joins
 * (`Id IN (SELECT …)`, `NOT IN`) with Salesforce's restrictions (SOQL and SOSL Reference, "Comparison
 * Operators", semi-join and anti-join considerations): at most two per WHERE, only in the top-level AND chain,
 * not nested, on an ID or reference field, selecting one ID or reference field of another object.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import type { ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Row } from '../store.ts';
import { isLongText, malformed, notInLocalOrg, notUsableIn, tooManySemiJoins, unknownObject } from './errors.ts';
import { compileLike } from './like.ts';
import { likePattern, literal } from './literals.ts';
import { pathOf, valueAt } from './paths.ts';
import { buildExpr, comparable, conditions, type Cond, type Expr } from './where.ts';

export type RowExpr = Expr<Row>;

/** Runs a semi-join's subquery over its object's rows: the selected field's values. */
export type SubqueryRunner = (object: ObjectModel, q: Query) => Row[];

export function whereExpr(org: Org, o: ObjectModel, where: unknown, run: SubqueryRunner, inSubquery = false): RowExpr {
  const e = buildExpr<Row>(where, (node) => rowCondition(org, o, node, run, inSubquery));
  let joins = 0;
  for (const { cond, placement } of conditions(e)) {
    if (!cond.semiJoin) continue;
    joins += 1;
    if (placement === 'nested') {
      throw malformed(
        'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.',
      );
    }
    if (placement !== 'top') throw malformed(`Semi join sub-selects are not allowed with the '${placement}' operator`);
  }
  if (joins > 2) throw tooManySemiJoins();
  return e;
}

function rowCondition(
  org: Org,
  o: ObjectModel,
  node: Record<string, unknown>,
  run: SubqueryRunner,
  inSubquery: boolean,
): Cond<Row> {
  if (!('field' in node))
    throw notInLocalOrg(
      'A function in WHERE',
      'Filter on the field itself (a date range instead of CALENDAR_YEAR(…), for example).',
    );
  const path = pathOf(org, o, String(node.field));
  const field = path.field;
  if (isLongText(field)) throw notUsableIn(field, 'filtered');
  const operator = String(node.operator).toUpperCase();
  const read = (row: Row) => valueAt(org, o, row, path);
  if (node.literalType === 'SUBQUERY') {
    if (inSubquery) throw malformed('Nesting of semi join sub-selects is not supported');
    return {
      kind: 'cond',
      field,
      path,
      read,
      operator,
      values: [],
      semiJoin: semiJoin(org, o, field, node.valueQuery as Query, run),
    };
  }
  const values = Array.isArray(node.value) ? node.value : [node.value];
  const types = Array.isArray(node.literalType) ? node.literalType : values.map(() => node.literalType);
  if (operator === 'LIKE') {
    const like = compileLike(likePattern(field, String(values[0]), String(types[0])));
    return { kind: 'cond', field, path, read, operator, values: [], like };
  }
  if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
    throw notInLocalOrg(operator, 'The package has no multi-select picklists; use = or IN.');
  }
  const nVars = Array.isArray(node.dateLiteralVariable)
    ? node.dateLiteralVariable
    : values.map(() => node.dateLiteralVariable);
  return {
    kind: 'cond',
    field,
    path,
    read,
    operator,
    values: values.map((v, i) => literal(field, String(v), String(types[i]), nVars[i] as number | undefined)),
  };
}

function semiJoin(
  org: Org,
  o: ObjectModel,
  left: ObjectModel['fields'][number],
  q: Query,
  run: SubqueryRunner,
): () => Set<unknown> {
  if (left.type !== 'id' && left.type !== 'reference') {
    throw malformed(`semi join sub selects are only allowed on id fields, cannot use: '${left.name}'`);
  }
  const inner = org.object(q.sObject ?? '');
  if (!inner) throw unknownObject(q.sObject ?? '');
  if (inner.name === o.name) throw malformed('The inner and outer selects should not be on the same object type');
  const fields = q.fields ?? [];
  const only = fields[0];
  if (fields.length !== 1 || only.type !== 'Field')
    throw malformed('semi join sub selects can only query one id field');
  const selected = pathOf(org, inner, only.field);
  if (selected.field.type !== 'id' && selected.field.type !== 'reference') {
    throw malformed(`semi join sub selects can only query id fields, cannot use: '${selected.field.name}'`);
  }
  return () =>
    new Set(
      run(inner, q)
        .map((row) => comparable(left, valueAt(org, inner, row, selected)))
        .filter((v) => v !== null),
    );
}
