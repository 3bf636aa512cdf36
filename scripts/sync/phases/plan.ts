/**
 * Planning one object's records of a batch: one record per external ID (a repeat in one upsert call fails both),
 * unchanged ones (same digest as last confirmed) skipped and the rest turned into writes carrying what the state
 * knows of them. Every record planned is marked seen, so deletion spares it.
 */
import { recordHash } from '../hash.ts';
import type { SyncObject } from '../objects.ts';
import type { MappedRecord } from '../types.ts';
import type { PendingWrite } from '../writer.ts';
import type { RunContext } from './context.ts';

export function planObject(run: RunContext, object: SyncObject, records: MappedRecord[]): PendingWrite[] {
  const { ledger, state } = run;
  const counts = ledger.of(object.apiName);
  const unique = new Map<string, MappedRecord>();
  for (const r of records) unique.set(r.externalId, r);
  counts.read += records.length;
  const rows = state.rows(object.apiName, [...unique.keys()]);
  state.markSeen(object.apiName, [...rows.keys()]);
  const writes: PendingWrite[] = [];
  for (const record of unique.values()) {
    const clash = run.keys.claim(object.apiName, record.externalId);
    if (clash) {
      const error = { object: object.apiName, externalId: record.externalId, ...clash };
      ledger.addError({ ...error, metronomeId: record.sourceId });
      state.saveError({ ...error, sourceId: record.sourceId });
      continue;
    }
    const hash = recordHash(record);
    const row = rows.get(record.externalId);
    if (!run.ignoreHashes && row?.hash === hash) counts.unchanged++;
    else
      writes.push({
        record,
        hash,
        known: row ? { sfId: row.sfId, intentRun: row.intentRun, hash: row.hash } : undefined,
      });
  }
  return writes;
}
