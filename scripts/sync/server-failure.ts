import { SalesforceCallError } from '../salesforce/index.ts';

/**
 * Whole-call failures that say nothing about the data and persisted through the client's retries: the records of
 * that call fail one by one (and are retried next run) instead of the whole run.
 */
const SERVER_FAILURES = new Set(['UNKNOWN_EXCEPTION', 'BULK_JOB_FAILED', 'BULK_JOB_TIMEOUT']);

export function serverFailure(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof SalesforceCallError) || !SERVER_FAILURES.has(error.errorCode)) return undefined;
  return { code: error.errorCode, message: error.message };
}
