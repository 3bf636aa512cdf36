/**
 * The Salesforce side of the sync: a thin layer over a jsforce Connection that counts every call it makes,
 * retries its own writes, and speaks sObject Collections and Bulk API 2.0 ingest.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { DEFAULT_RETRY, sleep, withRetry, type RetryOptions } from './retry.ts';

/** What the sync needs of a connection; jsforce's Connection and @salesforce/core's both fit. */
export interface SalesforceConnection {
  version: string;
  instanceUrl: string;
  request(request: { method: string; url: string; body?: string; headers?: Record<string, string> }, options?: object): PromiseLike<unknown>;
}

export interface RecordResultError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface WriteResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: RecordResultError[];
}

export interface SObjectRecord {
  Id?: string;
  [field: string]: unknown;
}

export interface ApiLimits {
  max: number;
  remaining: number;
}

export interface ClientEvents {
  onRetry?: (info: { what: string; attempt: number; error: unknown; delayMs: number }) => void;
}

/** Raised when the org refuses a whole call (not one record), after retries. */
export class SalesforceCallError extends Error {
  readonly errorCode: string;
  constructor(what: string, cause: unknown) {
    const code = (cause as { errorCode?: string } | null)?.errorCode ?? (cause as { name?: string } | null)?.name ?? 'ERROR';
    super(`Salesforce ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SalesforceCallError';
    this.errorCode = code;
  }
}

/** Subrequests one Composite call may carry (REST API Developer Guide, "Composite"). */
export const COMPOSITE_SUBREQUESTS = 25;

export class SalesforceClient {
  readonly conn: SalesforceConnection;
  readonly retry: RetryOptions;
  private calls = 0;
  /** Attempts the last call took: more than one means an earlier attempt may have been applied. */
  lastAttempts = 0;
  private readonly byKind = new Map<string, number>();
  private readonly events: ClientEvents;
  bulkTimeoutMs = 10 * 60_000;

  constructor(conn: SalesforceConnection, options: { retry?: Partial<RetryOptions>; events?: ClientEvents } = {}) {
    this.conn = conn;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.events = options.events ?? {};
  }

  get apiVersion(): string {
    return this.conn.version;
  }

  callCount(): number {
    return this.calls;
  }

  callCountsByKind(): Record<string, number> {
    return Object.fromEntries(this.byKind);
  }

  private path(suffix: string): string {
    return `/services/data/v${this.conn.version}${suffix}`;
  }

  /** One HTTP call through jsforce, counted, retried when the failure is transient. */
  async call<T>(kind: string, method: string, suffix: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    // Absolute, so an instance URL stored with a trailing slash (as the sf CLI may) does not yield `//services`.
    const url = `${this.conn.instanceUrl.replace(/\/+$/, '')}${suffix.startsWith('/services/') ? suffix : this.path(suffix)}`;
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/csv' : 'application/json';
    try {
      return await withRetry(
        `${method} ${kind}`,
        async (attempt) => {
          this.lastAttempts = attempt + 1;
          this.calls++;
          this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
          return (await this.conn.request({
            method,
            url,
            ...(payload === undefined ? {} : { body: payload, headers: { 'Content-Type': contentType, ...headers } }),
            ...(payload === undefined && Object.keys(headers).length ? { headers } : {}),
          })) as T;
        },
        this.retry,
        this.events.onRetry,
      );
    } catch (error) {
      throw new SalesforceCallError(`${method} ${kind}`, error);
    }
  }

  async limits(): Promise<ApiLimits> {
    const body = await this.call<Record<string, { Max: number; Remaining: number }>>('limits', 'GET', '/limits');
    const daily = body.DailyApiRequests;
    if (!daily) throw new Error('The org did not report DailyApiRequests in /limits');
    return { max: daily.Max, remaining: daily.Remaining };
  }

  /** Every row of a SOQL query, page by page (never the whole result at once). */
  async *queryPages<T extends SObjectRecord>(soql: string): AsyncGenerator<T[]> {
    let page = await this.call<{ records: T[]; done: boolean; nextRecordsUrl?: string }>(
      'query',
      'GET',
      `/query?q=${encodeURIComponent(soql)}`,
    );
    for (;;) {
      yield page.records.map(stripAttributes) as T[];
      if (page.done || !page.nextRecordsUrl) return;
      page = await this.call('query', 'GET', page.nextRecordsUrl);
    }
  }

  async queryAll<T extends SObjectRecord>(soql: string): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.queryPages<T>(soql)) all.push(...page);
    return all;
  }

  /**
   * Up to 25 GET subrequests in one Composite call, which Salesforce counts as a single API request; each answer
   * keeps its own status (a missing record is a 404 among 200s). URLs are relative to the API version root.
   */
  async compositeGet(urls: string[]): Promise<{ status: number; body: unknown }[]> {
    if (urls.length > COMPOSITE_SUBREQUESTS) throw new Error(`A composite request takes at most ${COMPOSITE_SUBREQUESTS} subrequests, got ${urls.length}`);
    const compositeRequest = urls.map((url, i) => ({ method: 'GET', url: this.path(url), referenceId: `r${i}` }));
    const body = await this.call<{ compositeResponse: { httpStatusCode: number; body: unknown; referenceId: string }[] }>('composite', 'POST', '/composite', {
      allOrNone: false,
      compositeRequest,
    });
    const byRef = new Map(body.compositeResponse.map((r) => [r.referenceId, r]));
    return urls.map((_, i) => {
      const r = byRef.get(`r${i}`);
      return { status: r?.httpStatusCode ?? 0, body: r?.body };
    });
  }

  /** Upsert up to 200 records of one type by external ID; allOrNone false, so each record succeeds or fails alone. */
  async upsertCollection(object: string, externalIdField: string, records: SObjectRecord[]): Promise<WriteResult[]> {
    if (records.length > 200) throw new Error(`sObject Collections take at most 200 records, got ${records.length}`);
    const body = { allOrNone: false, records: records.map((r) => ({ attributes: { type: object }, ...r })) };
    return this.call<WriteResult[]>('collections-upsert', 'PATCH', `/composite/sobjects/${object}/${externalIdField}`, body);
  }

  async deleteCollection(ids: string[]): Promise<WriteResult[]> {
    if (ids.length > 200) throw new Error(`sObject Collections take at most 200 records, got ${ids.length}`);
    return this.call<WriteResult[]>('collections-delete', 'DELETE', `/composite/sobjects?ids=${ids.join(',')}&allOrNone=false`);
  }

  /**
   * One Bulk API 2.0 ingest job: create, upload, close, wait, read results. Rows are matched back by the
   * caller through the external ID or Id column, since Salesforce does not keep row order. Results cost a call
   * each, so only those that can hold something are read: failed rows when the job counted failures, unprocessed
   * rows when it processed fewer than were sent, successful rows only when the caller needs them (new Ids).
   */
  async bulkIngest(job: {
    object: string;
    operation: 'upsert' | 'delete';
    externalIdFieldName?: string;
    rows: Record<string, string>[];
    columns: string[];
    /** Read the successful rows (their Ids and sf__Created); default true. */
    successfulResults?: boolean;
  }): Promise<BulkIngestResult> {
    const info = await this.call<{ id: string }>('bulk', 'POST', '/jobs/ingest', {
      object: job.object,
      operation: job.operation,
      ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
      contentType: 'CSV',
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    const csv = stringifyCsv(job.rows, { header: true, columns: job.columns, record_delimiter: 'unix' });
    await this.call('bulk', 'PUT', `/jobs/ingest/${info.id}/batches`, csv);
    await this.call('bulk', 'PATCH', `/jobs/ingest/${info.id}`, { state: 'UploadComplete' });
    const done = await this.waitForJob(info.id, job.rows.length, `bulk ${job.operation} of ${job.object}`);
    const read = async (which: string) => toRows(await this.call<unknown>('bulk', 'GET', `/jobs/ingest/${info.id}/${which}`));
    // An org that does not report the counts gets every result read.
    const processed = done.numberRecordsProcessed ?? -1;
    const failed = done.numberRecordsFailed ?? -1;
    const anySucceeded = processed < 0 || failed < 0 || processed > failed;
    return {
      successful: job.successfulResults !== false && anySucceeded ? await read('successfulResults') : [],
      successfulRead: job.successfulResults !== false,
      failed: failed !== 0 ? await read('failedResults') : [],
      unprocessed: processed < job.rows.length ? await read('unprocessedrecords') : [],
    };
  }

  /** Polls a closed job until it completes: the first check after about the time a job of this size takes. */
  private async waitForJob(id: string, rows: number, what: string): Promise<BulkJobInfo> {
    const deadline = Date.now() + this.bulkTimeoutMs;
    await sleep(bulkFirstPollDelay(rows));
    for (let poll = 0; ; poll++) {
      const status = await this.call<BulkJobInfo>('bulk', 'GET', `/jobs/ingest/${id}`);
      if (status.state === 'JobComplete') return status;
      if (status.state === 'Failed' || status.state === 'Aborted') {
        throw new SalesforceCallError(what, new Error(`job ${id} ${status.state}: ${status.errorMessage ?? ''}`));
      }
      if (Date.now() > deadline) throw new SalesforceCallError(what, new Error(`job ${id} still ${status.state} after ${this.bulkTimeoutMs} ms`));
      await sleep(bulkPollDelay(poll + 1));
    }
  }
}

export interface BulkJobInfo {
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
}

export interface BulkIngestResult {
  successful: Record<string, string>[];
  /** False when the caller asked not to read successful rows: rows not failed nor unprocessed succeeded. */
  successfulRead: boolean;
  failed: Record<string, string>[];
  unprocessed: Record<string, string>[];
}

/** Salesforce processes a few thousand rows a second: the first check waits for about that, within 250 ms–5 s. */
export function bulkFirstPollDelay(rows: number): number {
  return Math.min(5_000, 250 + Math.round(rows * 0.05));
}

/**
 * Every status check is an API request against the daily limit: quick at first (small jobs finish in a second),
 * then backing off, so a ten-minute job costs a few dozen checks rather than a thousand.
 */
export function bulkPollDelay(poll: number): number {
  return Math.min(10_000, Math.round(250 * 1.5 ** poll));
}

function stripAttributes(record: SObjectRecord): SObjectRecord {
  const out: SObjectRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    out[key] = value && typeof value === 'object' && !Array.isArray(value) ? stripAttributes(value as SObjectRecord) : value;
  }
  return out;
}

/** jsforce parses text/csv bodies itself; accept either its rows or the raw text. */
function toRows(body: unknown): Record<string, string>[] {
  if (Array.isArray(body)) return body as Record<string, string>[];
  if (typeof body === 'string') return body.trim() ? (parseCsv(body, { columns: true, skip_empty_lines: true }) as Record<string, string>[]) : [];
  return [];
}
