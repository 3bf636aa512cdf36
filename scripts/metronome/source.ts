/**
 * The source side of the sync: reads a Metronome account through @metronome/sdk and its auto-pagination, as
 * streams. Customers come one list page at a time; each selected customer's plans and invoices are read with
 * bounded concurrency (p-limit), and the credit grants of a whole group of customers in one listing (the endpoint
 * takes a list of customer IDs). At most `prefetch` bundles are in flight or waiting, so memory stays flat however
 * many customers the account has.
 */
import type Metronome from '@metronome/sdk';
import pLimit, { type LimitFunction } from 'p-limit';
import { isSelected, type CustomerBundle, type CustomerListKind, type CustomerSelection } from '../mapping/index.ts';
import type {
  BillableMetric,
  CreditGrant,
  CustomerDetail,
  CustomerPlan,
  Invoice,
  PlanDetail,
  PlanListResponse,
} from '../mapping/sdk-types.ts';
import { CallCounter, createCountingClient, type HttpChoice } from './client.ts';

export interface MetronomeSourceOptions {
  client?: Metronome;
  bearerToken?: string;
  baseURL?: string;
  /** Per-customer list reads in flight at once (default 8). */
  concurrency?: number;
  /** SDK retries per request on 408/409/429/5xx/connection errors (SDK default 2). */
  maxRetries?: number;
  /** SDK timeout per request, in ms (SDK default 60,000). */
  timeoutMs?: number;
  /** How a new client sends requests: 'undici' or 'fetch' (default: NOME_METRONOME_HTTP, else 'undici'). */
  http?: HttpChoice;
  /** `limit` asked of every list endpoint (default 100). */
  pageSize?: number;
  /** Customer bundles read ahead of the consumer (default 2 × concurrency). */
  prefetch?: number;
  /** Customers whose credit grants are listed in one request (default: the page size). */
  grantsGroupSize?: number;
  /**
   * When one customer's reads still fail after the SDK's retries: 'throw' (default) ends the stream with the error;
   * 'skip' leaves the customer out and records it in skippedCustomers(), so the sync can keep its records as they are.
   */
  onCustomerError?: (customer: Pick<CustomerDetail, 'id'>, error: unknown) => 'skip' | 'throw';
}

export interface SkippedCustomer {
  customerId: string;
  message: string;
}

/**
 * What a phased read brings, in order: every selected customer, then for every one of them its credit grants, then
 * its invoices, then its plans; `done` closes each phase (everything of that kind has been read).
 */
export type CustomerPart =
  | { kind: 'customer'; customer: CustomerDetail }
  | { kind: 'creditGrants'; customerId: string; items: CreditGrant[] }
  | { kind: 'invoices'; customerId: string; items: Invoice[] }
  | { kind: 'plans'; customerId: string; items: CustomerPlan[] }
  | { kind: 'done'; phase: 'customer' | CustomerListKind };

export interface MetronomeSource {
  plans(): AsyncIterable<{ plan: PlanListResponse; details: PlanDetail }>;
  /** Active and archived metrics (archived ones carry archived_at). */
  billableMetrics(): AsyncIterable<BillableMetric>;
  /** Active customers the selection keeps, each with its plans, invoices (all types and statuses) and credit grants. */
  customerBundles(selection: CustomerSelection): AsyncIterable<CustomerBundle>;
  /**
   * The same data as customerBundles, read list by list across customers instead of customer by customer, so
   * each kind of record is complete (and can be written) before the next is read. Only the customers' IDs are
   * kept between phases.
   */
  customerParts(selection: CustomerSelection): AsyncIterable<CustomerPart>;
  /** Archived customers, so the sync can mirror deletions. */
  archivedCustomers(): AsyncIterable<CustomerDetail>;
  /** HTTP requests sent (retries included), by endpoint, e.g. `GET /v1/customers`. */
  callCounts(): Record<string, number>;
  /** HTTP responses by status (`200`, `429`, `500`, `network-error`). */
  statusCounts(): Record<string, number>;
  /** Customers left out of customerBundles because their reads failed and onCustomerError said 'skip'. */
  skippedCustomers(): SkippedCustomer[];
  /** Closes the connections the source opened (none of a caller's client), so nothing holds the process. */
  close(): Promise<void>;
  readonly client: Metronome;
}

export type { CustomerBundle, CustomerSelection };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Maps an async stream with up to `window` calls started ahead of the consumer, yielding results in input
 * order. Back-pressure: nothing more is pulled from `source` until the oldest result has been taken.
 */
export async function* mapBounded<T, R>(
  source: AsyncIterable<T>,
  window: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  for await (const item of source) {
    const promise = fn(item);
    // Mark as handled now; the rejection still surfaces when the consumer reaches this result.
    promise.catch(() => undefined);
    pending.push(promise);
    if (pending.length >= window) yield await (pending.shift() as Promise<R>);
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<R>);
}

async function* groups<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const item of source) {
    group.push(item);
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length) yield group;
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function* filtered<T>(source: AsyncIterable<T>, keep: (item: T) => boolean): AsyncGenerator<T> {
  for await (const item of source) if (keep(item)) yield item;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return n;
}

export function createMetronomeSource(options: MetronomeSourceOptions = {}): MetronomeSource {
  const counter = new CallCounter();
  const concurrency = positiveInteger('concurrency', options.concurrency, 8);
  // Reads in flight: the limiter's, plus the list page (customers, plans) they come from.
  const { client, close } = createCountingClient({ ...options, connections: concurrency + 1 }, counter);
  const limit = positiveInteger('pageSize', options.pageSize, 100);
  const grantsGroupSize = positiveInteger('grantsGroupSize', options.grantsGroupSize, limit);
  const prefetch = positiveInteger('prefetch', options.prefetch, concurrency * 2);

  type Grants = CustomerBundle['creditGrants'];

  /** One listing for the grants of many customers, split by customer. */
  async function readGrants(customerIds: string[], limiter: LimitFunction): Promise<Map<string, Grants>> {
    const grants = await limiter(() => collect(client.v1.creditGrants.list({ customer_ids: customerIds, limit })));
    const byCustomer = new Map<string, Grants>(customerIds.map((id) => [id, []]));
    for (const grant of grants) byCustomer.get(grant.customer_id)?.push(grant);
    return byCustomer;
  }

  async function readBundle(
    customer: CustomerDetail,
    grants: Promise<Map<string, Grants>>,
    limiter: LimitFunction,
  ): Promise<CustomerBundle> {
    const customer_id = customer.id;
    // Nothing can be read for a customer without an ID; the mapping reports it as that customer's error.
    if (typeof customer_id !== 'string' || !customer_id) return { customer, plans: [], invoices: [], creditGrants: [] };
    const [plans, invoices, creditGrants] = await Promise.all([
      limiter(() => collect(client.v1.customers.plans.list({ customer_id, limit }))),
      limiter(() => collect(client.v1.customers.invoices.list({ customer_id, limit }))),
      grants.then((byCustomer) => byCustomer.get(customer_id) ?? []),
    ]);
    return { customer, plans, invoices, creditGrants };
  }

  const skipped: SkippedCustomer[] = [];
  async function readBundleOrSkip(
    customer: CustomerDetail,
    grants: Promise<Map<string, Grants>>,
    limiter: LimitFunction,
  ): Promise<CustomerBundle | undefined> {
    try {
      return await readBundle(customer, grants, limiter);
    } catch (error) {
      return skipOrThrow(customer, error);
    }
  }

  /**
   * A customer's read that still failed: left out when onCustomerError says 'skip' (undefined), else thrown. `what`
   * names the list when only that list of the customer is left out.
   */
  function skipOrThrow(customer: Pick<CustomerDetail, 'id'>, error: unknown, what?: string): undefined {
    if (options.onCustomerError?.(customer, error) !== 'skip') throw error;
    const message = error instanceof Error ? error.message : String(error);
    skipped.push({ customerId: customer.id, message: what ? `${what}: ${message}` : message });
    return undefined;
  }

  /** Active customers the selection keeps, a list page at a time. */
  function selectedCustomers(selection: CustomerSelection): AsyncIterable<CustomerDetail> {
    return filtered(client.v1.customers.list({ limit }), (c) => !c.archived_at && isSelected(c, selection));
  }

  /** Customers in groups, each customer paired with its group's grants listing (started when the group is reached). */
  async function* withGroupGrants(customers: AsyncIterable<CustomerDetail>, limiter: LimitFunction) {
    for await (const group of groups(customers, grantsGroupSize)) {
      const grants = readGrants(
        group.map((c) => c.id),
        limiter,
      );
      // Handled here too: a failed listing surfaces through each customer of the group, which may be skipped.
      grants.catch(() => undefined);
      for (const customer of group) yield { customer, grants };
    }
  }

  async function* streamBundles(selection: CustomerSelection): AsyncGenerator<CustomerBundle> {
    // One limiter per stream: when the consumer stops early, reads queued for it are dropped, not sent.
    const limiter = pLimit(concurrency);
    try {
      const paired = withGroupGrants(selectedCustomers(selection), limiter);
      for await (const bundle of mapBounded(paired, prefetch, (p) => readBundleOrSkip(p.customer, p.grants, limiter)))
        if (bundle) yield bundle;
    } finally {
      limiter.clearQueue();
    }
  }

  /** One list of every customer (in the customers' order), read `prefetch` ahead, each as one part. */
  async function* perCustomer<K extends 'invoices' | 'plans', T>(
    kind: K,
    ids: readonly string[],
    limiter: LimitFunction,
    list: (customerId: string) => AsyncIterable<T>,
  ): AsyncGenerator<{ kind: K; customerId: string; items: T[] }> {
    const reads = mapBounded(fromArray(ids), prefetch, (customerId) =>
      limiter(() => collect(list(customerId))).then(
        (items) => ({ customerId, items }),
        (error: unknown) => ({ customerId, items: skipOrThrow({ id: customerId }, error, kind) }),
      ),
    );
    for await (const { customerId, items } of reads) if (items) yield { kind, customerId, items };
  }

  /** Every customer's credit grants, a group of customers per listing. */
  async function* grantsPerCustomer(ids: readonly string[], limiter: LimitFunction) {
    const reads = mapBounded(groups(fromArray(ids), grantsGroupSize), prefetch, (group) =>
      readGrants(group, limiter).then(
        (byCustomer) => ({ group, byCustomer }),
        (error: unknown) => ({ group, error }),
      ),
    );
    for await (const read of reads) {
      for (const customerId of read.group) {
        const items =
          'error' in read
            ? skipOrThrow({ id: customerId }, read.error, 'credit grants')
            : read.byCustomer.get(customerId);
        if (items) yield { kind: 'creditGrants' as const, customerId, items };
      }
    }
  }

  async function* streamParts(selection: CustomerSelection): AsyncGenerator<CustomerPart> {
    const limiter = pLimit(concurrency);
    try {
      const ids: string[] = [];
      for await (const customer of selectedCustomers(selection)) {
        // Nothing can be read for a customer without an ID; the mapping reports it as that customer's error.
        if (typeof customer.id === 'string' && customer.id) ids.push(customer.id);
        yield { kind: 'customer', customer };
      }
      yield { kind: 'done', phase: 'customer' };
      yield* grantsPerCustomer(ids, limiter);
      yield { kind: 'done', phase: 'creditGrants' };
      yield* perCustomer('invoices', ids, limiter, (customer_id) =>
        client.v1.customers.invoices.list({ customer_id, limit }),
      );
      yield { kind: 'done', phase: 'invoices' };
      yield* perCustomer('plans', ids, limiter, (customer_id) =>
        client.v1.customers.plans.list({ customer_id, limit }),
      );
      yield { kind: 'done', phase: 'plans' };
    } finally {
      limiter.clearQueue();
    }
  }

  async function* streamPlans(): AsyncGenerator<{ plan: PlanListResponse; details: PlanDetail }> {
    const limiter = pLimit(concurrency);
    try {
      yield* mapBounded(client.v1.plans.list({ limit }), prefetch, async (plan) => {
        const { data } = await limiter(() => client.v1.plans.getDetails({ plan_id: plan.id }));
        return { plan, details: data };
      });
    } finally {
      limiter.clearQueue();
    }
  }

  return {
    client,
    plans: streamPlans,
    billableMetrics: () => client.v1.billableMetrics.list({ include_archived: true, limit }),
    customerBundles: streamBundles,
    customerParts: streamParts,
    archivedCustomers: () => client.v1.customers.list({ only_archived: true, limit }),
    callCounts: () => counter.byEndpoint(),
    statusCounts: () => counter.byStatus(),
    skippedCustomers: () => [...skipped],
    close,
  };
}
