/**
 * Sending records: upserts by external ID (parents referenced by external ID), through sObject Collections for
 * small sets and Bulk API 2.0 for large ones, and deletes by Id. Every outcome is per record.
 */
import {
  backoffDelay,
  SalesforceCallError,
  sleep,
  type SalesforceClient,
  type SObjectRecord,
  type WriteResult,
} from '../salesforce/index.ts';
import type { SyncObject } from './objects.ts';
import type { WriteOutcome } from './state.ts';
import type { MappedRecord } from './types.ts';

export type WriteApi = 'collections' | 'bulk';

export interface PendingWrite {
  record: MappedRecord;
  hash: string;
  /**
   * What the state remembers of the record: its Id, the run that sent it without hearing back, and the digest of
   * the version last confirmed.
   */
  known?: { sfId: string | null; intentRun: number | null; hash?: string | null };
}

/** A write whose outcome must name the record's Id and who created it: new, or sent before without an answer. */
export const needsIdentity = (w: PendingWrite) => !w.known?.sfId || w.known.intentRun !== null;

/** Record-level codes worth sending again in the same run. */
const RECORD_TRANSIENT = new Set(['UNABLE_TO_LOCK_ROW']);
const RECORD_ROUNDS = 3;

export function chooseApi(count: number, bulkThreshold: number): WriteApi {
  return count >= bulkThreshold ? 'bulk' : 'collections';
}

/** The JSON body of one record: parent references stay nested under their relationship name. */
export function toSObject(record: MappedRecord): SObjectRecord {
  return { ...record.fields, [record.externalIdField]: record.externalId };
}

function firstError(result: WriteResult): WriteOutcome['error'] {
  const e = result.errors?.[0];
  return {
    code: e?.statusCode ?? 'UNKNOWN_ERROR',
    field: e?.fields?.length ? e.fields.join(',') : undefined,
    message: e?.message ?? 'Salesforce reported a failure without details',
  };
}

export interface WriterHooks {
  /** Called before each API call that writes; throwing stops the run cleanly (API budget). */
  beforeWriteCall?: () => void;
  /** Called with each chunk's outcomes as soon as Salesforce confirms them (the state commits here). */
  onOutcomes?: (outcomes: WriteOutcome[]) => void | Promise<void>;
}

export async function upsertRecords(
  client: SalesforceClient,
  object: SyncObject,
  writes: PendingWrite[],
  api: WriteApi,
  hooks: WriterHooks = {},
): Promise<WriteOutcome[]> {
  if (api === 'collections') return collectionsUpsert(client, object, writes, hooks);
  // Bulk CSV cannot carry every value (see csvValue): those records go by sObject Collections, the rest by Bulk.
  const rowApi = writes.filter((w) => !bulkCanCarry(w.record));
  const bulk = writes.filter((w) => bulkCanCarry(w.record));
  return [
    ...(bulk.length ? await bulkUpsert(client, object, bulk, hooks) : []),
    ...(rowApi.length ? await collectionsUpsert(client, object, rowApi, hooks) : []),
  ];
}

/**
 * Whole-call failures that say nothing about the data and persisted through the client's retries: the records of
 * that call fail one by one (and are retried next run) instead of the whole run.
 */
const SERVER_FAILURES = new Set(['UNKNOWN_EXCEPTION', 'BULK_JOB_FAILED', 'BULK_JOB_TIMEOUT']);

function serverFailure(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof SalesforceCallError) || !SERVER_FAILURES.has(error.errorCode)) return undefined;
  return { code: error.errorCode, message: error.message };
}

/**
 * Whole-call refusals a single record can cause: a value Salesforce cannot deserialize (a malformed date, text in a
 * number) fails the entire sObject Collections request instead of that record alone.
 */
const RECORD_CAUSED_CALL_ERRORS = new Set(['JSON_PARSER_ERROR']);

/**
 * One collections upsert; when the whole call is refused for a reason one record can cause, the chunk is split
 * in halves until the culprits stand alone and fail as records, so the others still land.
 */
async function upsertIsolating(
  client: SalesforceClient,
  object: SyncObject,
  writes: PendingWrite[],
  hooks: WriterHooks,
): Promise<{ results: WriteResult[]; resent: boolean }> {
  hooks.beforeWriteCall?.();
  try {
    const results = await client.upsertCollection(
      object.apiName,
      object.externalIdField,
      writes.map((w) => toSObject(w.record)),
    );
    return { results, resent: client.lastAttempts > 1 };
  } catch (error) {
    const failure = serverFailure(error);
    if (failure)
      return {
        results: writes.map(() => ({
          success: false,
          errors: [{ statusCode: failure.code, message: failure.message, fields: [] }],
        })),
        resent: true,
      };
    if (!(error instanceof SalesforceCallError) || !RECORD_CAUSED_CALL_ERRORS.has(error.errorCode)) throw error;
    const message = error.cause instanceof Error ? error.cause.message : error.message;
    if (writes.length === 1)
      return {
        results: [{ success: false, errors: [{ statusCode: error.errorCode, message, fields: [] }] }],
        resent: false,
      };
    const middle = Math.ceil(writes.length / 2);
    const first = await upsertIsolating(client, object, writes.slice(0, middle), hooks);
    const second = await upsertIsolating(client, object, writes.slice(middle), hooks);
    return { results: [...first.results, ...second.results], resent: first.resent || second.resent };
  }
}

async function collectionsUpsert(
  client: SalesforceClient,
  object: SyncObject,
  writes: PendingWrite[],
  hooks: WriterHooks,
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (let i = 0; i < writes.length; i += 200) {
    const chunk: WriteOutcome[] = [];
    let pending = writes.slice(i, i + 200);
    let ambiguous = new Set<PendingWrite>();
    for (let round = 0; pending.length; round++) {
      // A locked row is released when the other transaction ends: give it the client's backoff before resending.
      if (round > 0) await sleep(backoffDelay(round - 1, client.retry));
      const { results, resent } = await upsertIsolating(client, object, pending, hooks);
      if (resent) ambiguous = new Set([...ambiguous, ...pending]);
      const retry: PendingWrite[] = [];
      pending.forEach((w, index) => {
        const result = results[index] ?? {
          success: false,
          errors: [{ statusCode: 'NO_RESULT', message: 'Salesforce returned no result for this record', fields: [] }],
        };
        const base = {
          object: object.apiName,
          externalId: w.record.externalId,
          sourceId: w.record.sourceId,
          hash: w.hash,
        };
        if (result.success) {
          chunk.push({
            ...base,
            success: true,
            sfId: result.id,
            created: result.created === true,
            ambiguous: ambiguous.has(w),
          });
        } else if (round + 1 < RECORD_ROUNDS && RECORD_TRANSIENT.has(result.errors?.[0]?.statusCode ?? '')) {
          retry.push(w);
        } else {
          chunk.push({ ...base, success: false, error: firstError(result) });
        }
      });
      pending = retry;
    }
    await hooks.onOutcomes?.(chunk);
    outcomes.push(...chunk);
  }
  return outcomes;
}

/**
 * Bulk API 2.0 reads `#N/A` as "set to null" and an empty cell as "leave as it is" on update, so a null and an
 * empty text (which Salesforce stores as null too) are both sent as `#N/A`: the field is cleared, as the record says.
 */
const BULK_NULL = '#N/A';

function csvValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return BULK_NULL;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** False when a value would mean something else in a Bulk CSV cell: the text `#N/A` itself would clear the field. */
export function bulkCanCarry(record: MappedRecord): boolean {
  return !Object.values(record.fields).some(
    (v) => v === BULK_NULL || (v !== null && typeof v === 'object' && Object.values(v).includes(BULK_NULL)),
  );
}

/** Bulk CSV: one column per field; a parent reference becomes `Relationship__r.ExternalId__c`. */
export function toCsvRows(records: MappedRecord[]): { columns: string[]; rows: Record<string, string>[] } {
  const columns = new Set<string>();
  const rows = records.map((record) => {
    const row: Record<string, string> = {};
    for (const [field, value] of Object.entries(toSObject(record))) {
      if (value && typeof value === 'object') {
        for (const [extField, ext] of Object.entries(value)) {
          row[`${field}.${extField}`] = csvValue(ext);
        }
      } else {
        row[field] = csvValue(value);
      }
    }
    for (const key of Object.keys(row)) columns.add(key);
    return row;
  });
  // A record without a column leaves that field as it is in Bulk 2.0; every mapped record names all its fields.
  return { columns: [...columns], rows };
}

/** `CODE:message:fields --` as Bulk 2.0 reports a failed row. */
export function parseBulkError(text: string): { code: string; message: string; field?: string } {
  const trimmed = text.replace(/\s*--\s*$/, '');
  const first = trimmed.indexOf(':');
  if (first < 0) return { code: trimmed || 'UNKNOWN_ERROR', message: trimmed };
  const code = trimmed.slice(0, first);
  const rest = trimmed.slice(first + 1);
  const last = rest.lastIndexOf(':');
  const fields = last >= 0 ? rest.slice(last + 1).trim() : '';
  const message = last >= 0 && /^[A-Za-z0-9_,.]*$/.test(fields) ? rest.slice(0, last) : rest;
  return { code, message, field: fields && message !== rest ? fields : undefined };
}

async function bulkUpsert(
  client: SalesforceClient,
  object: SyncObject,
  writes: PendingWrite[],
  hooks: WriterHooks,
): Promise<WriteOutcome[]> {
  hooks.beforeWriteCall?.();
  const { columns, rows } = toCsvRows(writes.map((w) => w.record));
  const base = (w: PendingWrite) => ({
    object: object.apiName,
    externalId: w.record.externalId,
    sourceId: w.record.sourceId,
    hash: w.hash,
  });
  // Updates of records whose Id and ownership the state knows need no successful rows: one results call saved.
  const successfulResults = writes.some(needsIdentity);
  const job = {
    object: object.apiName,
    operation: 'upsert' as const,
    externalIdFieldName: object.externalIdField,
    columns,
    rows,
    successfulResults,
  };
  let result;
  try {
    result = await client.bulkIngest(job);
  } catch (error) {
    const failure = serverFailure(error);
    if (!failure) throw error;
    // Some rows of a failed job may have been applied: the records stay unconfirmed, their intents stand.
    const outcomes = writes.map((w): WriteOutcome => ({ ...base(w), success: false, error: failure }));
    await hooks.onOutcomes?.(outcomes);
    return outcomes;
  }
  const ambiguous = result.resent;
  const byKey = new Map(writes.map((w) => [w.record.externalId, w]));
  const outcomes: WriteOutcome[] = [];
  const take = (row: Record<string, string>) => {
    const key = row[object.externalIdField];
    const w = key === undefined ? undefined : byKey.get(key);
    if (w) byKey.delete(key!);
    return w;
  };
  for (const row of result.successful) {
    const w = take(row);
    if (w)
      outcomes.push({ ...base(w), success: true, sfId: row.sf__Id, created: row.sf__Created === 'true', ambiguous });
  }
  for (const row of result.failed) {
    const w = take(row);
    if (w) outcomes.push({ ...base(w), success: false, error: parseBulkError(row.sf__Error ?? '') });
  }
  const unprocessed = new Set(result.unprocessed.map((row) => row[object.externalIdField]));
  // Unprocessed rows were not written; without successful rows read, every other row was.
  for (const w of byKey.values()) {
    if (!result.successfulRead && !unprocessed.has(w.record.externalId)) {
      outcomes.push({ ...base(w), success: true, sfId: w.known?.sfId ?? undefined, created: false });
    } else {
      outcomes.push({
        ...base(w),
        success: false,
        error: { code: 'UNPROCESSED', message: 'Bulk API did not process this record' },
      });
    }
  }
  await hooks.onOutcomes?.(outcomes);
  return outcomes;
}

export interface DeleteTarget {
  externalId: string;
  sfId: string;
  sourceId: string;
}

export interface DeleteOutcome {
  target: DeleteTarget;
  success: boolean;
  error?: { code: string; message: string };
}

/** Already gone counts as deleted: the goal is its absence. */
const GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);

export async function deleteRecords(
  client: SalesforceClient,
  object: SyncObject,
  targets: DeleteTarget[],
  api: WriteApi,
  hooks: WriterHooks = {},
): Promise<DeleteOutcome[]> {
  const outcomes: DeleteOutcome[] = [];
  if (api === 'bulk') {
    hooks.beforeWriteCall?.();
    // Rows neither failed nor unprocessed were deleted: the successful rows would say nothing more.
    const rows = targets.map((t) => ({ Id: t.sfId }));
    const result = await client.bulkIngest({
      object: object.apiName,
      operation: 'delete',
      columns: ['Id'],
      rows,
      successfulResults: false,
    });
    const byId = new Map(targets.map((t) => [t.sfId, t]));
    for (const row of result.failed) {
      const t = byId.get(row.Id ?? row.sf__Id ?? '');
      if (!t) continue;
      byId.delete(t.sfId);
      const error = parseBulkError(row.sf__Error ?? '');
      outcomes.push(GONE.has(error.code) ? { target: t, success: true } : { target: t, success: false, error });
    }
    const unprocessed = new Set(result.unprocessed.map((row) => row.Id));
    for (const t of byId.values()) {
      if (unprocessed.has(t.sfId))
        outcomes.push({
          target: t,
          success: false,
          error: { code: 'UNPROCESSED', message: 'Bulk API did not process this delete' },
        });
      else outcomes.push({ target: t, success: true });
    }
    return outcomes;
  }
  for (let i = 0; i < targets.length; i += 200) {
    const part = targets.slice(i, i + 200);
    hooks.beforeWriteCall?.();
    const results = await client.deleteCollection(part.map((t) => t.sfId));
    part.forEach((t, index) => {
      const r = results[index];
      const code = r?.errors?.[0]?.statusCode ?? '';
      if (r?.success || GONE.has(code)) outcomes.push({ target: t, success: true });
      else
        outcomes.push({
          target: t,
          success: false,
          error: { code: code || 'UNKNOWN_ERROR', message: r?.errors?.[0]?.message ?? 'no result' },
        });
    });
  }
  return outcomes;
}
