/**
 * SOQL text → the parser's tree (@jetstreamapp/soql-parser-js), with Salesforce's MALFORMED_QUERY for text
 * it cannot read and a refusal with a hint for SOQL the local org does not evaluate.
 */
import { parseQuery, type FieldType, type Query, type QueryBase } from '@jetstreamapp/soql-parser-js';
import { malformed, notInLocalOrg } from './errors.ts';

/** Salesforce refuses longer statements (SOQL and SOSL Reference, "SOQL and SOSL Limits"). */
export const MAX_SOQL_LENGTH = 100_000;

export function parseSoql(soql: string): Query {
  if (soql.length > MAX_SOQL_LENGTH)
    throw malformed(`SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters.`);
  if (/^\s*FIND\s*[{']/i.test(soql)) {
    throw malformed(
      'unexpected token: FIND. FIND is SOSL: send it to /services/data/vXX.X/search?q=… (sf data search), not to /query.',
    );
  }
  let parsed: Query;
  try {
    parsed = parseQuery(soql);
  } catch (error) {
    throw malformed(`unexpected token: ${(error as Error).message.split('\n')[0]}`);
  }
  refuseUnsupported(parsed);
  return parsed;
}

/** Parts of SOQL the local org cannot evaluate: answered with a refusal that says what to do instead. */
function refuseUnsupported(q: QueryBase): void {
  for (const f of q.fields ?? []) refuseField(f);
  if (q.withDataCategory)
    throw notInLocalOrg(
      'WITH DATA CATEGORY',
      'Knowledge data categories do not exist there; filter on fields instead.',
    );
  if (q.usingScope)
    throw notInLocalOrg(`USING SCOPE ${q.usingScope}`, 'Every record belongs to the one local user; drop the clause.');
  if (q.groupBy && [q.groupBy].flat().some((g) => 'fn' in g && g.fn)) {
    throw notInLocalOrg(
      'GROUP BY ROLLUP/CUBE and date functions in GROUP BY',
      'Group by plain fields and total in code.',
    );
  }
}

function refuseField(f: FieldType): void {
  if (f.type === 'FieldTypeof') {
    throw notInLocalOrg(
      'TYPEOF',
      `Select ${f.field}Id (the polymorphic reference) and query each object type it points to separately.`,
    );
  }
  if (f.type === 'FieldFunctionExpression') {
    const fn = f.functionName.toUpperCase();
    if (!AGGREGATES.has(fn) && fn !== 'FIELDS') {
      throw notInLocalOrg(`${fn}()`, 'Select the field itself and convert, format or group it in code.');
    }
  }
  if (f.type === 'FieldSubquery') for (const inner of f.subquery.fields ?? []) refuseField(inner);
}

export const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

export const isFieldsFn = (f: FieldType) =>
  f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS';

export const isAggregate = (f: FieldType) =>
  f.type === 'FieldFunctionExpression' && AGGREGATES.has(f.functionName.toUpperCase());

/** `SELECT COUNT() …`: the only field is COUNT with no argument. */
export function isCountOnly(q: QueryBase): boolean {
  const fields = q.fields ?? [];
  const f = fields[0];
  return (
    fields.length === 1 &&
    f.type === 'FieldFunctionExpression' &&
    f.functionName.toUpperCase() === 'COUNT' &&
    f.parameters.length === 0
  );
}
