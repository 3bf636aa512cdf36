/**
 * The run ledger: what a run did, per object (read, created, updated, deleted, unchanged, failed), the record
 * errors and warnings it met (all counted, the first `limit` kept), and which records failed, so their children
 * are held back.
 */
import type { ObjectCounts, ProgressEvent, SyncRecordError } from '../types.ts';

const emptyCounts = (): ObjectCounts => ({ read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 });

export class RunLedger {
  readonly counts: Map<string, ObjectCounts>;
  readonly errors: SyncRecordError[] = [];
  errorCount = 0;
  readonly warnings: SyncRecordError[] = [];
  warningCount = 0;
  private readonly failedKeys = new Map<string, Set<string>>();
  private readonly limit: number;
  private readonly onProgress?: (event: ProgressEvent) => void;

  constructor(objects: string[], limit: number, onProgress?: (event: ProgressEvent) => void) {
    this.limit = limit;
    this.onProgress = onProgress;
    this.counts = new Map(objects.map((o) => [o, emptyCounts()]));
  }

  /** Counts of a package object; an object the package does not define gets a throwaway row (never reported). */
  of(object: string): ObjectCounts {
    return this.counts.get(object) ?? emptyCounts();
  }

  addError(e: SyncRecordError): void {
    this.errorCount++;
    if (this.errors.length < this.limit) this.errors.push(e);
    this.of(e.object).failed++;
    const keys = this.failedKeys.get(e.object) ?? new Set<string>();
    keys.add(e.externalId ?? e.metronomeId);
    this.failedKeys.set(e.object, keys);
  }

  addWarning(w: SyncRecordError): void {
    this.warningCount++;
    if (this.warnings.length < this.limit) this.warnings.push(w);
  }

  /** True when the record (by external ID, or Metronome ID when it had none) failed in this run. */
  failed(object: string, key: string): boolean {
    return this.failedKeys.get(object)?.has(key) ?? false;
  }

  progress(object: string): void {
    const counts = this.counts.get(object);
    if (counts) this.onProgress?.({ object, counts });
  }
}
