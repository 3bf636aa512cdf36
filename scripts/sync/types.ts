/** Shapes the sync passes around. Mapped records and record errors are the mapping module's output. */

export type FieldValue = string | number | boolean | null | { [externalIdField: string]: string };

/** One Salesforce record the mapping built from Metronome data (scripts/mapping). */
export interface MappedRecord {
  /** Object API name, e.g. NOME__Metronome_Invoice__c. */
  object: string;
  externalIdField: string;
  externalId: string;
  /** The Metronome ID the record came from (for messages). */
  sourceId: string;
  /** API name → value; an object value is a parent referenced by external ID, under the relationship name. */
  fields: Record<string, FieldValue>;
}

export interface RecordError {
  object: string;
  sourceId: string;
  field?: string;
  code: string;
  message: string;
}

/** What one step of reading Metronome produced. */
export interface MappedBatch {
  records: MappedRecord[];
  errors: RecordError[];
}

/** The sync's input: Metronome, already mapped; streams so the whole account is never held. */
export interface SyncSource {
  /** Account-wide records: plans and billable metrics. */
  catalog(): AsyncIterable<MappedBatch>;
  /** One batch per customer (the customer, its links, plans, aliases, invoices, line items, credit grants). */
  customers(): AsyncIterable<MappedBatch>;
  /** Metronome API calls made so far, by endpoint. */
  callCounts(): Record<string, number>;
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

export type SyncStatus = 'succeeded' | 'partial' | 'stopped' | 'failed';

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
  apiCalls: { salesforce: number; salesforceByKind: Record<string, number>; metronome: number; metronomeByEndpoint: Record<string, number> };
  apiBudget?: { max: number; remaining: number; allowedForRun: number };
  recordErrors: SyncRecordError[];
  recordErrorCount: number;
  runId?: number;
}

export interface ProgressEvent {
  object: string;
  counts: ObjectCounts;
}
