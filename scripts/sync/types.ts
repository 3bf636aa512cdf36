/** Shapes the sync passes around. Mapped records and record errors are the mapping module's output. */

import type { MappedRecord, RecordError } from '../mapping/index.ts';

export type { FieldValue, MappedRecord, RecordError } from '../mapping/index.ts';

/** What one step of reading Metronome produced. */
export interface MappedBatch {
  records: MappedRecord[];
  errors: RecordError[];
  /** Values adjusted on the way (unknown status → N/A, text truncated): reported, the record still lands. */
  warnings?: RecordError[];
  /** Objects (API names) of which no more records come in this read: their writes can start now. */
  complete?: string[];
}

/** The sync's input: Metronome, already mapped; streams so the whole account is never held. */
export interface SyncSource {
  /** Account-wide records: plans and billable metrics. */
  catalog(): AsyncIterable<MappedBatch>;
  /**
   * The customers' records, read list by list across customers (every customer with its links and aliases, then
   * credit grants, invoices with line items, customer plans), one batch per customer and list; a batch marks the
   * objects a finished list completes.
   */
  customers(): AsyncIterable<MappedBatch>;
  /** Metronome API calls made so far, by endpoint. */
  callCounts(): Record<string, number>;
  /**
   * Customers left out because their reads kept failing. Their records stay as they are in the org, so a run
   * with any skips mirrors no deletions.
   */
  skipped?(): SourceSkip[];
}

/** A customer the source left out because its reads kept failing. */
export interface SourceSkip {
  customerId: string;
  message: string;
}

export interface ObjectCounts {
  read: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

export interface SyncRecordError {
  object: string;
  externalId?: string;
  /** The Metronome ID the record came from. */
  metronomeId: string;
  code: string;
  field?: string;
  message: string;
}

/** `interrupted`: stopped on request (SIGTERM/SIGINT) after the call in flight; the next run carries on. */
export type SyncStatus = 'succeeded' | 'partial' | 'stopped' | 'failed' | 'interrupted';

export interface SyncReport {
  environment: string;
  orgId: string;
  target: string;
  dryRun: boolean;
  status: SyncStatus;
  /** Why the run was a full sync instead of an incremental one, when it was. */
  fullSyncReason?: string;
  message?: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  objects: Record<string, ObjectCounts>;
  apiCalls: {
    salesforce: number;
    salesforceByKind: Record<string, number>;
    metronome: number;
    metronomeByEndpoint: Record<string, number>;
  };
  apiBudget?: { max: number; remaining: number; allowedForRun: number };
  recordErrors: SyncRecordError[];
  recordErrorCount: number;
  warnings: SyncRecordError[];
  warningCount: number;
  runId?: number;
}

export interface ProgressEvent {
  object: string;
  counts: ObjectCounts;
}
