/** What every phase of one run shares: set up by the open phase, read by the others. */
import type { ExternalIdRegistry } from '../keys.ts';
import type { SyncObject } from '../objects.ts';
import type { ApiBudget } from './budget.ts';
import type { RunLedger } from './ledger.ts';
import type { ResolvedOptions, RunDeps } from './options.ts';
import type { RunState } from './run-state.ts';
import type { RecordSink } from './sink.ts';

export interface RunContext {
  deps: RunDeps;
  opts: ResolvedOptions;
  /** Package objects the sync writes, parents first. */
  objects: SyncObject[];
  ledger: RunLedger;
  /** Every external ID the run met, as the org compares them: two that differ only by case clash. */
  keys: ExternalIdRegistry;
  state: RunState;
  sink: RecordSink;
  budget: ApiBudget;
  orgId: string;
  runId: number;
  /** Epoch ms. */
  started: number;
  /** The client's call count when the run began. */
  startCalls: number;
  fullSyncReason?: string;
  /** Send every record whatever its stored digest says (a full sync the state cannot vouch for). */
  ignoreHashes: boolean;
}
