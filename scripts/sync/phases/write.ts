/**
 * Phase 2, write: each batch the source yields is planned per object and queued (see queues.ts); the queues are
 * flushed when they hold too much, at every checkpoint the options ask for, and at the end. Each confirmed chunk is
 * committed to the state at once, so what Salesforce confirmed stays known even if a later chunk fails.
 */
import type { MappedBatch, MappedRecord } from '../types.ts';
import type { RunContext } from './context.ts';
import { planObject } from './plan.ts';
import type { WriteQueues } from './queues.ts';

/** Records what the mapping could not build or had to adjust; those records stay "seen" so none is deleted. */
export function recordBatchIssues(run: RunContext, batch: MappedBatch): void {
  for (const e of batch.errors) {
    const { object, externalId, sourceId, code, field, message } = e;
    run.ledger.of(object).read++;
    run.ledger.addError({ object, externalId, metronomeId: sourceId, code, field, message });
    // Still in Metronome, so not to be deleted, even though it could not be built this time.
    if (externalId) run.state.markSeen(object, [externalId]);
    else run.state.markSeenBySource(object, sourceId);
  }
  run.state.saveErrors(
    batch.errors.map(({ object, externalId, sourceId, code, field, message }) => ({
      object,
      externalId,
      sourceId,
      code,
      field,
      message,
    })),
  );
  for (const w of batch.warnings ?? []) {
    run.ledger.addWarning({
      object: w.object,
      externalId: w.externalId,
      metronomeId: w.sourceId,
      code: w.code,
      field: w.field,
      message: w.message,
    });
  }
}

/** Plans a batch's records and queues the writes; sends nothing by itself. */
export function queueBatch(run: RunContext, queues: WriteQueues, batch: MappedBatch): void {
  recordBatchIssues(run, batch);
  const byObject = new Map<string, MappedRecord[]>();
  const known = new Set(run.objects.map((o) => o.apiName));
  for (const r of batch.records) {
    if (!known.has(r.object))
      throw new Error(`The mapping produced a record of ${r.object}, which the package does not define`);
    const list = byObject.get(r.object);
    if (list) list.push(r);
    else byObject.set(r.object, [r]);
  }
  for (const object of run.objects) {
    const records = byObject.get(object.apiName);
    if (records?.length) queues.add(object, planObject(run, object, records));
  }
}
