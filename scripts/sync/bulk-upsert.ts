/**
 * An object's upsert through Bulk API 2.0 as one job, however many records: the CSV is written to a temp file
 * (0600, removed when the job is done) batch by batch as the set is read, then streamed to the org from it; result
 * rows are matched to what each record needs for its outcome (source ID, digest, known Id, earlier intent), kept as
 * one short entry per record outside the JS heap (key-map.ts) rather than the record. Only a CSV beyond
 * Salesforce's upload limit (100 MB) is split into several jobs.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  bulkCsvLines,
  bulkJobNotOpened,
  isTransient,
  type BulkResultKind,
  type SalesforceClient,
} from '../salesforce/index.ts';
import type { SyncObject } from './objects.ts';
import { serverFailure } from './server-failure.ts';
import type { WriteOutcome } from './state/index.ts';
import { OffHeapKeyMap } from './key-map.ts';
import type { MappedRecord } from './types.ts';
import type { PendingWrite, WriteSet, WriterHooks } from './write-set.ts';

/**
 * Bulk API 2.0 reads `#N/A` as "set to null" and an empty cell as "leave as it is" on update, so a null and an
 * empty text (which Salesforce stores as null too) are both sent as `#N/A`: the field is cleared, as the record says.
 */
const BULK_NULL = '#N/A';

export function csvValue(value: unknown): string {
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

/** One record's cells in column order; a column the record does not name stays empty (left as it is). */
function cellReader(columns: string[]): (record: MappedRecord) => string[] {
  const readers = columns.map((column) => {
    const dot = column.indexOf('.');
    if (dot < 0)
      return (r: MappedRecord) =>
        column === r.externalIdField ? r.externalId : column in r.fields ? csvValue(r.fields[column]) : '';
    const [relationship, field] = [column.slice(0, dot), column.slice(dot + 1)];
    return (r: MappedRecord) => {
      const ref = r.fields[relationship];
      return ref && typeof ref === 'object' && field in ref ? csvValue((ref as Record<string, unknown>)[field]) : '';
    };
  });
  return (record) => readers.map((read) => read(record));
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

/** What an outcome needs of a sent record, in one string (the record itself is not kept). */
const SEP = '\u0000';
const remember = (w: PendingWrite) =>
  [w.record.sourceId, w.hash, w.known?.sfId ?? '', w.known?.intentRun ?? ''].join(SEP);

function recalled(object: string, externalId: string, memo: string) {
  const [sourceId, hash, sfId, intentRun] = memo.split(SEP) as [string, string, string, string];
  return {
    base: { object, externalId, sourceId, hash, ...(intentRun ? { intentRun: Number(intentRun) } : {}) },
    sfId: sfId || undefined,
  };
}

/**
 * A set of up to this many records keeps its jobs' memos in memory (a few MiB, read back fastest); a larger one
 * keeps them on disk, so what a run holds does not grow with the account (the largest object of 10,000 customers,
 * 66,000 line items, held ~16 MiB).
 */
export const MEMO_IN_MEMORY_MAX = 20_000;

/** One job's worth of CSV on disk. */
interface Part {
  file: string;
  fd: number;
  bytes: number;
  /** Outside the heap: one entry per record of the job, held until its outcome is known (key-map.ts). */
  memo: OffHeapKeyMap;
  /** Some record is new or was sent unanswered: its Id and who created it must be read back. */
  needsIdentity: boolean;
}

/** A write whose outcome must name the record's Id and who created it: new, or sent before without an answer. */
export const needsIdentity = (w: PendingWrite) => !w.known?.sfId || w.known.intentRun !== null;

/**
 * Sends the set's Bulk-carriable records as one job (or one per 100 MB of CSV); returns the records a CSV cannot
 * carry, and those of a job that could not be opened for a passing reason after every attempt (none of its rows
 * ran), for the caller to send by sObject Collections.
 */
export async function bulkUpsertSet(
  client: SalesforceClient,
  object: SyncObject,
  writes: WriteSet,
  hooks: WriterHooks,
): Promise<PendingWrite[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-bulk-'));
  try {
    // The CSV is written while the parents may still be being written; read again if one of them failed meanwhile.
    let spooled = await spoolCsv(dir, object, writes, client.bulkUploadMaxBytes);
    try {
      while (writes.ready && !(await writes.ready())) {
        for (const part of spooled.parts) {
          part.memo.close();
          rmSync(part.file, { force: true });
        }
        spooled = await spoolCsv(dir, object, writes, client.bulkUploadMaxBytes);
      }
      // Every record is in the org once the last job is found complete, if no job had a failed or unprocessed row
      // and none is left for sObject Collections.
      const parts = spooled.parts.filter((part) => part.memo.size);
      let clean = spooled.rowApi.length === 0;
      const notOpened = new Set<string>();
      for (const [index, part] of parts.entries()) {
        const sent = await sendPart(client, object, part, hooks, (landed) => {
          clean &&= landed;
          if (clean && index === parts.length - 1) hooks.onLanded?.();
        });
        if (sent !== 'not opened') continue;
        clean = false;
        for (const [externalId] of part.memo) notOpened.add(externalId);
      }
      return notOpened.size ? [...spooled.rowApi, ...(await writes.find(notOpened))] : spooled.rowApi;
    } finally {
      for (const part of spooled.parts) part.memo.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rows turned into CSV text at a time: a batch's 2,000 rows made one string of several hundred KiB, which V8 keeps in
 * its large-object space until a full collection (as the spool's lines were, see phases/spool.ts); 200 rows stay
 * well under its 128 KiB. Rows are written in the same order and jobs split at the same rows: the bytes do not change.
 */
const CSV_SLICE_ROWS = 200;

async function spoolCsv(dir: string, object: SyncObject, writes: WriteSet, maxBytes: number) {
  const columns = writes.columns();
  const header = bulkCsvLines([columns]);
  const cellsOf = cellReader(columns);
  const parts: Part[] = [];
  const open = (): Part => {
    const file = path.join(dir, `${parts.length}.csv`);
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, header);
    const part = {
      file,
      fd,
      bytes: Buffer.byteLength(header),
      memo: new OffHeapKeyMap(writes.count <= MEMO_IN_MEMORY_MAX ? { storage: 'memory' } : { storage: 'disk', dir }),
      needsIdentity: false,
    };
    parts.push(part);
    return part;
  };
  const rowApi: PendingWrite[] = [];
  let part = open();
  try {
    const add = (w: PendingWrite) => {
      part.memo.set(w.record.externalId, remember(w));
      if (needsIdentity(w)) part.needsIdentity = true;
    };
    const write = (slice: PendingWrite[]) => {
      const rows = slice.map((w) => cellsOf(w.record));
      const text = bulkCsvLines(rows);
      const bytes = Buffer.byteLength(text);
      if (part.bytes + bytes <= maxBytes) {
        writeSync(part.fd, text);
        part.bytes += bytes;
        slice.forEach(add);
        return;
      }
      // The slice passes the upload limit: row by row, a new job's file where the current one is full.
      for (const [i, w] of slice.entries()) {
        const row = bulkCsvLines([rows[i]!]);
        const rowBytes = Buffer.byteLength(row);
        if (part.memo.size && part.bytes + rowBytes > maxBytes) {
          closeSync(part.fd);
          part = open();
        }
        writeSync(part.fd, row);
        part.bytes += rowBytes;
        add(w);
      }
    };
    for await (const batch of writes.batches()) {
      const carried: PendingWrite[] = [];
      for (const w of batch) (bulkCanCarry(w.record) ? carried : rowApi).push(w);
      for (let start = 0; start < carried.length; start += CSV_SLICE_ROWS)
        write(carried.slice(start, start + CSV_SLICE_ROWS));
    }
  } finally {
    closeSync(part.fd);
  }
  return { parts, rowApi };
}

async function sendPart(
  client: SalesforceClient,
  object: SyncObject,
  part: Part,
  hooks: WriterHooks,
  onComplete: (everyRowLanded: boolean) => void,
) {
  hooks.beforeWriteCall?.();
  const { memo } = part;
  const rowCount = memo.size;
  const key = object.externalIdField;
  let done;
  try {
    done = await client.bulkIngestCsv(
      {
        object: object.apiName,
        operation: 'upsert',
        externalIdFieldName: key,
        csv: { path: part.file },
        rowCount,
        // Updates of records whose Id and ownership the state knows need no successful rows: one call saved.
        successfulResults: part.needsIdentity,
        resultColumns: [key, 'sf__Id', 'sf__Created', 'sf__Error'],
        onComplete: (status) =>
          onComplete(status.numberRecordsFailed === 0 && status.numberRecordsProcessed === rowCount),
      },
      async (kind, rows, resent) => {
        const outcomes: WriteOutcome[] = [];
        for (const row of rows) {
          const externalId = row[key];
          const m = externalId === undefined ? undefined : memo.take(externalId);
          if (m === undefined) continue;
          outcomes.push(outcomeOf(kind, row, recalled(object.apiName, externalId!, m).base, resent));
        }
        if (outcomes.length) await hooks.onOutcomes?.(outcomes);
      },
    );
  } catch (error) {
    // Bulk kept failing for a passing reason before the job ran: the caller sends these records another way.
    if (bulkJobNotOpened(error) && isTransient(error)) return 'not opened';
    const failure = serverFailure(error);
    if (!failure) throw error;
    // Some rows of a failed job may have been applied: the records stay unconfirmed, their intents stand.
    return settleRest(object, memo, hooks, () => ({ success: false, error: failure }));
  }
  const { successfulRead } = done;
  // A record in no result set: written when successful rows were not read, else not processed.
  await settleRest(object, memo, hooks, (sfId) =>
    successfulRead
      ? { success: false, error: { code: 'UNPROCESSED', message: 'Bulk API did not process this record' } }
      : { success: true, sfId, created: false },
  );
}

function outcomeOf(
  kind: BulkResultKind,
  row: Record<string, string>,
  base: Omit<WriteOutcome, 'success'>,
  ambiguous: boolean,
): WriteOutcome {
  if (kind === 'successful')
    return { ...base, success: true, sfId: row.sf__Id, created: row.sf__Created === 'true', ambiguous };
  if (kind === 'failed') return { ...base, success: false, error: parseBulkError(row.sf__Error ?? '') };
  return { ...base, success: false, error: { code: 'UNPROCESSED', message: 'Bulk API did not process this record' } };
}

async function settleRest(
  object: SyncObject,
  memo: OffHeapKeyMap,
  hooks: WriterHooks,
  outcome: (sfId: string | undefined) => Partial<WriteOutcome> & { success: boolean },
): Promise<void> {
  let chunk: WriteOutcome[] = [];
  for (const [externalId, m] of memo) {
    const { base, sfId } = recalled(object.apiName, externalId, m);
    chunk.push({ ...base, ...outcome(sfId) } as WriteOutcome);
    if (chunk.length >= 2000) {
      await hooks.onOutcomes?.(chunk);
      chunk = [];
    }
  }
  memo.close();
  if (chunk.length) await hooks.onOutcomes?.(chunk);
}
