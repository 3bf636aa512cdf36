/** SOQL lives in soql/ (one module per concern); this file keeps the import path other modules use. */
export { checkBulkQuery, queryColumns, runQuery, type QueryOptions, type QueryOutput } from './soql/index.ts';
