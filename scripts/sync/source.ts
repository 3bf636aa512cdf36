/** Metronome read through the source module, mapped through the mapping module: the sync's input. */
import type { PackageSchema } from '../metadata/index.ts';
import {
  mapBillableMetric,
  mapCustomerBundle,
  mapPlan,
  type BillableMetric,
  type CustomerBundle,
  type CustomerSelection,
  type MappingResult,
  type PlanDetail,
  type PlanListResponse,
} from '../mapping/index.ts';
import type { MappedBatch, SyncSource } from './types.ts';

/** What the sync reads of scripts/metronome's source (its `createMetronomeSource` result fits). */
export interface MetronomeReader {
  plans(): AsyncIterable<{ plan: PlanListResponse; details: PlanDetail }>;
  billableMetrics(): AsyncIterable<BillableMetric>;
  customerBundles(selection: CustomerSelection): AsyncIterable<CustomerBundle>;
  callCounts(): Record<string, number>;
  skippedCustomers?(): { customerId: string; message: string }[];
}

const toBatch = (result: MappingResult): MappedBatch => ({ records: result.records, errors: result.errors, warnings: result.warnings });

export function mappedSource(schema: PackageSchema, reader: MetronomeReader, selection: CustomerSelection): SyncSource {
  return {
    async *catalog() {
      for await (const { plan, details } of reader.plans()) yield toBatch(mapPlan(schema, plan, details));
      for await (const metric of reader.billableMetrics()) {
        // An archived metric is gone from Metronome's point of view: not sent, so its record is deleted.
        if (metric.archived_at) continue;
        yield toBatch(mapBillableMetric(schema, metric));
      }
    },
    async *customers() {
      for await (const bundle of reader.customerBundles(selection)) yield toBatch(mapCustomerBundle(schema, bundle, selection));
    },
    callCounts: () => reader.callCounts(),
    skipped: () => reader.skippedCustomers?.() ?? [],
  };
}
