/**
 * The Salesforce side of the sync: a thin layer over a jsforce Connection that counts every call it makes,
 * retries its own writes, and speaks sObject Collections and Bulk API 2.0 ingest.
 */
import { createReadStream } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { bulkCsv, csvRowBatches } from './bulk-csv.ts';
import { BulkPace } from './bulk-pace.ts';
import { backoffDelay, DEFAULT_RETRY, isTransient, sleep, withRetry, type RetryOptions } from './retry.ts';

/** What the sync needs of a connection; jsforce's Connection and @salesforce/core's both fit. */
export interface SalesforceConnection {
  version: string;
  instanceUrl: string;
  /**
   * The session's token. With it, Bulk data (uploads and result sets) is streamed by the client itself: jsforce
   * holds a request body and an answer whole. Without it (a connection that only offers `request`), they go
   * through `request`.
   */
  accessToken?: string | null;
  /** The last answer's `Sforce-Limit-Info` api-usage, as jsforce keeps it. */
  limitInfo?: { apiUsage?: { used: number; limit: number } };
  /** Renews an expired session before a streamed call is retried (@salesforce/core's Connection can). */
  refreshAuth?: () => Promise<unknown>;
  request(
    request: { method: string; url: string; body?: string | Buffer; headers?: Record<string, string> },
    options?: object,
  ): PromiseLike<unknown>;
}

/**
 * What every call hands jsforce: no retries of its own (it resends a request body stream it has already consumed,
 * which hangs, and it ignores our backoff and call count) and a bound on the wait. Our retry sends a fresh body.
 */
const transportOptions = (timeoutMs: number) => ({ retry: { maxRetries: 0 }, timeout: timeoutMs });

/** Errors that mean nothing answers at that address (wrong URL, org down, no network): retrying will not help. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined;
    e && typeof e === 'object';
    e = e.cause as typeof e
  ) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** The org could not be reached at all on the first call of a client; its message names the URL. */
export class OrgUnreachableError extends Error {
  readonly instanceUrl: string;
  readonly retryable = false;
  constructor(instanceUrl: string, cause: unknown) {
    super(
      `Cannot reach the Salesforce org at ${instanceUrl} (${errorCode(cause) ?? (cause instanceof Error ? cause.message : String(cause))}). Check the instance URL and your network, then run again.`,
      { cause },
    );
    this.name = 'OrgUnreachable';
    this.instanceUrl = instanceUrl;
  }
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
    const code =
      (cause as { errorCode?: string } | null)?.errorCode ?? (cause as { name?: string } | null)?.name ?? 'ERROR';
    super(`Salesforce ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SalesforceCallError';
    this.errorCode = code;
  }
}

const NOT_OPENED = Symbol('bulk job not opened');

/**
 * True for the error of a Bulk job that could not be opened (created, its data uploaded, closed) in any attempt:
 * each job made for it was aborted, or left open, which Salesforce never processes, so none of its rows ran.
 */
export function bulkJobNotOpened(error: unknown): boolean {
  return typeof error === 'object' && error !== null && NOT_OPENED in error;
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
  /** When to check this client's closed Bulk jobs. */
  private readonly bulkPace = new BulkPace();
  /** CSV bytes one job's upload may carry; a larger data set is split into several jobs. */
  bulkUploadMaxBytes = BULK_UPLOAD_MAX_BYTES;
  /** Longest wait for one answer; past it the call is abandoned and retried like a dropped connection. */
  readonly callTimeoutMs: number;
  /** Until the org has answered once, an unreachable address fails the first call at once. */
  private reached = false;

  constructor(
    conn: SalesforceConnection,
    options: { retry?: Partial<RetryOptions>; events?: ClientEvents; callTimeoutMs?: number } = {},
  ) {
    this.conn = conn;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.events = options.events ?? {};
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
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
  async call<T>(
    kind: string,
    method: string,
    suffix: string,
    body?: unknown,
    headers: Record<string, string> = {},
    retry = this.retry,
    transport: object = {},
  ): Promise<T> {
    const url = this.url(suffix);
    const raw = typeof body === 'string' || Buffer.isBuffer(body);
    const payload = body === undefined ? undefined : raw ? (body as string | Buffer) : JSON.stringify(body);
    const contentType = raw ? 'text/csv' : 'application/json';
    return this.counted(kind, `${method} ${kind}`, retry, () =>
      this.send<T>(transport, {
        method,
        url,
        ...(payload === undefined ? {} : { body: payload, headers: { 'Content-Type': contentType, ...headers } }),
        ...(payload === undefined && Object.keys(headers).length ? { headers } : {}),
      }),
    );
  }

  /** Absolute, so an instance URL stored with a trailing slash (as the sf CLI may) does not yield `//services`. */
  private url(suffix: string): string {
    return `${this.conn.instanceUrl.replace(/\/+$/, '')}${suffix.startsWith('/services/') ? suffix : this.path(suffix)}`;
  }

  /** Every attempt of a call counted (the org counts each), retried when the failure is transient. */
  private async counted<T>(kind: string, what: string, retry: RetryOptions, once: () => Promise<T>): Promise<T> {
    try {
      const answer = await withRetry(
        what,
        async (attempt) => {
          this.lastAttempts = attempt + 1;
          this.calls++;
          this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
          try {
            return await once();
          } catch (error) {
            if (!this.reached && UNREACHABLE.has(errorCode(error) ?? ''))
              throw new OrgUnreachableError(this.conn.instanceUrl, error);
            throw error;
          }
        },
        retry,
        this.events.onRetry,
      );
      this.reached = true;
      return answer;
    } catch (error) {
      if (error instanceof OrgUnreachableError) throw error;
      throw new SalesforceCallError(what, error);
    }
  }

  /**
   * True when Bulk data can be streamed past jsforce: the connection shows its session token, and no proxy is
   * configured (jsforce sends through HTTP(S)_PROXY; Node's own HTTP client, which streams, would not).
   */
  private get streams(): boolean {
    return typeof this.conn.accessToken === 'string' && this.conn.accessToken !== '' && !proxyConfigured();
  }

  /**
   * One call made with the HTTP client directly, so neither its body nor its answer is held whole: `body` makes a
   * fresh request body per attempt (a retry never reuses a consumed one) and `read` consumes the answer as it
   * arrives. Counted, retried and bounded by the call timeout like `call`; an answer with an error status is read
   * (it is small) into the error Salesforce gave, with its code, so the retry rules read it as they read jsforce's.
   */
  private async streamCall<T>(
    kind: string,
    method: 'GET' | 'PUT',
    suffix: string,
    read: (answer: Readable) => Promise<T>,
    options: { body?: () => Readable; headers?: Record<string, string>; retry?: RetryOptions } = {},
  ): Promise<T> {
    const url = this.url(suffix);
    return this.counted(kind, `${method} ${kind}`, options.retry ?? this.retry, async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.callTimeoutMs);
      let answer: Readable | undefined;
      try {
        const headers = { Authorization: `Bearer ${this.conn.accessToken}`, ...options.headers };
        const response = await sendRequest(url, method, headers, options.body?.(), controller.signal);
        answer = response;
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          if (status === 401) await this.conn.refreshAuth?.().catch(() => undefined);
          // An answer cut short still has its status: the error says what there was of it.
          throw httpError(status, await readCapped(response, ERROR_BODY_MAX).catch(() => ''));
        }
        return await read(response);
      } catch (error) {
        answer?.destroy();
        if (controller.signal.aborted) throw timedOut(this.callTimeoutMs);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /**
   * One attempt, bounded by the call timeout even if the transport ignores its own (a stalled body read). The
   * request object is built per attempt, so a resend never reuses a body a failed attempt consumed.
   */
  private async send<T>(
    transport: object,
    request: { method: string; url: string; body?: string | Buffer; headers?: Record<string, string> },
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            Object.assign(new Error(`no answer within ${this.callTimeoutMs} ms (timed out)`), { code: 'ETIMEDOUT' }),
          ),
        this.callTimeoutMs + 1000,
      );
    });
    try {
      const options = { ...transportOptions(this.callTimeoutMs), ...transport };
      return (await Promise.race([this.conn.request(request, options), timeout])) as T;
    } catch (error) {
      throw withBodyErrorCode(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The daily API requests as of the last answer, from its `Sforce-Limit-Info: api-usage=used/limit` header (sent
   * with every REST answer, "Limit Info Header"): the budget without a call of its own to /limits. Undefined
   * before any answer carried it. The usage can pass the limit (API bursts): nothing remains then.
   */
  lastApiUsage(): ApiLimits | undefined {
    const usage = this.conn.limitInfo?.apiUsage;
    if (!usage || !Number.isFinite(usage.used) || !Number.isFinite(usage.limit)) return undefined;
    return { max: usage.limit, remaining: Math.max(0, usage.limit - usage.used) };
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
    if (urls.length > COMPOSITE_SUBREQUESTS)
      throw new Error(`A composite request takes at most ${COMPOSITE_SUBREQUESTS} subrequests, got ${urls.length}`);
    const compositeRequest = urls.map((url, i) => ({ method: 'GET', url: this.path(url), referenceId: `r${i}` }));
    const body = await this.call<{
      compositeResponse: { httpStatusCode: number; body: unknown; referenceId: string }[];
    }>('composite', 'POST', '/composite', {
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
    return this.call<WriteResult[]>(
      'collections-upsert',
      'PATCH',
      `/composite/sobjects/${object}/${externalIdField}`,
      body,
    );
  }

  async deleteCollection(ids: string[]): Promise<WriteResult[]> {
    if (ids.length > 200) throw new Error(`sObject Collections take at most 200 records, got ${ids.length}`);
    return this.call<WriteResult[]>(
      'collections-delete',
      'DELETE',
      `/composite/sobjects?ids=${ids.join(',')}&allOrNone=false`,
    );
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
    const csv = bulkCsv(job.columns, job.rows);
    const result: BulkIngestResult = {
      successful: [],
      successfulRead: false,
      failed: [],
      unprocessed: [],
      resent: false,
    };
    const done = await this.bulkIngestCsv({ ...job, csv, rowCount: job.rows.length }, async (kind, rows) => {
      result[kind].push(...rows);
    });
    return { ...result, successfulRead: done.successfulRead, resent: done.resent };
  }

  /**
   * The caller has nothing left to do but wait for its Bulk jobs: each is checked about when it is expected
   * complete, with a narrower margin than the one that spares status calls (at most one early check per job; see
   * bulk-pace.ts), until the returned function is called.
   */
  hurryBulkChecks(): () => void {
    return this.bulkPace.hurry();
  }

  /**
   * The same job from a CSV already built: a string, or a file (a spool the caller wrote), which is streamed to
   * the org from disk when the connection allows (see SalesforceConnection.accessToken). Its result rows are
   * handed to `onRows` a chunk at a time as they arrive and are parsed, holding only `resultColumns` when the
   * caller names them: no result set is ever held whole. Failed rows come first, then unprocessed, then successful.
   */
  async bulkIngestCsv(
    job: {
      object: string;
      operation: 'upsert' | 'delete';
      externalIdFieldName?: string;
      csv: string | Buffer | BulkCsvFile;
      rowCount: number;
      successfulResults?: boolean;
      /** The result columns the caller reads (`sf__Id`, its key column, …); default all. */
      resultColumns?: readonly string[];
      /** Hears the job's final status as soon as a check finds it complete, before any result is read. */
      onComplete?: (status: BulkJobInfo) => void;
    },
    onRows: BulkRowsHandler,
  ): Promise<{ successfulRead: boolean; resent: boolean }> {
    const { id, resent, createdAt } = await this.openBulkJob(job, job.csv);
    const done = await this.waitForJob(id, job.rowCount, createdAt, `bulk ${job.operation} of ${job.object}`);
    job.onComplete?.(done);
    // An org that does not report the counts gets every result read.
    const processed = done.numberRecordsProcessed ?? -1;
    const failed = done.numberRecordsFailed ?? -1;
    const anySucceeded = processed < 0 || failed < 0 || processed > failed;
    const successfulRead = job.successfulResults !== false;
    const read = (kind: BulkResultKind) =>
      this.readBulkResults(id, kind, job.resultColumns, (rows) => onRows(kind, rows, resent));
    if (failed !== 0) await read('failed');
    if (processed < job.rowCount) await read('unprocessed');
    if (successfulRead && anySucceeded) await read('successful');
    return { successfulRead, resent };
  }

  /**
   * One result set of a job, parsed row by row as it arrives and handed on in chunks. A read retried after a
   * dropped connection gets the same rows again (the result set is fixed once the job is complete): those already
   * handed on are skipped. A handler's own failure is not a failed call: it is raised as it is, never retried.
   */
  private async readBulkResults(
    id: string,
    kind: BulkResultKind,
    columns: readonly string[] | undefined,
    onRows: (rows: Record<string, string>[]) => Promise<void>,
  ): Promise<void> {
    const suffix = `/jobs/ingest/${id}/${RESULT_PATHS[kind]}`;
    let delivered = 0;
    let handlerFailure: { error: unknown } | undefined;
    const handOn = async (batches: AsyncIterable<Record<string, string>[]>) => {
      let seen = 0;
      let chunk: Record<string, string>[] = [];
      const flush = async () => {
        try {
          await onRows(chunk);
        } catch (error) {
          handlerFailure = { error };
          throw Object.assign(new Error('result handler failed'), { retryable: false });
        }
        delivered += chunk.length;
        chunk = [];
      };
      for await (const rows of batches) {
        for (const row of rows) {
          if (seen++ < delivered) continue;
          chunk.push(row);
        }
        if (chunk.length >= RESULT_CHUNK) await flush();
      }
      if (chunk.length) await flush();
    };
    try {
      if (this.streams)
        await this.streamCall('bulk', 'GET', suffix, (answer) => handOn(csvRowBatches(answer, columns)));
      else {
        // jsforce is asked for the raw text (it would hold the parsed rows too).
        const body = await this.call<unknown>('bulk', 'GET', suffix, undefined, {}, this.retry, {
          responseType: 'text/plain',
        });
        await handOn(resultRows(body, columns));
      }
    } catch (error) {
      throw handlerFailure ? handlerFailure.error : error;
    }
  }

  /**
   * Creates a job, uploads the CSV and closes it. An upload is never resent into the same job (if the failed
   * attempt's data arrived, the job would hold every row twice): the job is aborted and a new one takes the data.
   */
  private async openBulkJob(
    job: { object: string; operation: string; externalIdFieldName?: string },
    csv: string | Buffer | BulkCsvFile,
  ): Promise<{ id: string; resent: boolean; createdAt: number }> {
    const single = { ...this.retry, attempts: 1 };
    for (let attempt = 0; ; attempt++) {
      const info = await this.call<{ id: string }>('bulk', 'POST', '/jobs/ingest', {
        object: job.object,
        operation: job.operation,
        ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
        contentType: 'CSV',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
      });
      // By this client's clock: the org's dates of the job are read against it (bulk-pace.ts).
      const createdAt = Date.now();
      try {
        await this.upload(`/jobs/ingest/${info.id}/batches`, csv, single);
        await this.closeBulkJob(info.id);
        // A data set sent to an earlier job, or a close sent twice, may have been applied already.
        return { id: info.id, resent: attempt > 0 || this.lastAttempts > 1, createdAt };
      } catch (error) {
        await this.call('bulk', 'PATCH', `/jobs/ingest/${info.id}`, { state: 'Aborted' }).catch(() => undefined);
        if (attempt + 1 >= this.retry.attempts || !isTransient(error))
          throw typeof error === 'object' && error !== null ? Object.assign(error, { [NOT_OPENED]: true }) : error;
        const delayMs = backoffDelay(attempt, this.retry);
        this.events.onRetry?.({ what: 'PUT bulk upload (new job)', attempt, error, delayMs });
        await sleep(delayMs);
      }
    }
  }

  /** A job's data: a file is streamed from disk (never held whole) when the connection allows. */
  private async upload(suffix: string, csv: string | Buffer | BulkCsvFile, retry: RetryOptions): Promise<void> {
    if (typeof csv === 'string' || Buffer.isBuffer(csv))
      return void (await this.call('bulk', 'PUT', suffix, csv, {}, retry));
    if (!this.streams) return void (await this.call('bulk', 'PUT', suffix, await readFile(csv.path), {}, retry));
    await this.streamCall('bulk', 'PUT', suffix, (answer) => readCapped(answer, ERROR_BODY_MAX), {
      body: () => createReadStream(csv.path),
      // Its size as it is now on disk, whatever the writer counted.
      headers: { 'Content-Type': 'text/csv', 'Content-Length': String((await stat(csv.path)).size) },
      retry,
    });
  }

  /**
   * Marks the upload complete. A close resent after its answer was lost is refused (the job is no longer Open);
   * the job's state says whether the first one was applied.
   */
  private async closeBulkJob(id: string): Promise<void> {
    try {
      await this.call('bulk', 'PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    } catch (error) {
      const { state } = await this.call<{ state: string }>('bulk', 'GET', `/jobs/ingest/${id}`);
      if (state === 'Open' || state === 'Aborted') throw error;
    }
  }

  /** Polls a closed job until it completes, each check timed to find it complete (see bulk-pace.ts). */
  private async waitForJob(id: string, rows: number, createdAt: number, what: string): Promise<BulkJobInfo> {
    const deadline = Date.now() + this.bulkTimeoutMs;
    const pace = this.bulkPace.closed(rows, createdAt);
    try {
      await pace.untilFirst();
      for (let poll = 0; ; poll++) {
        const status = await this.call<BulkJobInfo>('bulk', 'GET', `/jobs/ingest/${id}`);
        if (status.state === 'JobComplete') {
          pace.over(status);
          return status;
        }
        this.throwIfJobEnded(id, status, what, deadline);
        await pace.wait(pace.next(poll, status));
      }
    } finally {
      pace.over();
    }
  }

  private throwIfJobEnded(id: string, status: BulkJobInfo, what: string, deadline: number): void {
    if (status.state === 'Failed' || status.state === 'Aborted') {
      const cause = Object.assign(new Error(`job ${id} ${status.state}: ${status.errorMessage ?? ''}`), {
        errorCode: 'BULK_JOB_FAILED',
      });
      throw new SalesforceCallError(what, cause);
    }
    if (Date.now() > deadline) {
      const cause = Object.assign(new Error(`job ${id} still ${status.state} after ${this.bulkTimeoutMs} ms`), {
        errorCode: 'BULK_JOB_TIMEOUT',
      });
      throw new SalesforceCallError(what, cause);
    }
  }
}

export interface BulkJobInfo {
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
  /** Milliseconds the org spent processing the job. */
  totalProcessingTime?: number;
  createdDate?: string;
  /** When the job last changed: for a complete job, when it finished. */
  systemModstamp?: string;
}

export type BulkResultKind = 'successful' | 'failed' | 'unprocessed';

/** Hears a job's result rows a chunk at a time; `resent`: the rows went out more than once (see BulkIngestResult). */
export type BulkRowsHandler = (kind: BulkResultKind, rows: Record<string, string>[], resent: boolean) => Promise<void>;

/** A job's CSV written to a file by the caller: streamed from disk to the org. */
export interface BulkCsvFile {
  path: string;
}

const RESULT_PATHS: Record<BulkResultKind, string> = {
  successful: 'successfulResults',
  failed: 'failedResults',
  unprocessed: 'unprocessedrecords',
};

/** Result rows handed on at a time: enough to commit in one statement batch, few enough to stay small. */
const RESULT_CHUNK = 2000;

/**
 * Bulk API 2.0 takes at most 150 MB of base64-encoded CSV per job upload, so at most 100 MB of CSV before the
 * encoding (Salesforce, Bulk API 2.0 and Bulk API Developer Guide, "Upload Job Data").
 */
export const BULK_UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

export interface BulkIngestResult {
  successful: Record<string, string>[];
  /** False when the caller asked not to read successful rows: rows not failed nor unprocessed succeeded. */
  successfulRead: boolean;
  failed: Record<string, string>[];
  unprocessed: Record<string, string>[];
  /** The rows were sent more than once (a new job after a failed upload): `sf__Created` false may hide a creation. */
  resent: boolean;
}

/** Long enough for a large Bulk CSV upload on a slow link; short enough that a stalled connection cannot hang a run. */
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

/**
 * An error answer to a call whose body was asked for as raw text (Bulk results) reaches us as `ERROR_HTTP_<status>`
 * with the body as its message: the Salesforce error code in that JSON body (INVALID_SESSION_ID, …) is what the
 * retry rules read, so it is restored.
 */
function withBodyErrorCode(error: unknown): unknown {
  const e = error as { errorCode?: unknown; message?: unknown } | null;
  if (typeof e?.errorCode !== 'string' || !e.errorCode.startsWith('ERROR_HTTP_') || typeof e.message !== 'string')
    return error;
  try {
    const body = JSON.parse(e.message) as unknown;
    const first = (Array.isArray(body) ? body[0] : body) as { errorCode?: unknown; message?: unknown } | undefined;
    if (typeof first?.errorCode === 'string')
      return Object.assign(error as object, {
        errorCode: first.errorCode,
        message: typeof first.message === 'string' ? first.message : e.message,
      });
  } catch {
    // Not JSON: the status code is all there is.
  }
  return error;
}

function stripAttributes(record: SObjectRecord): SObjectRecord {
  const out: SObjectRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) ? stripAttributes(value as SObjectRecord) : value;
  }
  return out;
}

/** Rows of a result set answered through jsforce: raw CSV text, parsed a slice at a time, or rows it parsed. */
async function* resultRows(body: unknown, columns?: readonly string[]): AsyncGenerator<Record<string, string>[]> {
  if (Array.isArray(body)) {
    yield (body as Record<string, string>[]).map((row) =>
      columns ? Object.fromEntries(columns.filter((c) => c in row).map((c) => [c, row[c]!])) : row,
    );
    return;
  }
  if (typeof body !== 'string' || !body.trim()) return;
  // Fed in slices: a parser given the whole text at once would hold every row before the first is read.
  yield* csvRowBatches(Readable.from(slices(body, 1 << 16)), columns);
}

function* slices(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** The start of an answer's text, for an error message (the rest is read and dropped so nothing waits on it). */
async function readCapped(body: Readable, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of body as AsyncIterable<Buffer>) {
    if (size < max) parts.push(part.subarray(0, max - size));
    size += part.length;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Error bodies are a few hundred bytes; a larger one is cut for the message. */
const ERROR_BODY_MAX = 64 * 1024;

/** An error status answered to a streamed call, as jsforce reports one: Salesforce's error code when it gave one. */
function httpError(status: number, text: string): Error {
  const error = Object.assign(new Error(text || `HTTP ${status}`), { errorCode: `ERROR_HTTP_${status}`, status });
  return withBodyErrorCode(error) as Error;
}

function timedOut(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms (timed out)`), { code: 'ETIMEDOUT' });
}

/**
 * One request with Node's own HTTP client (its default agents keep connections alive without holding the process
 * open), the body streamed in: resolves with the answer once its status and headers have arrived.
 */
function sendRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Readable | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? https : http).request(target, { method, headers, signal });
    request.once('response', resolve);
    // Every error is heard (one after the answer, such as a body the org stopped reading, is no failure of its own).
    request.on('error', reject);
    if (!body) return void request.end();
    // Not pipeline(): it would destroy the answer with the request when the org answers before reading it all.
    body.once('error', (error) => request.destroy(error));
    body.pipe(request);
  });
}

/** The proxy jsforce would send through (it reads these at load, in this order). */
function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.https_proxy ?? env.http_proxy ?? env.HTTPS_PROXY ?? env.HTTP_PROXY);
}
