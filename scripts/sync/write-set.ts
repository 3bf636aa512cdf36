/**
 * The records one object sends in one go, as a stream: a run's queue of an object may be larger than memory
 * (it spills to disk, see phases/spool.ts), so a sender reads it batch by batch and never as one array.
 */
import type { WriteOutcome } from './state/index.ts';
import type { MappedRecord } from './types.ts';

export interface PendingWrite {
  record: MappedRecord;
  hash: string;
  /**
   * What the state remembers of the record: its Id, the run that sent it without hearing back, and the digest of
   * the version last confirmed.
   */
  known?: { sfId: string | null; intentRun: number | null; hash?: string | null };
}

export interface WriterHooks {
  /** Called before each API call that writes; throwing stops the run cleanly (API budget). */
  beforeWriteCall?: () => void;
  /** Called with each chunk's outcomes as soon as Salesforce confirms them (the state commits here). */
  onOutcomes?: (outcomes: WriteOutcome[]) => void | Promise<void>;
  /**
   * Called once every record of the set is known to be in the org, before the outcomes are read (a Bulk job found
   * complete with no failed or unprocessed row): records that look them up may be sent from then on.
   */
  onLanded?: () => void;
}

export interface WriteSet {
  /** Records in the set (writes a hold-back withdraws at send time are counted here, not sent). */
  readonly count: number;
  /** Bulk CSV columns every record of the set needs (their union, known before the first row is written). */
  columns(): string[];
  /** The writes, a batch at a time; read once per send. */
  batches(): AsyncIterable<PendingWrite[]>;
  /** The writes of these external IDs as they were queued (to send some again in another form). */
  find(externalIds: Set<string>): Promise<PendingWrite[]>;
  /**
   * For a set that may be read while its records' parents are still being written: resolves once they are, true
   * when what was read meanwhile still holds (no parent failed since), false when it must be read again. A sender
   * that reads only after this resolves may ignore the answer. Absent: the set can be sent at once.
   */
  ready?(): Promise<boolean>;
}

/** Writes per batch a set hands out: small enough to hold, large enough for one statement batch of state. */
export const SET_BATCH = 2000;

/** Bulk CSV columns of one record: a parent reference becomes `Relationship__r.ExternalId__c`. */
export function csvColumns(write: PendingWrite, into: Set<string>): void {
  const { record } = write;
  for (const [field, value] of Object.entries(record.fields)) {
    if (value && typeof value === 'object') for (const ext of Object.keys(value)) into.add(`${field}.${ext}`);
    else into.add(field);
  }
  into.add(record.externalIdField);
}

/** A set held in memory (a small send, a test, a resend). */
export function writeSetOf(writes: PendingWrite[]): WriteSet {
  return {
    count: writes.length,
    columns: () => {
      const columns = new Set<string>();
      for (const w of writes) csvColumns(w, columns);
      return [...columns];
    },
    batches: async function* () {
      for (let i = 0; i < writes.length; i += SET_BATCH) yield writes.slice(i, i + SET_BATCH);
    },
    find: async (keys) => writes.filter((w) => keys.has(w.record.externalId)),
  };
}

export function asWriteSet(writes: PendingWrite[] | WriteSet): WriteSet {
  return Array.isArray(writes) ? writeSetOf(writes) : writes;
}
