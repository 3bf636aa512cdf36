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
import { bulkUpsertSet, csvValue, parseBulkError } from './bulk-upsert.ts';
import type { SyncObject } from './objects.ts';
import { serverFailure } from './server-failure.ts';
import type { WriteOutcome } from './state/index.ts';
import type { MappedRecord } from './types.ts';
import { asWriteSet, type PendingWrite, type WriteSet, type WriterHooks } from './write-set.ts';

export { bulkCanCarry, needsIdentity, parseBulkError } from './bulk-upsert.ts';
export type { PendingWrite, WriteSet, WriterHooks } from './write-set.ts';

export type WriteApi = 'collections' | 'bulk';

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

/**
 * Sends an object's writes (an array, or a set read batch by batch) and hands each confirmed chunk's outcomes to
 * `hooks.onOutcomes`; with Bulk, one job for the whole set (see bulk-upsert.ts).
 */
export async function upsertRecords(
  client: SalesforceClient,
  object: SyncObject,
  writes: PendingWrite[] | WriteSet,
  api: WriteApi,
  hooks: WriterHooks = {},
): Promise<void> {
  const set = asWriteSet(writes);
  if (api === 'collections') {
    // Collections calls go out as the set is read: nothing is read before the parents are written.
    await set.ready?.();
    return collectionsUpsert(client, object, set.batches(), hooks);
  }
  // Bulk CSV cannot carry every value (see csvValue): those records go by sObject Collections, the rest by Bulk.
  const rowApi = await bulkUpsertSet(client, object, set, hooks);
  if (rowApi.length) await collectionsUpsert(client, object, [rowApi], hooks);
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

/** Chunks of 200 (sObject Collections' most) across the batches a set hands out. */
async function* chunksOf200(batches: AsyncIterable<PendingWrite[]> | Iterable<PendingWrite[]>) {
  let chunk: PendingWrite[] = [];
  for await (const batch of batches) {
    for (const w of batch) {
      chunk.push(w);
      if (chunk.length === 200) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length) yield chunk;
}

async function collectionsUpsert(
  client: SalesforceClient,
  object: SyncObject,
  batches: AsyncIterable<PendingWrite[]> | Iterable<PendingWrite[]>,
  hooks: WriterHooks,
): Promise<void> {
  for await (const part of chunksOf200(batches)) {
    const chunk: WriteOutcome[] = [];
    let pending = part;
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
          ...(w.known?.intentRun ? { intentRun: w.known.intentRun } : {}),
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
  }
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
    let result;
    try {
      result = await client.bulkIngest({
        object: object.apiName,
        operation: 'delete',
        columns: ['Id'],
        rows,
        successfulResults: false,
      });
    } catch (error) {
      // A job reported Failed fails its deletions (the records stay known and are deleted next run), not the run.
      const failure = serverFailure(error);
      if (!failure) throw error;
      return targets.map((target) => ({ target, success: false, error: failure }));
    }
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
