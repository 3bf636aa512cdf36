/**
 * fast-check generators of hostile Metronome data: the shapes the SDK types promise, filled with values that break
 * naive code (SOQL and CSV fragments, "#N/A", emoji and combining marks, NUL, very long text, out-of-range and
 * non-finite numbers, garbage timestamps), and sometimes the shapes broken too (null IDs, null list entries).
 */
import fc from 'fast-check';
import type { CraftedCustomer, CraftedData } from './crafted-metronome.ts';

const TRICKY_TEXT = [
  '',
  ' ',
  '  padded  ',
  '#N/A',
  "' OR Id != null --",
  'O\'Brien \\ "quoted"',
  'a,b,"c"\nnext line',
  '\r\n\t',
  'NUL\u0000inside',
  '👩‍👩‍👧‍👦 family',
  'e\u0301\u0301 combining',
  '😀'.repeat(130),
  'null',
  'undefined',
  '<script>alert(1)</script>',
  'SELECT Id FROM Account',
  '١٢٣ عربى',
  '\u202Eright-to-left override',
];

/** Text a user could type or paste anywhere, up to well past the fields' 255 characters. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 250, maxLength: 400 }) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(100_000)) },
);

const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 6, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** Amounts: ordinary, fractional with many digits, negative, huge (out of range), non-finite (JSON sends null). */
export const hostileAmount: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1_000_000, max: 10_000_000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e9, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      1.005,
      0.1 + 0.2,
      -0,
      1e15,
      1.23456789e15,
      9.99e13,
      1e300,
      Number.MAX_SAFE_INTEGER,
      5e-324,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
);

export const hostileTimestamp: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('not a date', '', '2026-13-45T99:99:99Z', '0000-00-00', '2026-02-30T00:00:00Z', '1e9'),
  },
);

const CREDIT_TYPES = [
  { id: 'usd', name: 'USD (cents)' },
  { id: 'cred', name: 'Credits' },
];
const creditType = fc.constantFrom(...CREDIT_TYPES);
const STATUSES = ['DRAFT', 'FINALIZED', 'VOID', 'PENDING_APPROVAL', 'finalized', ''];

/** An ID Metronome could send: mostly a UUID-like token, sometimes odd characters; unique through its prefix. */
const idSuffix = fc.oneof(
  { weight: 5, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }) },
);

/** Null where an ID or a list entry should be, in about one customer in twelve. */
const spoil = <T>(arb: fc.Arbitrary<T>, spoiled: T) =>
  fc.oneof({ weight: 11, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(spoiled) });

function lineItem() {
  return fc.record({
    name: hostileText,
    type: fc.constantFrom('usage', 'scheduled', 'minimum'),
    total: hostileAmount,
    quantity: maybe(hostileAmount),
    credit_type: creditType,
  });
}

export function hostileCustomer(index: number, planIds: string[]): fc.Arbitrary<CraftedCustomer> {
  const customerId = idSuffix.map((s) => `c${index}-${s}`);
  return customerId.chain((id) =>
    fc.record({
      customer: fc.record({
        id: spoil(fc.constant<string | null>(id), null),
        name: hostileText,
        ingest_aliases: fc.array(spoil(hostileText, null as unknown as string), { maxLength: 3 }),
        customer_config: fc.constant({}),
        custom_fields: fc.constant({}),
      }),
      plans: fc.array(
        fc.record({
          id: spoil(
            idSuffix.map((s) => `cp${index}-${s}`),
            null as unknown as string,
          ),
          plan_id: fc.constantFrom(...planIds),
          plan_name: hostileText,
          starting_on: hostileTimestamp,
          ending_before: maybe(hostileTimestamp),
        }),
        { maxLength: 2 },
      ),
      invoices: fc.uniqueArray(
        fc.record({
          id: spoil(
            idSuffix.map((s) => `inv${index}-${s}`),
            null as unknown as string,
          ),
          customer_id: fc.constant(id),
          status: fc.constantFrom(...STATUSES),
          type: fc.constantFrom('USAGE', 'SCHEDULED'),
          total: hostileAmount,
          credit_type: creditType,
          start_timestamp: hostileTimestamp,
          end_timestamp: hostileTimestamp,
          line_items: fc.array(
            spoil(lineItem(), null as unknown as ReturnType<typeof lineItem> extends fc.Arbitrary<infer L> ? L : never),
            { maxLength: 4 },
          ),
        }),
        { maxLength: 2, selector: (i) => i.id },
      ),
      creditGrants: fc.uniqueArray(
        fc.record({
          id: spoil(
            idSuffix.map((s) => `g${index}-${s}`),
            null as unknown as string,
          ),
          customer_id: fc.constant(id),
          name: hostileText,
          reason: maybe(hostileText),
          grant_amount: fc.record({ amount: hostileAmount, credit_type: creditType }),
          paid_amount: fc.record({ amount: hostileAmount, credit_type: creditType }),
          balance: fc.record({
            including_pending: hostileAmount,
            excluding_pending: hostileAmount,
            effective_at: hostileTimestamp,
          }),
          effective_at: hostileTimestamp,
          expires_at: hostileTimestamp,
        }),
        { maxLength: 2, selector: (g) => g.id },
      ),
    }),
  ) as fc.Arbitrary<CraftedCustomer>;
}

export const HOSTILE_PLANS = [
  { id: 'plan-a', name: "Plan 'A' -- #N/A", description: '' },
  { id: 'plan-b', name: '😀'.repeat(200), description: null },
];

/** A whole account of `count` hostile customers, as Metronome would send it over JSON (NaN → null and so on). */
export function hostileAccount(count: number): fc.Arbitrary<CraftedData> {
  const planIds = HOSTILE_PLANS.map((p) => p.id);
  return fc
    .tuple(...Array.from({ length: count }, (_, i) => hostileCustomer(i, planIds)))
    .map(
      (customers) =>
        JSON.parse(
          JSON.stringify({ customers, plans: HOSTILE_PLANS, billableMetrics: [{ id: 'm-1', name: '#N/A' }] }),
        ) as CraftedData,
    );
}
