/**
 * Where planned writes go. The live sink sends them to Salesforce (Collections or Bulk 2.0, within the budget) and
 * settles who created what; the dry-run sink sends nothing and answers what a send would have done, so a dry run
 * walks the same phases as a real one.
 */
import type { SalesforceClient } from '../../salesforce/index.ts';
import type { SyncObject } from '../objects.ts';
import type { WriteOutcome } from '../state/index.ts';
import {
  deleteRecords,
  upsertRecords,
  type DeleteOutcome,
  type DeleteTarget,
  type PendingWrite,
  type WriteApi,
} from '../writer.ts';
import { asWriteSet, type WriteSet } from '../write-set.ts';
import type { ApiBudget } from './budget.ts';
import { throwIfInterrupted } from './interrupt.ts';
import { settleOwnership } from './ownership.ts';
import type { RunState } from './run-state.ts';

export interface RecordSink {
  /** Refuses, before anything is written, a run the budget says will not fit. */
  preflight(): void;
  /**
   * Sends the writes (read batch by batch); `onOutcomes` hears each confirmed chunk as it lands, `onLanded` (if it
   * can be known early) that every record is in the org before the outcomes are read.
   */
  upsert(
    object: SyncObject,
    writes: PendingWrite[] | WriteSet,
    api: WriteApi,
    onOutcomes: (outcomes: WriteOutcome[]) => void,
    onLanded?: () => void,
  ): Promise<void>;
  delete(object: SyncObject, targets: DeleteTarget[], api: WriteApi): Promise<DeleteOutcome[]>;
  /**
   * Nothing is left to read: the run waits on its sends alone, so a status check that comes late costs wall time
   * (checks come about when a job is expected done, with a narrow margin) until the returned function is called.
   */
  hurry(): () => void;
}

export function liveSink(
  client: SalesforceClient,
  state: RunState,
  budget: ApiBudget,
  runStarted: number,
  signal?: AbortSignal,
): RecordSink {
  const beforeWriteCall = () => {
    throwIfInterrupted(signal);
    budget.beforeWriteCall();
  };
  return {
    preflight: () => budget.checkEstimate(),
    upsert: async (object, writes, api, onOutcomes, onLanded) => {
      // An unanswered send (this run's retried call, or a killed run's intent) may have created the record.
      const sentSince = (o: WriteOutcome) =>
        (o.intentRun ? state.runStartedAt(o.intentRun) : undefined) ?? (o.ambiguous ? runStarted : undefined);
      await upsertRecords(client, object, writes, api, {
        beforeWriteCall,
        onLanded,
        onOutcomes: async (outcomes) => {
          await settleOwnership(client, object, outcomes, sentSince);
          onOutcomes(outcomes);
        },
      });
    },
    delete: (object, targets, api) => deleteRecords(client, object, targets, api, { beforeWriteCall }),
    hurry: () => client.hurryBulkChecks(),
  };
}

export function dryRunSink(): RecordSink {
  return {
    preflight: () => undefined,
    upsert: async (object, writes, _api, onOutcomes) => {
      const set = asWriteSet(writes);
      await set.ready?.();
      for await (const batch of set.batches())
        onOutcomes(
          batch.map((w) => ({
            object: object.apiName,
            externalId: w.record.externalId,
            sourceId: w.record.sourceId,
            hash: w.hash,
            success: true,
            created: !w.known?.sfId,
          })),
        );
    },
    delete: async (_object, targets) => targets.map((target) => ({ target, success: true })),
    hurry: () => () => undefined,
  };
}
