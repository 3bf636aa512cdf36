/** What a run is told (options) and what it works with (deps), with the defaults a run fills in. */
import type { Logger } from 'pino';
import type { PackageSchema } from '../../metadata/index.ts';
import type { SalesforceClient } from '../../salesforce/index.ts';
import type { StateStore } from '../state/index.ts';
import type { ProgressEvent, SyncSource } from '../types.ts';

export interface RunOptions {
  environment: string;
  dryRun?: boolean;
  /** Records of one object in one batch at or above this go through Bulk API 2.0. */
  bulkThreshold?: number;
  /**
   * Checkpoint: write what is queued at least every this many customers. Unset (default), records wait in
   * per-object queues until the read is complete, so each object takes the fewest calls.
   */
  customerBatchSize?: number;
  /**
   * Queued records held in memory at most; beyond, the queues spill to a temp file (memory stays bounded whatever
   * the account's size, and no call is spent on it).
   */
  maxQueuedRecords?: number;
  /** Where spool files go (a private directory is made in it); default the system's temp directory. */
  spoolDir?: string;
  /** Share (0–1] of the org's remaining daily API requests this run may use. */
  maxApiShare?: number;
  /** Records per object whose Ids are checked to still exist in the org (a refresh or wipe → full sync). */
  refreshSampleSize?: number;
  /**
   * Send every record whatever the state remembers: repairs what was changed or deleted by hand in the org (which
   * `nome sync validate` reports), since an incremental run only sends what changed in Metronome.
   */
  full?: boolean;
  /** Mirror deletions (default true). */
  deletions?: boolean;
  /** Record errors kept in the report (all are counted and stored). */
  reportErrorLimit?: number;
}

export type ResolvedOptions = Required<Omit<RunOptions, 'customerBatchSize' | 'spoolDir'>> &
  Pick<RunOptions, 'customerBatchSize' | 'spoolDir'>;

export interface RunDeps {
  schema: PackageSchema;
  client: SalesforceClient;
  source: SyncSource;
  state: StateStore;
  /** Where the run writes, for the report (no secrets). */
  target: string;
  logger?: Logger;
  onProgress?: (event: ProgressEvent) => void;
  /** Aborted (by SIGTERM/SIGINT): the run finishes the call in flight, records itself interrupted and reports. */
  signal?: AbortSignal;
}

export function resolveOptions(options: RunOptions): ResolvedOptions {
  return {
    dryRun: false,
    bulkThreshold: 1000,
    maxQueuedRecords: 10_000,
    maxApiShare: 0.5,
    refreshSampleSize: 5,
    full: false,
    deletions: true,
    reportErrorLimit: 1000,
    ...options,
  };
}
