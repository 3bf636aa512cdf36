/**
 * The mapping's output for a fixed sample, pinned: every field value, external ID, error, warning and the canonical
 * JSON the state's digests are taken of. These are what users' orgs and sync states hold; a change here makes every
 * user's next sync rewrite their records, so a faster mapping must leave the pinned digests as they are.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { seededRandom } from '../../scripts/metronome/sandbox/random.ts';
import {
  canonicalJson,
  mapBillableMetric,
  mapCustomerList,
  mapCustomerOnly,
  mapPlan,
  type CreditGrant,
  type CustomerDetail,
  type CustomerPlan,
  type Invoice,
  type MappingResult,
} from '../../scripts/mapping/index.ts';

const schema = loadSchema();

/** A seeded generator (the sandbox's mulberry32), so the sample is the same on every machine and Node version. */
function generator(seed: number) {
  const random = seededRandom(seed);
  const int = (max: number) => random.int(0, max - 1);
  return { next: random.next, int, pick: random.pick };
}

const WORDS = ['Acme', 'Données', 'API calls', 'Compute 🤖', 'Reserved 🏗️', 'Naïve café', '👩🏽‍💻 team', 'Ünïcödé', 'x'];
const CREDIT_TYPES = [
  { id: 'usd', name: 'USD (cents)' },
  { id: 'eur', name: 'EUR' },
  { id: 'cc', name: 'Compute credits ⚡' },
  { id: 'gpu', name: 'GPU (cents)' },
];
const TIMESTAMPS = [
  '2026-10-01T00:00:00.000Z',
  '2026-11-01T00:00:00Z',
  '2024-02-29T23:59:59.999Z',
  '2026-10-31T23:30:00-02:00',
  '2026-12-31T23:59:59+00:00',
  '2025-02-29T00:00:00.000Z',
  'not a date',
  '',
];

function sample(seed: number) {
  const { next, int, pick } = generator(seed);
  const text = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const amount = () =>
    pick([
      () => int(1_000_000),
      () => -int(10_000),
      () => Math.round(next() * 1e6) / 100,
      () => Math.round(next() * 1e8) / 1e4,
      () => next() * 1e3,
      () => 1.005,
      () => 1e-7,
      () => 98_765_432_109_877,
      () => 1.23456789e17,
      () => 0,
    ])();
  const line = (): Invoice.LineItem => ({
    name: text(1 + int(3)),
    type: pick(['usage', 'fixed', 'commit']),
    total: amount(),
    quantity: amount(),
    credit_type: pick(CREDIT_TYPES),
    ...(next() < 0.7 ? { product_id: `prod-${int(5)}` } : {}),
    ...(next() < 0.3 ? { group_key: 'region', group_value: pick(['eu', 'us']) } : {}),
    ...(next() < 0.3 ? { presentation_group_values: { b: 'x', a: pick(['1', '2']) } } : {}),
    ...(next() < 0.5 ? { starting_at: pick(TIMESTAMPS), ending_before: pick(TIMESTAMPS) } : {}),
  });
  return Array.from({ length: 40 }, (_, c) => {
    const id = `cust-${seed}-${c}`;
    const customer: CustomerDetail = {
      id,
      name: c % 7 === 0 ? `${text(30)} Ltd.` : text(2),
      external_id: `ext-${c}`,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-02T00:00:00Z',
      custom_fields: c % 3 === 0 ? { salesforce_account_ids: '001E100000G99Z7AAJ, 001E100000G99Z8;bad' } : {},
      customer_config: { salesforce_account_id: c % 2 ? '001E100000G99Z7' : null },
      ingest_aliases: [`${id}@example.com`, ...(c % 4 === 0 ? ['Ünïcödé-alias-🦄', `${id}@EXAMPLE.com`] : [])],
    };
    const invoices: Invoice[] = Array.from({ length: int(4) }, (_, i) => {
      const lines = Array.from({ length: int(5) }, line);
      return {
        id: `inv-${c}-${i}`,
        customer_id: id,
        status: pick(['DRAFT', 'finalized', 'VOID', 'PENDING_APPROVAL']),
        total: amount(),
        type: 'USAGE',
        credit_type: pick(CREDIT_TYPES),
        ...(next() < 0.8 ? { plan_id: `plan-${int(3)}`, plan_name: text(1 + int(12)) } : {}),
        start_timestamp: pick(TIMESTAMPS),
        end_timestamp: pick(TIMESTAMPS),
        // Identical lines as well as different ones: their numbering follows their content.
        line_items: i % 2 ? [...lines, ...lines.slice(0, 1)] : lines,
      };
    });
    const grants: CreditGrant[] = Array.from({ length: int(3) }, (_, g) => ({
      id: `grant-${c}-${g}`,
      name: text(1 + int(8)),
      customer_id: id,
      effective_at: pick(TIMESTAMPS),
      expires_at: pick(TIMESTAMPS),
      priority: 1,
      balance: { effective_at: pick(TIMESTAMPS), excluding_pending: amount(), including_pending: amount() },
      grant_amount: { amount: amount(), credit_type: pick(CREDIT_TYPES) },
      paid_amount: { amount: amount(), credit_type: pick(CREDIT_TYPES) },
      deductions: [],
      pending_deductions: [],
      custom_fields: {},
      reason: text(int(4)),
    }));
    const plans: CustomerPlan[] = Array.from({ length: int(3) }, (_, p) => ({
      id: `cp-${c}-${p}`,
      plan_id: `plan-${int(3)}`,
      plan_name: text(2),
      plan_description: '',
      starting_on: pick(TIMESTAMPS),
      ...(next() < 0.5 ? { ending_before: pick(TIMESTAMPS) } : {}),
      custom_fields: {},
    }));
    return { customer, invoices, grants, plans };
  });
}

/** Everything the sync takes from the mapping of the sample: results as JSON, and each record's digest text. */
function mappedSample(seed: number): string[] {
  const results: MappingResult[] = [
    mapPlan(schema, { id: 'plan-0', name: text80(), description: 'd'.repeat(40_000) }),
    mapBillableMetric(schema, { id: 'metric-0', name: 'API calls 🤖', aggregation_type: 'COUNT' } as never),
  ];
  for (const { customer, invoices, grants, plans } of sample(seed)) {
    const { mapped, ...own } = mapCustomerOnly(schema, customer, { mode: 'all' });
    results.push(own);
    results.push(mapCustomerList(schema, customer.id, 'invoices', invoices, mapped));
    results.push(mapCustomerList(schema, customer.id, 'creditGrants', grants, mapped));
    results.push(mapCustomerList(schema, customer.id, 'plans', plans, mapped));
  }
  return results.flatMap((result) => [
    JSON.stringify(result),
    ...result.records.map((r) => canonicalJson([r.object, r.externalId, r.fields])),
  ]);
}

function text80(): string {
  return `Plan ${'with a very long name 🧾 '.repeat(12)}end`;
}

const sha256 = (texts: string[]) => createHash('sha256').update(texts.join('\n')).digest('hex');

describe('the mapping of a fixed sample', () => {
  it('gives the same records, errors, warnings and digest texts as ever', () => {
    const first = mappedSample(1);
    expect(first.length).toBeGreaterThan(400);
    expect(sha256(first)).toBe('0b1b9861a44ce93af84328275fb062080e545d432b352aee2c965f667b80d637');
    expect(sha256(mappedSample(2))).toBe('db8c25f0ceb76b38c35ca6d03383a22f9faf4f2fecd0eb190d62155c57e19823');
  });

  it('pins a line item ID and a record digest text explicitly', () => {
    const line = sample(3)
      .flatMap(({ customer, invoices }) => mapCustomerList(schema, customer.id, 'invoices', invoices, true).records)
      .find((r) => r.object === 'NOME__Metronome_Invoice_Line_Item__c')!;
    expect(line.externalId).toBe('inv-8-1:047ac3dd75a7cd2175643c36deb54121:0');
    expect(canonicalJson([line.object, line.externalId, line.fields])).toBe(
      '["NOME__Metronome_Invoice_Line_Item__c","inv-8-1:047ac3dd75a7cd2175643c36deb54121:0",' +
        '{"NOME__Credit_Type_Name__c":"Compute credits ⚡","NOME__Invoice__r":{"NOME__Metronome_Invoice_ID__c":"inv-8-1"},' +
        '"NOME__Metronome_Invoice_ID__c":"inv-8-1",' +
        '"NOME__Metronome_Invoice_Line_Item_ID__c":"inv-8-1:047ac3dd75a7cd2175643c36deb54121:0",' +
        '"NOME__Name__c":"x Acme Ünïcödé","NOME__Quantity__c":1.01,"NOME__Total__c":5282.8}]',
    );
  });
});
