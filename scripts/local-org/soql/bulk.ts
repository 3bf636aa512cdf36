/**
 * What Bulk API 2.0 query jobs refuse (Bulk API 2.0 and Bulk API Developer Guide, "Understanding Bulk API 2.0
 * Query", SOQL Considerations): GROUP BY, OFFSET, TYPEOF, aggregate functions such as COUNT(), and
 * parent-to-child relationship subqueries. LIMIT and ORDER BY are allowed (they only disable PK chunking).
 */
import { requestError } from '../errors.ts';
import { isAggregate, isCountOnly, parseSoql } from './parse.ts';

const refuse = (message: string) => requestError('API_ERROR', message);

/** Throws Salesforce's refusal when a query job cannot run the query; parse errors answer as /query does. */
export function checkBulkQuery(soql: string): void {
  if (/\bTYPEOF\b/i.test(soql))
    throw refuse(
      'TYPEOF is not supported in Bulk V2 Query; query each object type of the polymorphic field separately',
    );
  const q = parseSoql(soql);
  const fields = q.fields ?? [];
  if (fields.some((f) => f.type === 'FieldSubquery'))
    throw refuse('Aggregate Relationships not supported in Bulk V2 Query with CSV content type');
  if (isCountOnly(q) || fields.some(isAggregate))
    throw refuse(
      'Aggregate functions such as COUNT() are not supported in Bulk V2 Query; use the REST query resource (/query)',
    );
  if (q.groupBy) throw refuse('GROUP BY is not supported in Bulk V2 Query; use the REST query resource (/query)');
  if (q.offset !== undefined)
    throw refuse('OFFSET is not supported in Bulk V2 Query; filter on a field (such as Id > the last Id read) instead');
}
