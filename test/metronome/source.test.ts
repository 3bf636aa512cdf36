import Metronome from '@metronome/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFields, getObject, loadSchema } from '../../scripts/metadata/index.ts';
import {
  isLinked,
  mapBillableMetric,
  mapCustomerBundle,
  mapPlan,
  type CustomerBundle,
  type CustomerSelection,
  type MappingResult,
} from '../../scripts/mapping/index.ts';
import {
  createMetronomeSource,
  endpointOf,
  type CustomerPart,
  type MetronomeSource,
} from '../../scripts/metronome/index.ts';
import { startMetronomeSandbox, type MetronomeSandbox } from '../../scripts/metronome/sandbox/index.ts';

const schema = loadSchema();
const CUSTOMERS = 40;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Everything a sync run would map, as one sorted result. */
async function mapEverything(source: MetronomeSource, selection: CustomerSelection): Promise<MappingResult> {
  const all: MappingResult = { records: [], errors: [], warnings: [] };
  const add = (r: MappingResult) => {
    all.records.push(...r.records);
    all.errors.push(...r.errors);
    all.warnings.push(...r.warnings);
  };
  for await (const { plan, details } of source.plans()) add(mapPlan(schema, plan, details));
  for await (const metric of source.billableMetrics()) add(mapBillableMetric(schema, metric));
  for await (const bundle of source.customerBundles(selection)) add(mapCustomerBundle(schema, bundle, selection));
  const key = (x: { object: string; externalId?: string; sourceId: string; code?: string; field?: string }) =>
    `${x.object} ${x.externalId ?? x.sourceId} ${x.field ?? ''} ${x.code ?? ''}`;
  all.records.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  all.errors.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  all.warnings.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return all;
}

let sandbox: MetronomeSandbox;
const sourceFor = (s: MetronomeSandbox, options: Parameters<typeof createMetronomeSource>[0] = {}) =>
  createMetronomeSource({ baseURL: s.baseURL, bearerToken: s.bearerToken, ...options });

beforeAll(async () => {
  sandbox = await startMetronomeSandbox({ customers: CUSTOMERS, seed: 21 });
});
afterAll(() => sandbox.stop());

describe('reading an account', () => {
  it('reads plans with details, all billable metrics, active customers with their lists, and archived customers', async () => {
    const source = sourceFor(sandbox, { pageSize: 10 });
    const plans = await collect(source.plans());
    expect(plans.length).toBe(8);
    expect(plans.every(({ plan, details }) => plan.id === details.id)).toBe(true);
    const metrics = await collect(source.billableMetrics());
    expect(metrics.some((m) => m.archived_at)).toBe(true);

    const bundles = await collect(source.customerBundles({ mode: 'all' }));
    const archived = await collect(source.archivedCustomers());
    expect(bundles.length + archived.length).toBe(CUSTOMERS);
    expect(archived.map((c) => c.id)).toContain(sandbox.known.archivedCustomerId);
    for (const b of bundles) {
      expect(b.invoices.every((i) => i.customer_id === b.customer.id)).toBe(true);
      expect(b.creditGrants.every((g) => g.customer_id === b.customer.id)).toBe(true);
    }
    const statuses = new Set(bundles.flatMap((b) => b.invoices.map((i) => i.status)));
    expect([...statuses].sort()).toEqual(['DRAFT', 'FINALIZED', 'PENDING_APPROVAL', 'VOID']);
    expect(bundles.some((b) => b.invoices.some((i) => i.contract_id))).toBe(true);
    expect(
      bundles.some((b) => b.creditGrants.some((g) => g.balance.including_pending !== g.balance.excluding_pending)),
    ).toBe(true);
  });

  it('counts its API calls by endpoint, matching what the server answered', async () => {
    sandbox.resetCalls();
    const source = sourceFor(sandbox, { pageSize: 10 });
    const bundles = await collect(source.customerBundles({ mode: 'all' }));
    const active = bundles.length;
    // Credit grants are listed for ten customers (a page's worth) at once: one page of grants per group, or more.
    let grantPages = 0;
    for (let i = 0; i < active; i += 10)
      grantPages += Math.max(
        1,
        Math.ceil(bundles.slice(i, i + 10).reduce((n, b) => n + b.creditGrants.length, 0) / 10),
      );
    expect(grantPages).toBeLessThan(active / 2);
    expect(source.callCounts()).toEqual({
      'GET /v1/customers': Math.ceil(active / 10),
      'GET /v1/customers/{customer_id}/invoices': active,
      'GET /v1/customers/{customer_id}/plans': active,
      'POST /v1/credits/listGrants': grantPages,
    });
    expect(sandbox.calls()).toEqual(source.callCounts());
    expect(source.statusCounts()).toEqual({ '200': Math.ceil(active / 10) + 2 * active + grantPages });
  });

  it('names endpoints with placeholders for IDs', () => {
    expect(endpointOf('get', 'http://x/v1/customers/abc/invoices?limit=3')).toBe(
      'GET /v1/customers/{customer_id}/invoices',
    );
    expect(endpointOf('GET', 'http://x/v1/customers?only_archived=true')).toBe('GET /v1/customers');
    expect(endpointOf('GET', 'http://x/v1/planDetails/p1')).toBe('GET /v1/planDetails/{plan_id}');
    expect(endpointOf('post', 'https://api.metronome.com:443/v1/credits/listGrants#x')).toBe(
      'POST /v1/credits/listGrants',
    );
    expect(endpointOf('GET', 'https://api.metronome.com')).toBe('GET /');
  });

  it('counts calls also through a client passed in', async () => {
    const client = new Metronome({ baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken });
    const source = createMetronomeSource({ client });
    await collect(source.billableMetrics());
    expect(source.callCounts()).toEqual({ 'GET /v1/billable-metrics': 1 });
  });

  it('runs per-customer reads with bounded concurrency', async () => {
    sandbox.faults.add({ fault: 'slow', rate: 1, delayMs: 20, match: 'GET /v1/customers/{customer_id}' });
    sandbox.faults.add({ fault: 'slow', rate: 1, delayMs: 20, match: 'POST /v1/credits' });
    try {
      sandbox.resetCalls();
      await collect(sourceFor(sandbox, { concurrency: 3 }).customerBundles({ mode: 'all' }));
      // Three per-customer reads, plus at most the customer list page being fetched alongside.
      expect(sandbox.maxConcurrentCalls()).toBeLessThanOrEqual(4);
      expect(sandbox.maxConcurrentCalls()).toBeGreaterThanOrEqual(3);
    } finally {
      sandbox.faults.clear();
    }
  });
});

describe('reading list by list (customerParts)', () => {
  it('brings the same customers and lists as customerBundles: every customer, then grants, invoices, plans', async () => {
    const bundles = await collect(sourceFor(sandbox).customerBundles({ mode: 'all' }));
    const parts = await collect(sourceFor(sandbox, { pageSize: 7, grantsGroupSize: 5 }).customerParts({ mode: 'all' }));
    const phases = parts.map((p) => (p.kind === 'done' ? `done:${p.phase}` : p.kind));
    const order = phases.filter((k, i) => k !== phases[i - 1]);
    expect(order).toEqual([
      'customer',
      'done:customer',
      'creditGrants',
      'done:creditGrants',
      'invoices',
      'done:invoices',
      'plans',
      'done:plans',
    ]);
    const rebuilt = new Map<string, CustomerBundle>();
    for (const part of parts) {
      if (part.kind === 'done') continue;
      if (part.kind === 'customer') {
        rebuilt.set(part.customer.id, { customer: part.customer, plans: [], invoices: [], creditGrants: [] });
        continue;
      }
      const bundle = rebuilt.get(part.customerId)!;
      if (part.kind === 'creditGrants') bundle.creditGrants = part.items;
      if (part.kind === 'invoices') bundle.invoices = part.items;
      if (part.kind === 'plans') bundle.plans = part.items;
    }
    expect([...rebuilt.values()]).toEqual(bundles);
  });

  it('a list whose read still fails leaves out that list of that customer only, when asked to skip', async () => {
    sandbox.faults.add({ fault: 'server_error', times: 1, match: 'GET /v1/customers/{customer_id}/invoices' });
    const source = sourceFor(sandbox, { maxRetries: 0, onCustomerError: () => 'skip' });
    const parts = await collect(source.customerParts({ mode: 'all' }));
    const [skip] = source.skippedCustomers();
    expect(source.skippedCustomers()).toHaveLength(1);
    expect(skip!.message).toMatch(/^invoices: .*500/);
    const kindsOf = (id: string) => parts.filter((p) => p.kind !== 'done' && customerOf(p) === id).map((p) => p.kind);
    expect(kindsOf(skip!.customerId)).toEqual(['customer', 'creditGrants', 'plans']);
  });
});

const customerOf = (part: CustomerPart) =>
  part.kind === 'customer' ? part.customer.id : part.kind === 'done' ? undefined : part.customerId;

describe('customer selection', () => {
  it('reads only linked customers in linked mode: primary account or the custom field', async () => {
    const source = sourceFor(sandbox);
    const all = await collect(source.customerBundles({ mode: 'all' }));
    const linked = await collect(source.customerBundles({ mode: 'linked' }));
    const linkedIds = linked.map((b) => b.customer.id);
    expect(linkedIds).toEqual(all.filter((b) => isLinked(b.customer, { mode: 'linked' })).map((b) => b.customer.id));
    expect(linked.length).toBeLessThan(all.length);
    expect(linkedIds).not.toContain(sandbox.known.unlinkedCustomerId);
    expect(linkedIds).toContain(sandbox.known.customFieldOnlyCustomerId);
    expect(
      linked.every(
        (b) => b.customer.customer_config.salesforce_account_id || b.customer.custom_fields.salesforce_account_ids,
      ),
    ).toBe(true);
    // Fewer customers read, fewer per-customer calls.
    expect(source.callCounts()['GET /v1/customers/{customer_id}/invoices']).toBe(all.length + linked.length);
  });

  it('maps a multi-account customer to one link per account, the primary flagged, and reports invalid IDs', async () => {
    const source = sourceFor(sandbox);
    const result = await mapEverything(source, { mode: 'linked' });
    const links = result.records.filter(
      (r) => r.object === 'NOME__Metronome_Customer_Account__c' && r.sourceId === sandbox.known.multiAccountCustomerId,
    );
    expect(links).toHaveLength(3);
    expect(links.filter((l) => l.fields.NOME__Is_Primary__c === true)).toHaveLength(1);
    for (const l of links)
      expect(l.externalId).toBe(`${sandbox.known.multiAccountCustomerId}:${l.fields.NOME__Account__c}`);
    expect(result.errors).toContainEqual(
      expect.objectContaining({ sourceId: sandbox.known.invalidAccountCustomerId, code: 'INVALID_ACCOUNT_ID' }),
    );
  });
});

describe('mapping what the sandbox serves', () => {
  it('reports the out-of-range invoice, the unknown status and the truncations, and emits everything else', async () => {
    const result = await mapEverything(sourceFor(sandbox), { mode: 'all' });
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        object: 'NOME__Metronome_Invoice__c',
        sourceId: sandbox.known.outOfRangeInvoiceId,
        field: 'NOME__Total__c',
        code: 'NUMBER_OUTSIDE_VALID_RANGE',
      }),
    );
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ sourceId: sandbox.known.unknownStatusInvoiceId, code: 'UNKNOWN_PICKLIST_VALUE' }),
    );
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        sourceId: sandbox.known.longNameCustomerId,
        field: 'NOME__Name__c',
        code: 'TEXT_TRUNCATED',
      }),
    );
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        sourceId: sandbox.known.longNamePlanId,
        field: 'NOME__Name__c',
        code: 'TEXT_TRUNCATED',
      }),
    );
    const identical = result.records.filter(
      (r) =>
        r.object === 'NOME__Metronome_Invoice_Line_Item__c' && r.sourceId === sandbox.known.identicalLinesInvoiceId,
    );
    expect(new Set(identical.map((r) => r.externalId)).size).toBe(identical.length);
    const ids = result.records.map((r) => `${r.object} ${r.externalId.toLowerCase()}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('emits only values each field accepts, and parent references that resolve, for everything served', async () => {
    const result = await mapEverything(sourceFor(sandbox), { mode: 'all' });
    const emitted = new Set(result.records.map((r) => `${r.object} ${r.externalIdField} ${r.externalId}`));
    const failed = new Set(result.errors.map((e) => `${e.object} ${e.externalId ?? e.sourceId}`));
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    let checked = 0;
    for (const record of result.records) {
      const object = getObject(schema, record.object);
      if (object.nameField.type === 'AutoNumber') expect(record.fields).not.toHaveProperty('Name');
      for (const field of allFields(object)) {
        const value = record.fields[field.apiName];
        if (field.parentRelationshipApiName && record.fields[field.parentRelationshipApiName]) {
          const [[keyField, key]] = Object.entries(
            record.fields[field.parentRelationshipApiName] as Record<string, string>,
          );
          const parent = `${field.referenceToApiName} ${keyField} ${key}`;
          // A parent is sent in this run, or reported as failed (then the sync skips its children too).
          expect(
            emitted.has(parent) || failed.has(`${field.referenceToApiName} ${key}`),
            `${record.object}.${field.apiName} → ${parent}`,
          ).toBe(true);
        }
        if (value === undefined || value === null) continue;
        checked++;
        const where = `${record.object}.${field.apiName} of ${record.sourceId}: ${JSON.stringify(value)}`;
        switch (field.type) {
          case 'Text':
          case 'LongTextArea':
            expect((value as string).length, where).toBeLessThanOrEqual(field.length as number);
            expect(loneSurrogate.test(value as string), where).toBe(false);
            break;
          case 'Number':
            expect(Math.abs(value as number), where).toBeLessThan(
              10 ** ((field.precision as number) - (field.scale as number)),
            );
            expect(Math.round((value as number) * 100) / 100, where).toBe(value);
            break;
          case 'Date':
            expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            break;
          case 'DateTime':
            expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
            break;
          case 'Picklist':
            expect(
              field.picklist?.values.map((v) => v.fullName),
              where,
            ).toContain(value);
            break;
          case 'Lookup':
            expect(value, where).toMatch(/^001[a-zA-Z0-9]{15}$/);
            break;
          case 'Checkbox':
            expect(typeof value, where).toBe('boolean');
            break;
          default:
            throw new Error(`unexpected field type ${field.type} in ${where}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('gives the same IDs and records when the same data is served in another order', async () => {
    const shuffled = await startMetronomeSandbox({ customers: CUSTOMERS, seed: 21, order: 'shuffled' });
    try {
      const firstNatural = (await collect(sourceFor(sandbox).customerBundles({ mode: 'all' })))[0];
      const firstShuffled = (await collect(sourceFor(shuffled).customerBundles({ mode: 'all' })))[0];
      expect(firstShuffled.customer.id).not.toBe(firstNatural.customer.id);
      const a = await mapEverything(sourceFor(sandbox), { mode: 'all' });
      const b = await mapEverything(sourceFor(shuffled), { mode: 'all' });
      expect(b.records.length).toBeGreaterThan(300);
      expect(b).toEqual(a);
    } finally {
      await shuffled.stop();
    }
  });

  it('keeps line item IDs across a run where a line item was removed and a status changed', async () => {
    const s = await startMetronomeSandbox({ customers: 20, seed: 5 });
    try {
      const before = await mapEverything(sourceFor(s), { mode: 'all' });
      const removed = s.mutate({ kind: 'removeLineItem' });
      const status = s.mutate({ kind: 'statusChange' });
      const after = await mapEverything(sourceFor(s), { mode: 'all' });
      const lines = (r: MappingResult, invoice: string) =>
        r.records
          .filter((x) => x.object === 'NOME__Metronome_Invoice_Line_Item__c' && x.sourceId === invoice)
          .map((x) => x.externalId);
      const target = removed.changed.invoices[0];
      expect(lines(after, target).length).toBe(lines(before, target).length - 1);
      for (const id of lines(after, target)) expect(lines(before, target)).toContain(id);
      const statusOf = (r: MappingResult) =>
        r.records.find((x) => x.externalId === status.changed.invoices[0])?.fields.NOME__Status__c;
      expect([statusOf(before), statusOf(after)]).toEqual(['DRAFT', 'FINALIZED']);
    } finally {
      await s.stop();
    }
  });
});

describe('retries through the SDK settings', () => {
  it('retries a 429 after its Retry-After and counts both calls', async () => {
    sandbox.faults.add({ fault: 'rate_limit', times: 1, retryAfterSeconds: 1, match: 'GET /v1/plans' });
    const source = sourceFor(sandbox, { maxRetries: 2 });
    const started = Date.now();
    const plans = await collect(source.plans());
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(plans).toHaveLength(8);
    expect(source.callCounts()['GET /v1/plans']).toBe(2);
    expect(source.statusCounts()['429']).toBe(1);
  });

  it('retries 5xx answers with backoff until maxRetries, then fails', async () => {
    sandbox.faults.add({ fault: 'server_error', times: 2, match: 'GET /v1/billable-metrics' });
    const ok = sourceFor(sandbox, { maxRetries: 2 });
    expect((await collect(ok.billableMetrics())).length).toBeGreaterThan(0);
    expect(ok.callCounts()['GET /v1/billable-metrics']).toBe(3);
    expect(ok.statusCounts()).toMatchObject({ '500': 2, '200': 1 });

    sandbox.faults.add({ fault: 'server_error', times: 2, status: 503, match: 'GET /v1/billable-metrics' });
    const giveUp = sourceFor(sandbox, { maxRetries: 1 });
    await expect(collect(giveUp.billableMetrics())).rejects.toMatchObject({ status: 503 });
    expect(giveUp.callCounts()['GET /v1/billable-metrics']).toBe(2);
    sandbox.faults.clear();
  });

  it('times out a slow answer (timeoutMs) and retries it', async () => {
    sandbox.faults.add({ fault: 'slow', times: 1, delayMs: 1500, match: 'GET /v1/billable-metrics' });
    const source = sourceFor(sandbox, { maxRetries: 1, timeoutMs: 300 });
    expect((await collect(source.billableMetrics())).length).toBeGreaterThan(0);
    expect(source.callCounts()['GET /v1/billable-metrics']).toBe(2);
    expect(source.statusCounts()['network-error']).toBe(1);
  });

  it('ends the stream when a customer still fails after retries, or skips it when asked to', async () => {
    sandbox.faults.add({ fault: 'server_error', times: 1, match: 'GET /v1/customers/{customer_id}/invoices' });
    await expect(collect(sourceFor(sandbox, { maxRetries: 0 }).customerBundles({ mode: 'all' }))).rejects.toMatchObject(
      { status: 500 },
    );
    // Reads already on the wire when the stream ended may still land; let them, before arming the next fault.
    await new Promise((resolve) => setTimeout(resolve, 200));

    sandbox.faults.add({ fault: 'server_error', times: 1, match: 'GET /v1/customers/{customer_id}/invoices' });
    const source = sourceFor(sandbox, { maxRetries: 0, onCustomerError: () => 'skip' });
    const bundles = await collect(source.customerBundles({ mode: 'all' }));
    const all = await collect(sourceFor(sandbox).customerBundles({ mode: 'all' }));
    expect(bundles.length).toBe(all.length - 1);
    expect(source.skippedCustomers()).toEqual([
      { customerId: expect.any(String), message: expect.stringContaining('500') },
    ]);
    expect(bundles.map((b) => b.customer.id)).not.toContain(source.skippedCustomers()[0].customerId);
  });

  it('fails on a bad token without retrying', async () => {
    const source = createMetronomeSource({ baseURL: sandbox.baseURL, bearerToken: 'wrong', maxRetries: 3 });
    await expect(collect(source.billableMetrics())).rejects.toMatchObject({ status: 401 });
    expect(source.callCounts()['GET /v1/billable-metrics']).toBe(1);
  });
});
