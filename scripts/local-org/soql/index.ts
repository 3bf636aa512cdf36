/**
 * SOQL over the store: parsed by @jetstreamapp/soql-parser-js, evaluated in memory. The public surface is
 * `runQuery` (records or aggregate rows), `queryColumns` (the sf CLI's column metadata) and `checkBulkQuery`
 * (what Bulk API 2.0 query jobs refuse). scripts/local-org/README.md lists what is supported.
 */
export { runQuery, type QueryOptions, type QueryOutput } from './query.ts';
export { queryColumns } from './columns.ts';
export { checkBulkQuery } from './bulk.ts';
