/**
 * Planning one object's records of a batch: one record per external ID (a repeat in one upsert call fails both),
 * unchanged ones (same digest as last confirmed) skipped, children of a parent that failed in this run held back
 * and reported; the rest become writes.
 */
import { recordHash } from '../hash.ts';
import type { SyncObject } from '../objects.ts';
import type { StateRow } from '../state.ts';
import type { MappedRecord } from '../types.ts';
import type { PendingWrite } from '../writer.ts';
import type { RunContext } from './context.ts';

export interface ObjectPlan {
  writes: PendingWrite[];
  /** What the state remembers of these records (empty when it is void). */
  rows: Map<string, StateRow>;
}

/** The lookup whose parent failed in this run, if one did: the child would fail on it (or land unlinked). */
export function blockedBy(run: Pick<RunContext, 'ledger'>, object: SyncObject, record: MappedRecord): { field: string; message: string } | undefined {
  for (const [relationship, { field, parentApiName }] of object.parents) {
    const ref = record.fields[relationship];
    if (!ref || typeof ref !== 'object') continue;
    const key = Object.values(ref)[0];
    if (key !== undefined && run.ledger.failed(parentApiName, String(key))) {
      return { field: field.apiName, message: `Its parent was not written in this run (${relationship} → ${parentApiName} ${key})` };
    }
  }
  return undefined;
}

export function planObject(run: RunContext, object: SyncObject, records: MappedRecord[]): ObjectPlan {
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
    if (!run.ignoreHashes && rows.get(record.externalId)?.hash === hash) {
      counts.unchanged++;
      continue;
    }
    const blocked = blockedBy(run, object, record);
    if (!blocked) {
      writes.push({ record, hash });
      continue;
    }
    const error = { object: object.apiName, externalId: record.externalId, code: 'PARENT_NOT_SYNCED', ...blocked };
    ledger.addError({ ...error, metronomeId: record.sourceId });
    state.saveError({ ...error, sourceId: record.sourceId });
  }
  return { writes, rows };
}
