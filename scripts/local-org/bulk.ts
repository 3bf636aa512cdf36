/**
 * Bulk API 2.0: ingest jobs (CSV upload, UploadComplete → InProgress → JobComplete, per-row results) and
 * query jobs (CSV results paged with Sforce-Locator). Jobs live in memory for the life of the server.
 */
import Papa from 'papaparse';
import { SfError, notFound, requestError } from './errors.ts';
import {
  createRecord,
  deleteRecord,
  updateRecord,
  upsertField,
  upsertRecord,
  type RecordInput,
  type WriteResult,
} from './dml.ts';
import { KEY_PREFIX } from './ids.ts';
import type { FieldModel, ObjectModel } from './model.ts';
import type { Org } from './org.ts';
import { checkBulkQuery, runQuery } from './soql.ts';
import type { Values } from './store.ts';
import { csvValue, formatDateTime } from './values.ts';

const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`',
};
const OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];
/** Records per internal batch of an ingest job, each committed on its own (Salesforce's documented size). */
const ROWS_PER_BATCH = 10_000;
/** Rows written between two turns of the event loop, so the org answers other calls while a job runs. */
const ROWS_PER_SLICE = 500;

interface JobBase {
  id: string;
  operation: string;
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: string;
  concurrencyMode: 'Parallel';
  contentType: 'CSV';
  apiVersion: number;
  lineEnding: string;
  columnDelimiter: string;
  numberRecordsProcessed: number;
  retries: number;
  totalProcessingTime: number;
  errorMessage?: string;
}

interface IngestJob extends JobBase {
  externalIdFieldName?: string;
  numberRecordsFailed: number;
  chunks: string[];
  header?: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
}

interface QueryJob extends JobBase {
  query: string;
  columns: string[];
  rows: string[][];
}

export type RowFault = () => SfError | undefined;

export class Bulk {
  private readonly org: Org;
  private readonly ingest = new Map<string, IngestJob>();
  private readonly queries = new Map<string, QueryJob>();
  rowFault: RowFault = () => undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** The jobs closed so far, processed one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(org: Org) {
    this.org = org;
  }

  private base(operation: string, object: string, body: Values, version: string): JobBase {
    const now = formatDateTime(new Date());
    return {
      id: this.org.transientId(KEY_PREFIX.BulkJob),
      operation,
      object,
      createdById: this.org.userId,
      createdDate: now,
      systemModstamp: now,
      state: 'Open',
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version),
      lineEnding: String(body.lineEnding ?? 'LF'),
      columnDelimiter: String(body.columnDelimiter ?? 'COMMA'),
      numberRecordsProcessed: 0,
      retries: 0,
      totalProcessingTime: 0,
    };
  }

  createIngest(body: Values, version: string): Values {
    const operation = String(body.operation ?? '');
    if (!OPERATIONS.includes(operation))
      throw requestError('INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
    const o = this.org.object(String(body.object ?? ''));
    if (!o) throw requestError('INVALIDJOB', `InvalidJob : Invalid object: ${String(body.object)}`);
    if (operation === 'upsert') {
      if (!body.externalIdFieldName)
        throw requestError(
          'INVALIDJOB',
          `InvalidJob : External ID was blank for ${o.name}. An External ID must be specified for upsert.`,
        );
      upsertField(o, String(body.externalIdFieldName));
    }
    if (body.contentType && body.contentType !== 'CSV')
      throw requestError('INVALIDJOB', `InvalidJob : Invalid content type: ${String(body.contentType)}`);
    const job: IngestJob = {
      ...this.base(operation, o.name, body, version),
      externalIdFieldName: body.externalIdFieldName as string | undefined,
      numberRecordsFailed: 0,
      chunks: [],
      successful: [],
      failed: [],
      unprocessed: [],
    };
    this.ingest.set(job.id, job);
    return this.ingestInfo(job, version, false);
  }

  ingestInfo(job: IngestJob, version: string, full = true): Values {
    const { chunks: _c, header: _h, successful: _s, failed: _f, unprocessed: _u, ...info } = job;
    void [_c, _h, _s, _f, _u];
    const base = { ...info, contentUrl: `services/data/v${version}/jobs/ingest/${job.id}/batches` };
    if (!full) {
      const {
        numberRecordsProcessed: _p,
        numberRecordsFailed: _n,
        retries: _r,
        totalProcessingTime: _t,
        ...short
      } = base;
      void [_p, _n, _r, _t];
      return short;
    }
    return { ...base, jobType: 'V2Ingest', apiActiveProcessingTime: job.totalProcessingTime, apexProcessingTime: 0 };
  }

  getIngest(id: string): IngestJob {
    const job = this.ingest.get(id);
    if (!job) throw notFound('The requested resource does not exist');
    return job;
  }

  upload(id: string, csv: string): void {
    const job = this.getIngest(id);
    if (job.state !== 'Open')
      throw requestError(
        'INVALIDJOBSTATE',
        `Job's state is ${job.state}; data can only be uploaded to an Open job`,
        409,
      );
    job.chunks.push(csv);
  }

  setIngestState(id: string, state: string, version: string): Values {
    const job = this.getIngest(id);
    if (state === 'Aborted') {
      if (['JobComplete', 'Failed'].includes(job.state))
        throw requestError('INVALIDJOBSTATE', `Job is already ${job.state}`, 409);
      job.state = 'Aborted';
    } else if (state === 'UploadComplete') {
      if (job.state !== 'Open')
        throw requestError('INVALIDJOBSTATE', `Job's state is ${job.state}; only an Open job can be closed`, 409);
      job.state = 'UploadComplete';
      // Queued, as Salesforce queues a closed job: the org works on one job at a time, in the order they closed.
      this.queue = this.queue
        .then(() => new Promise<void>((resolve) => this.later(resolve)))
        .then(() => this.process(job));
    } else {
      throw requestError('INVALIDJOBSTATE', `Invalid state: ${state}`, 400);
    }
    job.systemModstamp = formatDateTime(new Date());
    return this.ingestInfo(job, version, false);
  }

  deleteIngest(id: string): void {
    const job = this.getIngest(id);
    if (['Open', 'UploadComplete', 'InProgress'].includes(job.state))
      throw requestError('INVALIDJOBSTATE', 'Job is not complete', 409);
    this.ingest.delete(id);
  }

  listIngest(version: string): Values {
    return {
      done: true,
      records: [...this.ingest.values()].map((j) => this.ingestInfo(j, version, false)),
      nextRecordsUrl: null,
    };
  }

  private async process(job: IngestJob): Promise<void> {
    if (job.state !== 'UploadComplete') return;
    job.state = 'InProgress';
    const started = Date.now();
    try {
      await this.processRows(job);
      if (this.closed) return;
      if (job.state === 'InProgress') job.state = 'JobComplete';
    } catch (error) {
      this.org.store.commit();
      job.state = 'Failed';
      job.errorMessage = (error as Error).message;
    }
    job.totalProcessingTime = Date.now() - started;
    job.systemModstamp = formatDateTime(new Date());
  }

  /**
   * Salesforce processes a job asynchronously in internal batches of 10,000 records ("Understanding Bulk API 2.0
   * Ingest"), each committed on its own, while the org keeps answering API calls: rows are written a slice at a
   * time, other requests served between slices, and the store committed after each batch.
   */
  private async processRows(job: IngestJob): Promise<void> {
    const o = this.org.object(job.object)!;
    const delimiter = DELIMITERS[job.columnDelimiter] ?? ',';
    const rows: string[][] = [];
    for (const chunk of job.chunks) {
      const parsed = parseCsv(chunk, delimiter);
      if (parsed.length === 0) continue;
      const [header, ...data] = parsed;
      job.header ??= header;
      if (header.join('\u0000') !== job.header.join('\u0000'))
        throw new SfError('InvalidBatch', 'InvalidBatch : All uploaded CSV chunks must have the same header');
      rows.push(...data);
    }
    job.chunks = [];
    const header = job.header ?? [];
    const columns = header.map((name) => column(this.org, o, name, job.operation));
    const extField = job.operation === 'upsert' ? upsertField(o, job.externalIdFieldName!) : undefined;
    for (const [index, row] of rows.entries()) {
      if (index > 0 && index % ROWS_PER_SLICE === 0) {
        if (index % ROWS_PER_BATCH === 0) this.org.store.commit();
        job.numberRecordsFailed = job.failed.length;
        await new Promise((resolve) => setImmediate(resolve));
        if (this.closed) return;
      }
      if (job.state === 'Aborted') {
        job.unprocessed.push(row);
        continue;
      }
      const sp = this.org.store.savepoint();
      try {
        const fault = this.rowFault();
        if (fault) throw fault;
        const r = this.writeRow(o, job, columns, row, extField);
        job.successful.push([r.id, String(r.created), ...row]);
      } catch (error) {
        this.org.store.rollbackTo(sp);
        if (!(error instanceof SfError)) throw error;
        const id =
          job.operation === 'update' || job.operation === 'delete'
            ? (row[header.findIndex((h) => h.toLowerCase() === 'id')] ?? '')
            : '';
        job.failed.push([id, `${error.errorCode}:${error.message}:${error.fields.join(',')} --`, ...row]);
      }
      job.numberRecordsProcessed += 1;
    }
    job.numberRecordsFailed = job.failed.length;
    this.org.store.commit();
  }

  private writeRow(
    o: ObjectModel,
    job: IngestJob,
    columns: Column[],
    row: string[],
    extField: FieldModel | undefined,
  ): WriteResult {
    const input: RecordInput = {};
    let id: string | undefined;
    columns.forEach((c, i) => {
      const raw = row[i] ?? '';
      if (c.kind === 'id') id = raw;
      if (raw === '' && job.operation !== 'insert') return;
      const value = raw === '#N/A' || raw === '' ? null : raw;
      if (c.kind === 'field') input[c.name] = value;
      else if (c.kind === 'reference') input[c.relationship] = value === null ? null : { [c.parentField]: value };
    });
    switch (job.operation) {
      case 'insert':
        return createRecord(this.org, o, input);
      case 'update':
        return updateRecord(this.org, o, id, input);
      case 'upsert': {
        const key = Object.entries(input).find(([k]) => k.toLowerCase() === extField!.name.toLowerCase())?.[1];
        if (key === undefined || key === null)
          throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${extField!.name}]`, [
            extField!.name,
          ]);
        return upsertRecord(this.org, o, extField!, key, input);
      }
      default: {
        const r = deleteRecord(this.org, o, id);
        if (job.operation === 'hardDelete') this.org.store.remove(r.id);
        return r;
      }
    }
  }

  results(id: string, kind: 'successfulResults' | 'failedResults' | 'unprocessedrecords'): string {
    const job = this.getIngest(id);
    const header = job.header ?? [];
    if (kind === 'successfulResults') return resultCsv(['sf__Id', 'sf__Created'], header, job.successful);
    if (kind === 'failedResults') return resultCsv(['sf__Id', 'sf__Error'], header, job.failed);
    return resultCsv([], header, job.unprocessed);
  }

  /** Jobs run just after the call that starts them answers, as Salesforce's do. */
  private later(work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, 5);
    this.timers.add(timer);
  }

  /** Stops jobs that have not started yet, and those being processed at their next slice (the org is stopping). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // --- query jobs ---

  createQuery(body: Values, version: string): Values {
    const operation = String(body.operation ?? 'query');
    if (operation !== 'query' && operation !== 'queryAll')
      throw requestError('INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
    checkBulkQuery(String(body.query ?? ''));
    const result = runQuery(this.org, String(body.query ?? ''), { all: operation === 'queryAll', version });
    const rows = result.records.map((r) => result.columns.map(({ path, field }) => csvValue(field, walk(r, path))));
    this.countQueryJob(
      Buffer.byteLength(
        toCsv(
          result.columns.map(({ path }) => path.join('.')),
          rows,
        ),
      ),
    );
    const job: QueryJob = {
      ...this.base(operation, result.object.name, body, version),
      state: 'UploadComplete',
      query: String(body.query),
      columns: result.columns.map(({ path }) => path.join('.')),
      rows,
    };
    this.queries.set(job.id, job);
    this.later(() => {
      if (job.state === 'UploadComplete') {
        job.state = 'JobComplete';
        job.numberRecordsProcessed = rows.length;
      }
    });
    return this.queryInfo(job);
  }

  /**
   * Query jobs created today (UTC) and the bytes of results they stored, persisted with the org: what /limits
   * reports as DailyBulkV2QueryJobs and DailyBulkV2QueryFileStorageMB.
   */
  queryJobUsage(): { jobs: number; storageMB: number } {
    const [day, jobs, bytes] = (this.org.store.getMeta('bulkV2QueryUsage') ?? '').split(' ');
    if (day !== today()) return { jobs: 0, storageMB: 0 };
    return { jobs: Number(jobs), storageMB: Math.ceil(Number(bytes) / 1_000_000) };
  }

  private countQueryJob(resultBytes: number): void {
    const [day, jobs, bytes] = (this.org.store.getMeta('bulkV2QueryUsage') ?? '').split(' ');
    const [j, b] = day === today() ? [Number(jobs), Number(bytes)] : [0, 0];
    this.org.store.setMeta('bulkV2QueryUsage', `${today()} ${j + 1} ${b + resultBytes}`, true);
  }

  queryInfo(job: QueryJob): Values {
    const { columns: _c, rows: _r, ...info } = job;
    void [_c, _r];
    return { ...info, jobType: 'V2Query' };
  }

  getQuery(id: string): QueryJob {
    const job = this.queries.get(id);
    if (!job) throw notFound('The requested resource does not exist');
    return job;
  }

  abortQuery(id: string): Values {
    const job = this.getQuery(id);
    if (job.state !== 'JobComplete') job.state = 'Aborted';
    return this.queryInfo(job);
  }

  deleteQuery(id: string): void {
    this.getQuery(id);
    this.queries.delete(id);
  }

  listQuery(): Values {
    return { done: true, records: [...this.queries.values()].map((j) => this.queryInfo(j)), nextRecordsUrl: null };
  }

  queryResults(
    id: string,
    locator: string | null,
    maxRecords: number,
  ): { csv: string; locator: string; count: number } {
    const job = this.getQuery(id);
    if (job.state !== 'JobComplete') throw requestError('INVALIDJOBSTATE', `Job is in state ${job.state}`, 409);
    const offset = locator ? Number(Buffer.from(locator, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset)) throw requestError('INVALID_LOCATOR', `Invalid locator: ${locator}`);
    const page = job.rows.slice(offset, offset + maxRecords);
    const next = offset + page.length;
    return {
      csv: toCsv(job.columns, page),
      locator: next < job.rows.length ? Buffer.from(String(next)).toString('base64url') : 'null',
      count: page.length,
    };
  }
}

type Column =
  { kind: 'id' } | { kind: 'field'; name: string } | { kind: 'reference'; relationship: string; parentField: string };

function column(org: Org, o: ObjectModel, name: string, operation: string): Column {
  const trimmed = name.trim();
  if (trimmed.toLowerCase() === 'id' && operation !== 'insert' && operation !== 'upsert') return { kind: 'id' };
  const dot = trimmed.indexOf('.');
  if (dot > 0) {
    const rel = o.relationshipIndex.get(trimmed.slice(0, dot).toLowerCase());
    const parent = rel && org.object(rel.referenceTo[0]);
    const parentField = parent?.fieldIndex.get(trimmed.slice(dot + 1).toLowerCase());
    if (!rel || !parentField || !(parentField.externalId || parentField.idLookup)) {
      throw new SfError('InvalidBatch', `InvalidBatch : Field name not found : ${trimmed}`);
    }
    return { kind: 'reference', relationship: rel.relationshipName!, parentField: parentField.name };
  }
  const f = o.fieldIndex.get(trimmed.toLowerCase());
  if (!f) throw new SfError('InvalidBatch', `InvalidBatch : Field name not found : ${trimmed}`);
  return { kind: 'field', name: f.name };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function walk(record: Values, path: string[]): unknown {
  let current: unknown = record;
  for (const seg of path) {
    if (current === null || current === undefined) return null;
    current = (current as Values)[seg];
  }
  return current;
}

/** Every value quoted, LF line endings, as Salesforce writes its result sets. */
function toCsv(header: string[], rows: string[][]): string {
  return `${Papa.unparse([header, ...rows], { quotes: true, newline: '\n' })}\n`;
}

/**
 * A result set as Salesforce writes it (the Bulk API 2.0 guide's examples): its own columns quoted, the upload's
 * header echoed as sent, every value of every row quoted.
 */
function resultCsv(own: string[], uploaded: string[], rows: string[][]): string {
  const header = [...own.map((name) => `"${name}"`), ...uploaded.map((name) => Papa.unparse([[name]]))].join(',');
  return rows.length ? `${header}\n${Papa.unparse(rows, { quotes: true, newline: '\n' })}\n` : `${header}\n`;
}

/**
 * An uploaded CSV's rows (its byte order mark dropped, blank lines skipped). A row whose number of values is not
 * the header's, or an unclosed quote, fails the job, naming the row.
 */
function parseCsv(text: string, delimiter: string): string[][] {
  const { data, errors } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true });
  const [error] = errors;
  if (error) throw csvError(error.row ?? 0, error.message);
  const header = data[0] ?? [];
  const bad = data.findIndex((row) => row.length !== header.length);
  if (bad >= 0) throw csvError(bad, `${data[bad]!.length} values where the header has ${header.length}`);
  return data;
}

/** `index`: the row's place from 0, the header's included. */
function csvError(index: number, why: string): SfError {
  return new SfError('InvalidBatch', `InvalidBatch : Failed to parse CSV, row ${index + 1}: ${why}`);
}
