/** Metronome read through the source module, mapped through the mapping module: the sync's input. */
import { getObject, type PackageSchema } from '../metadata/index.ts';
import {
  CATALOG_OBJECTS,
  CUSTOMER_PARTS,
  mapBillableMetric,
  mapCustomerList,
  mapCustomerOnly,
  mapPlan,
  type BillableMetric,
  type CustomerSelection,
  type MappingResult,
  type PlanDetail,
  type PlanListResponse,
} from '../mapping/index.ts';
import type { CustomerPart } from '../metronome/index.ts';
import type { MappedBatch, SyncSource } from './types.ts';

/** What the sync reads of scripts/metronome's source (its `createMetronomeSource` result fits). */
export interface MetronomeReader {
  plans(): AsyncIterable<{ plan: PlanListResponse; details: PlanDetail }>;
  billableMetrics(): AsyncIterable<BillableMetric>;
  customerParts(selection: CustomerSelection): AsyncIterable<CustomerPart>;
  callCounts(): Record<string, number>;
  skippedCustomers?(): { customerId: string; message: string }[];
  /** Closes the reader's connections when the run is done. */
  close?(): Promise<void>;
}

/** The package's API names of these objects (schema names, as the mapping names them). */
const apiNames = (schema: PackageSchema, names: readonly string[]) => names.map((n) => getObject(schema, n).apiName);

/** Nothing more of these objects will come: their writes can start. */
const completion = (objects: string[]): MappedBatch => ({ records: [], errors: [], warnings: [], complete: objects });

const toBatch = (result: MappingResult): MappedBatch => ({
  records: result.records,
  errors: result.errors,
  warnings: result.warnings,
});

/** Metronome could not be reached at all (after the SDK's retries); the message names the URL and what to check. */
export class MetronomeUnreachableError extends Error {
  constructor(baseUrl: string, cause: unknown) {
    super(
      `Cannot reach Metronome at ${baseUrl} (${describeCause(cause)}). Check METRONOME_BASE_URL and your network, then run again.`,
      { cause },
    );
    this.name = 'MetronomeUnreachable';
  }
}

/** The most specific reason in a chain of causes: a system error code (ECONNREFUSED) when there is one. */
function describeCause(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (
    let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
    e && typeof e === 'object';
    e = e.cause as typeof e
  ) {
    if (typeof e.code === 'string') return e.code;
    if (typeof e.message === 'string') message = e.message;
  }
  return message;
}

/** The SDK's errors for "no answer at all" (refused, reset, DNS, timeout), as opposed to an HTTP error answer. */
const isConnectionError = (error: unknown) =>
  error instanceof Error && /^APIConnection(Timeout)?Error$/.test(error.constructor.name);

async function* reachable<T>(items: AsyncIterable<T>, baseUrl: string | undefined): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    throw baseUrl && isConnectionError(error) ? new MetronomeUnreachableError(baseUrl, error) : error;
  }
}

export function mappedSource(
  schema: PackageSchema,
  reader: MetronomeReader,
  selection: CustomerSelection,
  baseUrl?: string,
): SyncSource & { close(): Promise<void> } {
  return {
    async *catalog() {
      for await (const { plan, details } of reachable(reader.plans(), baseUrl))
        yield toBatch(mapPlan(schema, plan, details));
      for await (const metric of reachable(reader.billableMetrics(), baseUrl)) {
        // An archived metric is gone from Metronome's point of view: not sent, so its record is deleted.
        if (metric?.archived_at) continue;
        yield toBatch(mapBillableMetric(schema, metric));
      }
      yield completion(apiNames(schema, CATALOG_OBJECTS));
    },
    async *customers() {
      // Customers whose own record could not be built: their lists' records are reported, not sent.
      const unmapped = new Set<string>();
      for await (const part of reachable(reader.customerParts(selection), baseUrl)) {
        if (part.kind === 'done') {
          yield completion(apiNames(schema, CUSTOMER_PARTS.find((p) => p.part === part.phase)!.objects));
        } else if (part.kind === 'customer') {
          const { mapped, ...result } = mapCustomerOnly(schema, part.customer, selection);
          if (!mapped && typeof part.customer?.id === 'string') unmapped.add(part.customer.id);
          yield toBatch(result);
        } else {
          const mapped = !unmapped.has(part.customerId);
          yield toBatch(mapCustomerList(schema, part.customerId, part.kind, part.items, mapped));
        }
      }
    },
    callCounts: () => reader.callCounts(),
    skipped: () => reader.skippedCustomers?.() ?? [],
    close: async () => reader.close?.(),
  };
}
