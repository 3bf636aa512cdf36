import Metronome from '@metronome/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OUT_OF_RANGE_TOTAL,
  SandboxDataset,
  UNKNOWN_STATUS,
  startMetronomeSandbox,
  type MetronomeSandbox,
} from '../../scripts/metronome/sandbox/index.ts';
import type { CustomerDetail, Invoice } from '../../scripts/mapping/index.ts';
import { startNomeServer } from '../support/nome-process.ts';

let sandbox: MetronomeSandbox;
let client: Metronome;

async function get(pathAndQuery: string, token = sandbox.bearerToken, init: RequestInit = {}) {
  const response = await fetch(`${sandbox.baseURL}${pathAndQuery}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

beforeAll(async () => {
  sandbox = await startMetronomeSandbox({ customers: 40, seed: 11 });
  client = new Metronome({ baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, maxRetries: 0 });
});
afterAll(() => sandbox.stop());

describe('HTTP surface', () => {
  it('rejects calls without the bearer token (401)', async () => {
    expect((await get('/v1/customers', 'wrong')).status).toBe(401);
    const anonymous = await fetch(`${sandbox.baseURL}/v1/plans`);
    expect(anonymous.status).toBe(401);
  });

  it('pages customers with limit and next_page, ending with next_page null', async () => {
    const first = await get('/v1/customers?limit=7');
    expect(first.body.data).toHaveLength(7);
    expect(typeof first.body.next_page).toBe('string');
    let all = [...first.body.data];
    let cursor: string | null = first.body.next_page;
    while (cursor) {
      const page = await get(`/v1/customers?limit=7&next_page=${encodeURIComponent(cursor)}`);
      all = all.concat(page.body.data);
      cursor = page.body.next_page;
    }
    const archived = await collect(client.v1.customers.list({ only_archived: true }));
    expect(all.length + archived.length).toBe(40);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.every((c) => !c.archived_at)).toBe(true);
    expect(archived.every((c) => c.archived_at)).toBe(true);
  });

  it('counts calls by endpoint and describes its dataset on the admin API', async () => {
    sandbox.resetCalls();
    await collect(client.v1.customers.plans.list({ customer_id: sandbox.known.longNameCustomerId }));
    await collect(client.v1.customers.list({ limit: 100 }));
    expect((await get('/__admin/calls')).body.calls).toEqual({
      'GET /v1/customers/{customer_id}/plans': 1,
      'GET /v1/customers': 1,
    });
    const dataset = (await get('/__admin/dataset')).body;
    expect(dataset).toMatchObject({ customers: 40, seed: 11, order: 'natural', known: sandbox.known });
  });

  it('answers unknown customers and plans with 404 through the SDK', async () => {
    await expect(client.v1.customers.invoices.list({ customer_id: 'nope' })).rejects.toMatchObject({ status: 404 });
    await expect(client.v1.plans.getDetails({ plan_id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('filters credit grants by customer in the POST body, and customers by ingest alias', async () => {
    const id = sandbox.known.longNameCustomerId;
    const grants = await collect(client.v1.creditGrants.list({ customer_ids: [id] }));
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.every((g) => g.customer_id === id)).toBe(true);
    const index = sandbox.dataset.customerIndexOf(id) as number;
    const byAlias = await collect(client.v1.customers.list({ ingest_alias: `cust-${index}@example.com` }));
    expect(byAlias.map((c) => c.id)).toEqual([id]);
  });
});

describe('generated data', () => {
  it('is deterministic from the seed and differs with another seed', () => {
    const a = new SandboxDataset({ customers: 20, seed: 5 });
    const b = new SandboxDataset({ customers: 20, seed: 5 });
    const c = new SandboxDataset({ customers: 20, seed: 6 });
    for (let i = 0; i < 20; i++) {
      expect(a.customer(i)).toEqual(b.customer(i));
      expect(a.invoices(i)).toEqual(b.invoices(i));
      expect(a.creditGrants(i)).toEqual(b.creditGrants(i));
    }
    expect(a.customer(0).id).not.toBe(c.customer(0).id);
  });

  it('refuses sizes outside 10 to 100,000', () => {
    expect(() => new SandboxDataset({ customers: 9, seed: 1 })).toThrow(/10 to 100000/);
    expect(() => new SandboxDataset({ customers: 100_001, seed: 1 })).toThrow(/10 to 100000/);
  });

  it('holds the awkward cases: long unicode names, statuses, identical lines, out-of-range totals, pending balances', async () => {
    const known = sandbox.known;
    const longName = (await client.v1.customers.retrieve({ customer_id: known.longNameCustomerId })).data.name;
    expect(longName.length).toBeGreaterThan(255);
    expect(longName).toMatch(/\p{Extended_Pictographic}/u);

    const invoicesOf = (id: string) => collect(client.v1.customers.invoices.list({ customer_id: id }));
    const statuses = (await invoicesOf(sandbox.dataset.customerId(4))).map((i) => i.status).sort();
    expect(statuses).toEqual(['DRAFT', 'FINALIZED', UNKNOWN_STATUS, 'VOID'].sort());

    const identical = (await invoicesOf(sandbox.dataset.customerId(3))).find(
      (i) => i.id === known.identicalLinesInvoiceId,
    ) as Invoice;
    const keys = identical.line_items.map((l) => JSON.stringify(l));
    expect(keys.length - new Set(keys).size).toBeGreaterThanOrEqual(1);

    const outOfRange = (await invoicesOf(sandbox.dataset.customerId(2))).find(
      (i) => i.id === known.outOfRangeInvoiceId,
    );
    expect(outOfRange?.total).toBe(OUT_OF_RANGE_TOTAL);

    const negative = (await Promise.all(Array.from({ length: 20 }, (_, i) => sandbox.dataset.invoices(i))))
      .flat()
      .flatMap((i) => i.line_items)
      .filter((l) => l.total < 0);
    expect(negative.length).toBeGreaterThan(0);

    const grants = await collect(client.v1.creditGrants.list({ customer_ids: [known.longNameCustomerId] }));
    const pending = grants.find((g) => g.id === known.pendingGrantId);
    expect(pending && pending.balance.including_pending < pending.balance.excluding_pending).toBe(true);

    const contractInvoices = await invoicesOf(known.contractCustomerId);
    expect(contractInvoices.every((i) => i.contract_id && !i.plan_id)).toBe(true);

    const bare = (await client.v1.customers.retrieve({ customer_id: known.bareCustomerId })).data;
    expect(bare.ingest_aliases).toEqual([]);
    const bareInvoices = await invoicesOf(known.bareCustomerId);
    expect(
      bareInvoices.every((i) => i.start_timestamp === undefined && i.line_items.every((l) => l.quantity === undefined)),
    ).toBe(true);
  });

  it('lists archived billable metrics only on request', async () => {
    const active = await collect(client.v1.billableMetrics.list());
    const all = await collect(client.v1.billableMetrics.list({ include_archived: true }));
    expect(all.length).toBeGreaterThan(active.length);
    expect(all.find((m) => m.id === sandbox.known.archivedMetricId)?.archived_at).toBeTruthy();
  });

  it('links customers to none, one or several accounts', async () => {
    const customers: CustomerDetail[] = await collect(client.v1.customers.list());
    const multi = customers.find((c) => c.id === sandbox.known.multiAccountCustomerId) as CustomerDetail;
    expect(multi.customer_config.salesforce_account_id).toBeTruthy();
    expect(multi.custom_fields.salesforce_account_ids.split(/[\s,]+/).length).toBeGreaterThanOrEqual(2);
    expect(
      customers.find((c) => c.id === sandbox.known.unlinkedCustomerId)?.customer_config.salesforce_account_id,
    ).toBeNull();
  });
});

describe('mutations', () => {
  it('changes data between runs through the admin endpoint and reports what changed', async () => {
    const s = await startMetronomeSandbox({ customers: 20, seed: 3 });
    try {
      const post = async (body: unknown) => {
        const r = await fetch(`${s.baseURL}/__admin/mutations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.bearerToken}` },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as any };
      };
      const c = new Metronome({ baseURL: s.baseURL, bearerToken: s.bearerToken, maxRetries: 0 });
      const invoicesOf = (id: string) => collect(c.v1.customers.invoices.list({ customer_id: id }));

      const added = await post({ kind: 'newInvoice' });
      expect(added.status).toBe(200);
      const [owner] = added.body.changed.customers;
      expect((await invoicesOf(owner)).map((i) => i.id)).toContain(added.body.changed.invoices[0]);

      const status = await post({ kind: 'statusChange', customerId: owner, invoiceId: added.body.changed.invoices[0] });
      expect((await invoicesOf(owner)).find((i) => i.id === added.body.changed.invoices[0])?.status).toBe('FINALIZED');
      expect(status.body.description).toMatch(/DRAFT → FINALIZED/);

      const before = await invoicesOf(owner);
      const removed = await post({ kind: 'removeLineItem', customerId: owner });
      const target = removed.body.changed.invoices[0];
      const after = await invoicesOf(owner);
      expect(after.find((i) => i.id === target)?.line_items.length).toBe(
        (before.find((i) => i.id === target)?.line_items.length ?? 0) - 1,
      );

      const renamed = await post({ kind: 'renamePlan', name: 'Renamed ✏️' });
      expect((await c.v1.plans.getDetails({ plan_id: renamed.body.changed.plans[0] })).data.name).toBe('Renamed ✏️');

      const alias = await post({ kind: 'newAlias', customerId: owner });
      expect((await c.v1.customers.retrieve({ customer_id: owner })).data.ingest_aliases).toContain(
        alias.body.changed.aliases[0],
      );

      const archived = await post({ kind: 'archiveCustomer', customerId: owner });
      expect(archived.body.changed.customers).toEqual([owner]);
      expect((await collect(c.v1.customers.list())).map((x) => x.id)).not.toContain(owner);
      expect((await collect(c.v1.customers.list({ only_archived: true }))).map((x) => x.id)).toContain(owner);

      expect((await post({ kind: 'explode' })).status).toBe(400);
    } finally {
      await s.stop();
    }
  });

  it('is deterministic: the same mutations on the same seed change the same IDs', () => {
    const run = () => {
      const data = new SandboxDataset({ customers: 30, seed: 9 });
      return (
        ['newInvoice', 'statusChange', 'removeLineItem', 'renamePlan', 'newAlias', 'archiveCustomer'] as const
      ).map((kind) => data.mutate({ kind }));
    };
    expect(run()).toEqual(run());
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After, 500 and slow answers through the admin endpoint', async () => {
    const admin = (method: string, body?: unknown) =>
      fetch(`${sandbox.baseURL}/__admin/faults`, {
        method,
        headers: { authorization: `Bearer ${sandbox.bearerToken}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    await admin('POST', { fault: 'rate_limit', times: 1, retryAfterSeconds: 3, match: 'GET /v1/plans' });
    await admin('POST', { fault: 'server_error', times: 1, match: 'GET /v1/plans' });
    const limited = await get('/v1/plans');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await get('/v1/plans')).status).toBe(500);
    expect((await get('/v1/plans')).status).toBe(200);

    await admin('POST', { fault: 'slow', times: 1, delayMs: 300 });
    const started = Date.now();
    expect((await get('/v1/billable-metrics')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    await admin('DELETE');
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('applies a share of calls deterministically', async () => {
    sandbox.faults.add({ fault: 'server_error', rate: 0.5, match: 'GET /v1/billable-metrics' });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get('/v1/billable-metrics')).status);
    sandbox.faults.clear();
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });
});

describe('nome metronome-sandbox start', () => {
  it('prints one JSON line with baseURL and bearerToken, serves, and stops on SIGTERM', async () => {
    const { child, info, exited } = await startNomeServer<{ baseURL: string; bearerToken: string }>([
      'metronome-sandbox',
      'start',
      '--port',
      '0',
      '--customers',
      '10',
      '--seed',
      '4',
    ]);
    expect(info.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const c = new Metronome({ baseURL: info.baseURL, bearerToken: info.bearerToken, maxRetries: 0 });
    const customers = await collect(c.v1.customers.list());
    expect(customers.length).toBeGreaterThan(0);
    expect(customers[0].id).toBe(new SandboxDataset({ customers: 10, seed: 4 }).customerId(0));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
