/**
 * Children of a parent that failed in this run are not sent: they would fail on the lookup (or land unlinked).
 * Checked when a queue is read for sending (again, if a parent failed after an early read: see queues.ts); each
 * held-back record is reported and stored with the lookup field, to be retried by the next run.
 */
import type { SyncObject } from '../objects.ts';
import type { ErrorToSave } from '../state/index.ts';
import type { MappedRecord } from '../types.ts';
import type { PendingWrite } from '../writer.ts';
import type { RunContext } from './context.ts';

/** The lookup whose parent failed in this run, if one did. */
export function blockedBy(
  run: Pick<RunContext, 'ledger'>,
  object: SyncObject,
  record: MappedRecord,
): { field: string; message: string } | undefined {
  for (const [relationship, { field, parentApiName }] of object.parents) {
    const ref = record.fields[relationship];
    if (!ref || typeof ref !== 'object') continue;
    const key = Object.values(ref)[0];
    if (key !== undefined && run.ledger.failed(parentApiName, String(key))) {
      return {
        field: field.apiName,
        message: `Its parent was not written in this run (${relationship} → ${parentApiName} ${key})`,
      };
    }
  }
  return undefined;
}

/** The writes whose parents all landed so far, and the others as the errors to report (nothing recorded yet). */
export function splitHeld(
  run: Pick<RunContext, 'ledger'>,
  object: SyncObject,
  writes: PendingWrite[],
): { ready: PendingWrite[]; held: ErrorToSave[] } {
  const ready: PendingWrite[] = [];
  const held: ErrorToSave[] = [];
  for (const w of writes) {
    const blocked = blockedBy(run, object, w.record);
    if (!blocked) ready.push(w);
    else
      held.push({
        object: object.apiName,
        externalId: w.record.externalId,
        sourceId: w.record.sourceId,
        code: 'PARENT_NOT_SYNCED',
        ...blocked,
      });
  }
  return { ready, held };
}

/** Reports held-back writes (PARENT_NOT_SYNCED) and stores them in one statement batch. */
export function recordHeld(run: RunContext, held: ErrorToSave[]): void {
  if (!held.length) return;
  for (const { sourceId, ...error } of held) run.ledger.addError({ ...error, metronomeId: sourceId });
  run.state.saveErrors(held);
}
