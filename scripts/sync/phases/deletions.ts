/**
 * Phase 3, mirror deletions: only after a complete read (a customer Metronome could not serve leaves its records
 * as they are, so such a run deletes nothing), children before parents, and only records the sync created;
 * records it merely found are forgotten, never deleted.
 */
import type { SourceSkip } from '../types.ts';
import { chooseApi } from '../writer.ts';
import type { SyncObject } from '../objects.ts';
import type { RunContext } from './context.ts';
import { throwIfInterrupted } from './interrupt.ts';
import { resolveIntents } from './ownership.ts';

/** Where a customer Metronome could not be read is reported (source name; the schema gives the API name). */
const CUSTOMER_OBJECT = 'Metronome_Customer__c';

/** Reports the customers the source skipped (kept as "seen"); returns the run's message when there were any. */
export function recordSkipped(run: RunContext, skipped: SourceSkip[]): string | undefined {
  if (!skipped.length) return undefined;
  const object = (run.objects.find((o) => o.def.name === CUSTOMER_OBJECT) ?? run.objects[0]!).apiName;
  for (const s of skipped) {
    const message = `Customer not read from Metronome (its records were left as they are): ${s.message}`;
    run.ledger.addError({
      object,
      externalId: s.customerId,
      metronomeId: s.customerId,
      code: 'METRONOME_READ_FAILED',
      message,
    });
    run.state.markSeen(object, [s.customerId]);
  }
  const message = `${skipped.length} customer(s) could not be read from Metronome: no deletions were mirrored this run.`;
  run.deps.logger?.warn({ skipped: skipped.length }, message);
  return message;
}

/** Before anything unseen is forgotten, the org says which unanswered first sends created their record. */
async function claimUnansweredCreations(run: RunContext, object: SyncObject): Promise<void> {
  const intents = run.state.unseenIntents(object.apiName);
  if (!intents.length) return;
  const claims = await resolveIntents(run.deps.client, object, intents, (id) => run.state.runStartedAt(id));
  run.state.claimCreated(object.apiName, claims);
}

export async function mirrorDeletions(run: RunContext): Promise<void> {
  const { ledger, state } = run;
  for (const object of [...run.objects].reverse()) {
    throwIfInterrupted(run.deps.signal);
    await claimUnansweredCreations(run, object);
    const targets = state.unseenOwned(object.apiName);
    if (targets.length) {
      const outcomes = await run.sink.delete(object, targets, chooseApi(targets.length, run.opts.bulkThreshold));
      state.removeRecords(
        object.apiName,
        outcomes.filter((o) => o.success).map((o) => o.target.externalId),
      );
      for (const { success, target, error } of outcomes) {
        if (success) ledger.of(object.apiName).deleted++;
        else
          ledger.addError({
            object: object.apiName,
            externalId: target.externalId,
            metronomeId: target.sourceId,
            code: error!.code,
            message: `Could not delete: ${error!.message}`,
          });
      }
      ledger.progress(object.apiName);
    }
    state.forgetUnseenForeign(object.apiName);
  }
}
