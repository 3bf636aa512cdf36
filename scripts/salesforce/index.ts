/** Reaching Salesforce orgs: auth-store or token connections, and a counted, retrying API client. */
export { bulkCsv, bulkCsvLines, csvRowBatches } from './bulk-csv.ts';
export { bulkPollDelay, BulkPace } from './bulk-pace.ts';
export { connectToOrg, ConnectError, DEFAULT_API_VERSION, type ConnectOptions, type OrgConnection } from './connect.ts';
export {
  BULK_UPLOAD_MAX_BYTES,
  bulkJobNotOpened,
  COMPOSITE_SUBREQUESTS,
  DEFAULT_CALL_TIMEOUT_MS,
  OrgUnreachableError,
  type BulkCsvFile,
  type BulkIngestResult,
  type BulkResultKind,
  type BulkRowsHandler,
  SalesforceClient,
  SalesforceCallError,
  type ApiLimits,
  type RecordResultError,
  type SObjectRecord,
  type SalesforceConnection,
  type WriteResult,
} from './client.ts';
export {
  backoffDelay,
  DEFAULT_RETRY,
  isDailyLimitExhausted,
  isTransient,
  sleep,
  withRetry,
  type RetryOptions,
} from './retry.ts';
export { soqlList, soqlQuote } from './soql.ts';
