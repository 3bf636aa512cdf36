/**
 * Phase 2, write: each batch's records grouped by object and written parents first, through the API its size
 * calls for; each confirmed chunk is committed to the state at once, so what Salesforce confirmed stays known
 * even if a later chunk fails.
 */
import type { SyncObject } from '../objects.ts';
import type { MappedBatch, MappedRecord } from '../types.ts';
import { chooseApi } from '../writer.ts';
import type { RunContext } from './context.ts';
import { planObject } from './plan.ts';

export async function writeObject(run: RunContext, object: SyncObject, records: MappedRecord[]): Promise<void> {
  const { ledger, state } = run;
  const { writes, rows } = planObject(run, object, records);
  if (!writes.length) return ledger.progress(object.apiName);
  // Remembered before sending, so a run killed now still knows these new records are its own.
  state.markIntent(writes.filter((w) => !rows.get(w.record.externalId)?.sfId).map((w) => w.record));
  const api = chooseApi(writes.length, run.opts.bulkThreshold);
  run.deps.logger?.debug({ object: object.apiName, records: writes.length, api }, 'writing');
  const counts = ledger.of(object.apiName);
  await run.sink.upsert(object, writes, rows, api, (outcomes) => {
    state.commitOutcomes(outcomes);
    for (const o of outcomes) {
      if (o.success) o.created ? counts.created++ : counts.updated++;
      else ledger.addError({ object: o.object, externalId: o.externalId, metronomeId: o.sourceId, ...o.error! });
    }
    ledger.progress(object.apiName);
  });
}

/** Records what the mapping could not build or had to adjust; those records stay "seen" so none is deleted. */
export function recordBatchIssues(run: RunContext, batch: MappedBatch): void {
  for (const e of batch.errors) {
    const { object, externalId, sourceId, code, field, message } = e;
    run.ledger.of(object).read++;
    run.ledger.addError({ object, externalId, metronomeId: sourceId, code, field, message });
    run.state.saveError({ object, externalId, sourceId, code, field, message });
    // Still in Metronome, so not to be deleted, even though it could not be built this time.
    if (externalId) run.state.markSeen(object, [externalId]);
    else run.state.markSeenBySource(object, sourceId);
  }
  for (const w of batch.warnings ?? []) {
    run.ledger.addWarning({ object: w.object, externalId: w.externalId, metronomeId: w.sourceId, code: w.code, field: w.field, message: w.message });
  }
}

export async function writeBatch(run: RunContext, batch: MappedBatch): Promise<void> {
  recordBatchIssues(run, batch);
  const byObject = new Map<string, MappedRecord[]>();
  const known = new Set(run.objects.map((o) => o.apiName));
  for (const r of batch.records) {
    if (!known.has(r.object)) throw new Error(`The mapping produced a record of ${r.object}, which the package does not define`);
    const list = byObject.get(r.object);
    if (list) list.push(r);
    else byObject.set(r.object, [r]);
  }
  for (const object of run.objects) {
    const records = byObject.get(object.apiName);
    if (records?.length) await writeObject(run, object, records);
  }
}
