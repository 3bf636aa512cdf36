/**
 * Phase 2's input: the source's stream gathered into batches. Catalog items (plans, metrics) and customers' lists
 * arrive one by one; a batch closes when it holds enough of them, so the state is asked about many records at once,
 * or when an item says objects are complete.
 */
import type { MappedBatch, SyncSource } from '../types.ts';

/** Plans and metrics are few; this only bounds memory for an unusual account. */
export const CATALOG_BATCH_RECORDS = 5000;
/** Customers planned together when no checkpoint size is set (one state lookup per object per batch). */
export const PLAN_BATCH_CUSTOMERS = 100;

export async function* gather(
  items: AsyncIterable<MappedBatch>,
  full: (items: number, records: number) => boolean,
): AsyncGenerator<MappedBatch> {
  let pending: MappedBatch = { records: [], errors: [], warnings: [] };
  let count = 0;
  for await (const item of items) {
    pending.records.push(...item.records);
    pending.errors.push(...item.errors);
    pending.warnings!.push(...(item.warnings ?? []));
    // A completed object is handed on at once: its send can start while the rest is read.
    if (item.complete) pending.complete = item.complete;
    if (full(++count, pending.records.length) || item.complete) {
      yield pending;
      pending = { records: [], errors: [], warnings: [] };
      count = 0;
    }
  }
  yield pending;
}

/** The catalog's batches, then the customers' (`customersPerBatch` customers each). */
export async function* sourceBatches(
  source: SyncSource,
  customersPerBatch = PLAN_BATCH_CUSTOMERS,
): AsyncGenerator<MappedBatch> {
  yield* gather(source.catalog(), (_, records) => records >= CATALOG_BATCH_RECORDS);
  yield* gather(source.customers(), (customers) => customers >= customersPerBatch);
}
