/**
 * The sandbox's generated Metronome account: deterministic from a seed and a size, built lazily per customer
 * (customer i is a pure function of seed and i, plus any mutations), so 100,000 customers cost no memory.
 * Every object is typed against @metronome/sdk's own types: those are the contract the sync reads.
 */
import { toSalesforceId18 } from '../../mapping/ids.ts';
import type {
  BillableMetric,
  CreditGrant,
  CreditTypeData,
  CustomerDetail,
  CustomerPlan,
  Invoice,
  PlanDetail,
  PlanListResponse,
} from '../../mapping/sdk-types.ts';
import { MutationError, applyMutation, type CustomerOverlay, type Mutation, type MutationResult } from './mutations.ts';
import { randomFor, uuidFor, type Random } from './random.ts';

export { MutationError, type Mutation, type MutationResult };

export type ServeOrder = 'natural' | 'shuffled';

export interface DatasetOptions {
  customers: number;
  seed: number;
  /** `shuffled` serves the same data in another order (customers reversed, every other list shuffled). */
  order?: ServeOrder;
  /**
   * Real Salesforce Account IDs (15 or 18 characters) for the customers to link to, in account-slot order (see
   * `SandboxDataset.accountSlots`); without them the sandbox invents IDs no org holds.
   */
  accountIds?: readonly string[];
}

export const MIN_CUSTOMERS = 10;
export const MAX_CUSTOMERS = 100_000;
export const EXTRA_ACCOUNTS_FIELD = 'salesforce_account_ids';

const REFERENCE_TIME = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const monthStart = (monthsBack: number) => {
  const d = new Date(REFERENCE_TIME);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1);
};

const USD: CreditTypeData = { id: '2714e483-4ff1-48e4-9e25-ac732e8f24f2', name: 'USD (cents)' };
const EUR: CreditTypeData = { id: '7a0fa4c1-34b5-4c2b-a4a5-2a3f4d2e1c10', name: 'EUR' };
const COMPUTE: CreditTypeData = { id: 'c0ffee00-0000-4000-8000-00000000c0de', name: 'Compute credits ⚡' };
const CREDIT_TYPES = [USD, USD, USD, EUR, COMPUTE];
/**
 * Metronome counts "USD (cents)" in cents (its docs: USD is the only fiat credit type in minor units; others, such
 * as EUR, in whole units): amounts in it are integer cents here, prices per unit may be fractional cents.
 */
const inCents = (credit: CreditTypeData) => credit.id === USD.id;
/** An amount drawn as whole units with 2 decimals, in the credit type's own units. */
const money = (credit: CreditTypeData, units: number) =>
  inCents(credit) ? Math.round(units * 100) : Math.round(units * 100) / 100;

/** Differences of 2-decimal amounts without binary drift (0.3 − 0.1 is 0.19999999999999998 in floats). */
const exact = (value: number) => Math.round(value * 100) / 100;
/** Integer cents add up exactly (and may be too large to scale again); other units are summed to 2 decimals. */
const invoiceTotal = (credit: CreditTypeData, lines: Invoice.LineItem[]) => {
  const sum = lines.reduce((total, l) => total + l.total, 0);
  return inCents(credit) ? sum : exact(sum);
};

const PLAN_NAMES = [
  'Starter',
  'Growth',
  'Enterprise',
  'Pay as you go',
  'Données & Analyse',
  'API Platform',
  'Legacy 2019',
  'Partner',
];
const PRODUCTS = [
  'API calls',
  'Storage GB-month',
  'Compute hours',
  'Seats',
  'Support',
  'Données transférées',
  'Inference tokens 🤖',
  'Egress',
];
const METRIC_NAMES = [
  'api_calls',
  'storage_gb',
  'compute_hours',
  'seats',
  'tokens',
  'egress_bytes',
  'events',
  'users',
  'Δ latency p99 ⏱️',
  'rows_scanned',
  'old_metric',
  'legacy_metric',
];
const COMPANY_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
  'Cyberdyne',
  'Müller & Söhne',
  'Ōkami 株式会社',
  'Café Zoë',
  'Rocket 🚀',
];

const LONG_NAME = `${'Extremely Long Customer Name With Unicode — Ünïcödé ✨ and emoji 👩🏽‍💻 '.repeat(5)}Ltd.`;
const LONG_PLAN_NAME = `Plan ${'with a very long name 🧾 '.repeat(12)}end`;
const LONG_DESCRIPTION = 'This description is longer than a Long Text Area(30000) can hold. 📚 '.repeat(500);
/** Beyond Number(16,2) whatever the credit type (also once cents become dollars). */
export const OUT_OF_RANGE_TOTAL = 1.23456789e17;
export const UNKNOWN_STATUS = 'PENDING_APPROVAL';
const PLAN_COUNT = PLAN_NAMES.length;
const INVALID_ACCOUNT_INDEX = 5;
const ACCOUNT_KEY_PREFIX = '001';

/** Where the awkward values live, so tests can point at them. */
export interface KnownRecords {
  longNameCustomerId: string;
  outOfRangeInvoiceId: string;
  identicalLinesInvoiceId: string;
  unknownStatusInvoiceId: string;
  invalidAccountCustomerId: string;
  multiAccountCustomerId: string;
  customFieldOnlyCustomerId: string;
  unlinkedCustomerId: string;
  archivedCustomerId: string;
  bareCustomerId: string;
  contractCustomerId: string;
  /** A credit grant of longNameCustomerId with a pending deduction. */
  pendingGrantId: string;
  archivedMetricId: string;
  longNamePlanId: string;
  /**
   * The records served malformed on purpose, which a correct sync must refuse (and report): each Metronome ID with
   * what is wrong with it. A demo can tell its users that errors about these are expected.
   */
  deliberatelyBad: { metronomeId: string; what: string }[];
}

/** What a customer looks like, by index: fixed small indices hold the awkward cases. */
const KIND = {
  contract: (i: number) => i % 3 === 0,
  archived: (i: number) => i % 13 === 7,
  linking: (i: number): 'primary' | 'multi' | 'customFieldOnly' | 'none' => {
    const r = i % 10;
    if (r === 6) return 'multi';
    if (r === 9) return 'customFieldOnly';
    if (r === 8 || r === 4) return 'none';
    return 'primary';
  },
  longName: (i: number) => i === 1,
  outOfRange: (i: number) => i === 2,
  identicalLines: (i: number) => i === 3,
  unknownStatus: (i: number) => i === 4,
  invalidAccount: (i: number) => i === INVALID_ACCOUNT_INDEX,
  bare: (i: number) => i === 8,
};

/** Which account numbers (0 = primary, 1 and 2 = extras in the custom field) a customer's linking kind uses. */
function linkingNumbers(index: number): number[] {
  const linking = KIND.linking(index);
  return linking === 'primary' ? [0] : linking === 'multi' ? [0, 1, 2] : linking === 'customFieldOnly' ? [1] : [];
}

/** All the account numbers a customer uses: its linking ones, plus the valid ID next to the invalid one. */
function accountNumbers(index: number): number[] {
  const numbers = linkingNumbers(index);
  return KIND.invalidAccount(index) && !numbers.includes(1) ? [...numbers, 1] : numbers;
}

const LINKING_PERIOD = 10;
const SLOTS_PER_PERIOD = Array.from({ length: LINKING_PERIOD }, (_, r) => linkingNumbers(r).length).reduce(
  (a, b) => a + b,
  0,
);
const INVALID_ACCOUNT_EXTRA_SLOTS =
  accountNumbers(INVALID_ACCOUNT_INDEX).length - linkingNumbers(INVALID_ACCOUNT_INDEX).length;

/**
 * How many account slots the customers before `index` use, in O(1): slots are numbered densely in customer order
 * (so N given account IDs are all linked), linking repeats every 10 customers, and one customer adds a slot.
 */
function slotsBefore(index: number): number {
  const periodStart = index - (index % LINKING_PERIOD);
  let slots = (periodStart / LINKING_PERIOD) * SLOTS_PER_PERIOD;
  for (let i = periodStart; i < index; i++) slots += linkingNumbers(i).length;
  return slots + (index > INVALID_ACCOUNT_INDEX ? INVALID_ACCOUNT_EXTRA_SLOTS : 0);
}

/** The 18-character forms of Salesforce Account IDs; throws naming the first entry that is not one. */
export function normalizeAccountIds(ids: readonly unknown[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0)
    throw new Error('accountIds must be a non-empty list of Salesforce Account IDs');
  return ids.map((id, k) => {
    const id18 = typeof id === 'string' ? toSalesforceId18(id.trim()) : undefined;
    // The sync links only IDs with Account's key prefix; anything else would quietly become an "invalid" link.
    if (!id18?.startsWith(ACCOUNT_KEY_PREFIX))
      throw new Error(
        `accountIds[${k}] is not a Salesforce Account ID (15 or 18 characters starting with ${ACCOUNT_KEY_PREFIX}): ${JSON.stringify(id)}`,
      );
    return id18;
  });
}

export class SandboxDataset {
  readonly size: number;
  readonly seed: number;
  readonly order: ServeOrder;
  private readonly planRenames = new Map<number, string>();
  private readonly overlays = new Map<number, CustomerOverlay>();
  private mutationCount = 0;
  /** 18-character IDs handed in by the caller, or undefined while the sandbox invents its own. */
  private givenAccountIds: string[] | undefined;

  constructor(options: DatasetOptions) {
    if (
      !Number.isInteger(options.customers) ||
      options.customers < MIN_CUSTOMERS ||
      options.customers > MAX_CUSTOMERS
    ) {
      throw new Error(
        `customers must be an integer from ${MIN_CUSTOMERS} to ${MAX_CUSTOMERS}, got ${options.customers}`,
      );
    }
    if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
    this.size = options.customers;
    this.seed = options.seed;
    this.order = options.order ?? 'natural';
    if (options.accountIds !== undefined) this.useAccountIds(options.accountIds);
  }

  // ---- linked Salesforce accounts ---------------------------------------------------------------------------

  /**
   * How many distinct account IDs the customers link to: hand `useAccountIds` this many for every link to point at
   * an account of its own (about one per customer).
   */
  get accountSlots(): number {
    return slotsBefore(this.size);
  }

  /**
   * Links the customers to these Salesforce Account IDs (15 or 18 characters) instead of invented ones, slot by
   * slot in customer order; fewer IDs than `accountSlots` are reused round-robin. Only which IDs appear changes:
   * who links to how many accounts, which links use the 15-character form and the deliberately invalid ID stay.
   */
  useAccountIds(ids: readonly string[]): void {
    this.givenAccountIds = normalizeAccountIds(ids);
  }

  /** How many account IDs were handed in (0 while the sandbox invents them). */
  get givenAccountIdCount(): number {
    return this.givenAccountIds?.length ?? 0;
  }

  private random(...labels: (string | number)[]): Random {
    return randomFor(this.seed, ...labels);
  }

  /** In `shuffled` order a list is permuted by a seed of its own; in `natural` order it is left alone. */
  private served<T>(items: T[], ...labels: (string | number)[]): T[] {
    return this.order === 'shuffled' ? this.random('order', ...labels).shuffle([...items]) : items;
  }

  // ---- customers -------------------------------------------------------------------------------------------

  /** The customer at a list position: natural order is by index, shuffled order reversed. */
  indexAt(position: number): number {
    return this.order === 'shuffled' ? this.size - 1 - position : position;
  }

  customerId(index: number): string {
    const h = this.random('customer-id', index).hex(20);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${index.toString(16).padStart(12, '0')}`;
  }

  /** The index a customer ID encodes, when it is one of this dataset's IDs. */
  customerIndexOf(id: string): number | undefined {
    const match = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-([0-9a-f]{12})$/.exec(id);
    if (!match) return undefined;
    const index = parseInt(match[1], 16);
    return index < this.size && this.customerId(index) === id ? index : undefined;
  }

  private accountId(index: number, n: number, form: 15 | 18 = 18): string {
    if (this.givenAccountIds) {
      const slot = slotsBefore(index) + accountNumbers(index).indexOf(n);
      const id18 = this.givenAccountIds[slot % this.givenAccountIds.length];
      return form === 15 ? id18.slice(0, 15) : id18;
    }
    const r = this.random('account', index, n);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let id15 = ACCOUNT_KEY_PREFIX;
    for (let k = 0; k < 12; k++) id15 += alphabet[Math.floor(r.next() * alphabet.length)];
    return form === 15 ? id15 : (toSalesforceId18(id15) as string);
  }

  isArchived(index: number): boolean {
    return KIND.archived(index) || this.overlays.get(index)?.archivedAt !== undefined;
  }

  customer(index: number): CustomerDetail {
    const r = this.random('customer', index);
    const id = this.customerId(index);
    const created = REFERENCE_TIME - r.int(60, 900) * DAY;
    const name = KIND.longName(index)
      ? LONG_NAME
      : `${r.pick(COMPANY_WORDS)} ${r.pick(['Inc.', 'GmbH', 'SAS', 'Ltd', 'KK', 'LLC'])} #${index}`;
    const linking = KIND.linking(index);
    const custom_fields: Record<string, string> = KIND.bare(index)
      ? {}
      : { region: r.pick(['us-east', 'eu-west', 'ap-northeast']) };
    let primary: string | null = null;
    if (linking === 'primary' || linking === 'multi') primary = this.accountId(index, 0, r.chance(0.3) ? 15 : 18);
    if (linking === 'multi')
      custom_fields[EXTRA_ACCOUNTS_FIELD] = `${this.accountId(index, 1)}, ${this.accountId(index, 2, 15)} ${primary}`;
    if (linking === 'customFieldOnly') custom_fields[EXTRA_ACCOUNTS_FIELD] = this.accountId(index, 1);
    if (KIND.invalidAccount(index))
      custom_fields[EXTRA_ACCOUNTS_FIELD] = `${this.accountId(index, 1)};not-an-account-id`;
    const overlay = this.overlays.get(index);
    const aliases = KIND.bare(index)
      ? []
      : [
          `cust-${index}@example.com`,
          ...(r.chance(0.3) ? [`org_${r.hex(8)}`] : []),
          ...(index === 1 ? ['Ünïcödé-alias-🦄'] : []),
        ];
    const archivedAt = KIND.archived(index) ? iso(created + 30 * DAY) : overlay?.archivedAt;
    const customer: CustomerDetail = {
      id,
      name,
      external_id: KIND.bare(index) ? id : `ext-${index}`,
      created_at: iso(created),
      updated_at: iso(created + r.int(0, 50) * DAY),
      custom_fields,
      customer_config: { salesforce_account_id: primary },
      ingest_aliases: this.served([...aliases, ...(overlay?.addedAliases ?? [])], 'aliases', index),
      ...(archivedAt ? { archived_at: archivedAt } : {}),
      ...(KIND.bare(index) ? {} : { current_billable_status: { value: 'billable', effective_at: iso(created) } }),
    };
    return customer;
  }

  // ---- plans and metrics -----------------------------------------------------------------------------------

  private planId(p: number): string {
    return uuidFor(this.seed, 'plan', p);
  }

  private planName(p: number): string {
    return this.planRenames.get(p) ?? (p === 0 ? LONG_PLAN_NAME : PLAN_NAMES[p]);
  }

  private planDescription(p: number): string | undefined {
    if (p === 1) return LONG_DESCRIPTION;
    if (p === 3) return undefined;
    return `${PLAN_NAMES[p]} pricing, monthly in arrears.`;
  }

  plans(): PlanListResponse[] {
    const plans = Array.from({ length: PLAN_COUNT }, (_, p): PlanListResponse => ({
      id: this.planId(p),
      name: this.planName(p),
      description: this.planDescription(p) ?? '',
      ...(p % 2 === 0 ? { custom_fields: { tier: String(p) } } : {}),
    }));
    return this.served(plans, 'plans');
  }

  planDetail(planId: string): PlanDetail | undefined {
    const p = Array.from({ length: PLAN_COUNT }, (_, k) => k).find((k) => this.planId(k) === planId);
    if (p === undefined) return undefined;
    const description = this.planDescription(p);
    return {
      id: planId,
      name: this.planName(p),
      custom_fields: p % 2 === 0 ? { tier: String(p) } : {},
      ...(description !== undefined ? { description } : {}),
      minimums: p === 2 ? [{ credit_type: USD, name: 'Monthly minimum', start_period: 0, value: 100_000 }] : [],
      credit_grants:
        p % 2 === 1
          ? [
              {
                amount_granted: 5000,
                amount_granted_credit_type: USD,
                amount_paid: 0,
                amount_paid_credit_type: USD,
                effective_duration: 30,
                name: 'Monthly credits',
                priority: '1',
                send_invoice: false,
              },
            ]
          : [],
    };
  }

  billableMetrics(includeArchived: boolean): BillableMetric[] {
    const metrics = METRIC_NAMES.map((name, m): BillableMetric => ({
      id: uuidFor(this.seed, 'metric', m),
      name: m === 5 ? `${name} ${'(per region, per day, deduplicated) '.repeat(4)}` : name,
      aggregation_type: m % 3 === 0 ? 'COUNT' : 'SUM',
      ...(m % 3 === 0 ? {} : { aggregation_key: 'value' }),
      ...(m >= METRIC_NAMES.length - 3 ? { archived_at: iso(REFERENCE_TIME - (m + 10) * DAY) } : {}),
      custom_fields: {},
    }));
    return this.served(includeArchived ? metrics : metrics.filter((m) => !m.archived_at), 'metrics');
  }

  // ---- per-customer lists ----------------------------------------------------------------------------------

  customerPlans(index: number): CustomerPlan[] {
    return this.served(this.generatedCustomerPlans(index), 'customer-plans', index);
  }

  /** In generation order, whatever the serving order: other generated data refers to it. */
  private generatedCustomerPlans(index: number): CustomerPlan[] {
    if (KIND.contract(index) || KIND.bare(index)) return [];
    const r = this.random('customer-plans', index);
    const count = r.int(1, 2);
    const plans = Array.from({ length: count }, (_, k): CustomerPlan => {
      const p = (index + k * 3) % PLAN_COUNT;
      const start = monthStart(12 - k * 6);
      return {
        id: uuidFor(this.seed, 'customer-plan', index, k),
        plan_id: this.planId(p),
        plan_name: this.planName(p),
        plan_description: this.planDescription(p) ?? '',
        starting_on: iso(start),
        ...(k === 0 && count > 1 ? { ending_before: iso(monthStart(6)) } : {}),
        custom_fields: {},
      };
    });
    return plans;
  }

  private lineItems(
    index: number,
    invoiceId: string,
    r: Random,
    credit: CreditTypeData,
    bare: boolean,
  ): Invoice.LineItem[] {
    const count = r.int(1, 4);
    const lines: Invoice.LineItem[] = [];
    for (let k = 0; k < count; k++) {
      const product = PRODUCTS[(index + k) % PRODUCTS.length];
      const quantity = Math.round(r.next() * 1_000_000) / 100;
      // Cents: up to a dollar a unit, in hundredths of a cent; other units: up to 1 a unit, four decimals.
      const unit = inCents(credit) ? Math.round(r.next() * 10_000) / 100 : Math.round(r.next() * 10_000) / 10_000;
      lines.push({
        name: product,
        type: 'usage',
        credit_type: credit,
        total: inCents(credit) ? Math.round(quantity * unit) : Math.round(quantity * unit * 10_000) / 10_000,
        product_id: uuidFor(this.seed, 'product', (index + k) % PRODUCTS.length),
        ...(bare
          ? {}
          : { quantity, unit_price: unit, starting_at: iso(monthStart(1)), ending_before: iso(monthStart(0)) }),
      });
    }
    if (r.chance(0.25))
      lines.push({
        name: 'Promotional credit',
        type: 'credit',
        credit_type: credit,
        total: -money(credit, r.next() * 500),
      });
    const reserved = inCents(credit) ? 98_765_432_109_877 : 987_654_321_098.765;
    if (r.chance(0.1))
      lines.push({ name: 'Reserved capacity 🏗️', type: 'fixed', credit_type: credit, total: reserved, quantity: 1 });
    void invoiceId;
    return lines;
  }

  private generatedInvoices(index: number): Invoice[] {
    const r = this.random('invoices', index);
    const customerId = this.customerId(index);
    const contract = KIND.contract(index);
    const bare = KIND.bare(index);
    const plans = this.generatedCustomerPlans(index);
    const count = KIND.unknownStatus(index) ? 4 : r.int(1, 4);
    const contractId = contract ? uuidFor(this.seed, 'contract', index) : undefined;
    const invoices: Invoice[] = [];
    for (let k = 0; k < count; k++) {
      const id = uuidFor(this.seed, 'invoice', index, k);
      const credit = contract && r.chance(0.2) ? COMPUTE : r.pick(CREDIT_TYPES.slice(0, 4));
      let status = k === 0 ? 'DRAFT' : r.pick(['FINALIZED', 'FINALIZED', 'FINALIZED', 'VOID']);
      if (KIND.unknownStatus(index)) status = ['DRAFT', 'FINALIZED', 'VOID', UNKNOWN_STATUS][k];
      const lines = this.lineItems(index, id, r, credit, bare);
      if (KIND.identicalLines(index) && k === 0) lines.push({ ...lines[0] }, { ...lines[0] });
      let total = invoiceTotal(credit, lines);
      if (KIND.outOfRange(index) && k === 0) total = OUT_OF_RANGE_TOTAL;
      const plan = plans.length > 0 ? plans[k % plans.length] : undefined;
      const start = monthStart(k);
      const invoice: Invoice = {
        id,
        customer_id: customerId,
        type: contract ? (k % 2 === 0 ? 'USAGE' : 'SCHEDULED') : 'USAGE',
        status,
        total,
        credit_type: credit,
        line_items: this.served(lines, 'lines', id),
        ...(bare
          ? {}
          : {
              start_timestamp: iso(start),
              end_timestamp: iso(monthStart(k - 1)),
              issued_at: iso(monthStart(k - 1) + DAY),
              created_at: iso(start),
            }),
        ...(contract ? { contract_id: contractId } : plan ? { plan_id: plan.plan_id, plan_name: plan.plan_name } : {}),
        ...(bare ? {} : { subtotal: total }),
      };
      invoices.push(invoice);
    }
    return invoices;
  }

  invoices(index: number): Invoice[] {
    const overlay = this.overlays.get(index);
    const all = [...this.generatedInvoices(index), ...(overlay?.addedInvoices ?? [])].map((invoice) => {
      const status = overlay?.statuses.get(invoice.id);
      const removed = overlay?.removedLines.get(invoice.id) ?? 0;
      if (status === undefined && removed === 0) return invoice;
      const lines = removed > 0 ? this.linesWithout(invoice.line_items, removed) : invoice.line_items;
      return { ...invoice, ...(status ? { status } : {}), line_items: lines };
    });
    return this.served(all, 'invoices', index);
  }

  /** Removes `count` line items, always the same ones: the last ones in canonical (content) order. */
  private linesWithout(lines: Invoice.LineItem[], count: number): Invoice.LineItem[] {
    const keyed = lines.map((line) => ({ line, key: JSON.stringify([line.name, line.total, line.type]) }));
    const doomed = new Set(
      [...keyed]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .slice(-count)
        .map((k) => k.line),
    );
    return lines.filter((l) => !doomed.has(l));
  }

  creditGrants(index: number): CreditGrant[] {
    if (KIND.contract(index)) return [];
    const r = this.random('grants', index);
    const customerId = this.customerId(index);
    const count = index === 1 ? 2 : r.int(0, 2);
    const grants = Array.from({ length: count }, (_, k): CreditGrant => {
      const id = uuidFor(this.seed, 'grant', index, k);
      const credit = k === 1 ? COMPUTE : USD;
      // Dollars granted, in cents for USD; compute credits as they are.
      const amount = r.pick([1000, 5000, 25_000, 1_000_000]) * (inCents(credit) ? 100 : 1);
      const round = (value: number) => (inCents(credit) ? Math.round(value) : exact(value));
      const used = round(r.next() * amount);
      const pending = k === 0 ? Math.min(amount - used, Math.max(1, round(r.next() * (amount - used)))) : 0;
      const effective = monthStart(3 + k);
      return {
        id,
        name: k === 0 ? 'Onboarding credits 🎁' : `Prepaid commitment ${r.hex(4)}`,
        customer_id: customerId,
        effective_at: iso(effective),
        expires_at: iso(effective + 365 * DAY),
        priority: k + 1,
        balance: {
          effective_at: iso(REFERENCE_TIME),
          excluding_pending: exact(amount - used),
          including_pending: exact(amount - used - pending),
        },
        grant_amount: { amount, credit_type: credit },
        // Paid in USD: 10 cents a compute credit.
        paid_amount: { amount: k === 0 ? 0 : amount * 10, credit_type: USD },
        deductions:
          used > 0
            ? [
                {
                  amount: -used,
                  created_by: 'metronome',
                  credit_grant_id: id,
                  effective_at: iso(effective + DAY),
                  reason: 'usage',
                  running_balance: amount - used,
                },
              ]
            : [],
        pending_deductions:
          pending > 0
            ? [
                {
                  amount: -pending,
                  created_by: 'metronome',
                  credit_grant_id: id,
                  effective_at: iso(REFERENCE_TIME),
                  reason: 'pending usage',
                  running_balance: amount - used - pending,
                },
              ]
            : [],
        custom_fields: {},
        ...(k === 0 || KIND.bare(index) ? {} : { reason: 'Signed order form' }),
      };
    });
    return this.served(grants, 'grants', index);
  }

  // ---- what tests point at ----------------------------------------------------------------------------------

  known(): KnownRecords {
    const firstWhere = (test: (i: number) => boolean) => {
      for (let i = 0; i < this.size; i++) if (test(i)) return this.customerId(i);
      throw new Error('no such customer');
    };
    const pendingGrant = this.creditGrants(1).find((g) => g.pending_deductions.length > 0);
    return {
      longNameCustomerId: this.customerId(1),
      outOfRangeInvoiceId: uuidFor(this.seed, 'invoice', 2, 0),
      identicalLinesInvoiceId: uuidFor(this.seed, 'invoice', 3, 0),
      unknownStatusInvoiceId: uuidFor(this.seed, 'invoice', 4, 3),
      invalidAccountCustomerId: this.customerId(5),
      multiAccountCustomerId: this.customerId(6),
      customFieldOnlyCustomerId: this.customerId(9),
      unlinkedCustomerId: this.customerId(4),
      archivedCustomerId: this.customerId(7),
      bareCustomerId: this.customerId(8),
      contractCustomerId: firstWhere((i) => KIND.contract(i) && !KIND.archived(i)),
      pendingGrantId: pendingGrant?.id ?? uuidFor(this.seed, 'grant', 1, 0),
      archivedMetricId: uuidFor(this.seed, 'metric', METRIC_NAMES.length - 1),
      longNamePlanId: this.planId(0),
      deliberatelyBad: [
        {
          metronomeId: uuidFor(this.seed, 'invoice', 2, 0),
          what: 'an invoice total beyond Number(16,2), whose line items cannot land without it',
        },
        {
          metronomeId: this.customerId(INVALID_ACCOUNT_INDEX),
          what: 'a customer custom field holding "not-an-account-id" as an account ID',
        },
      ],
    };
  }

  // ---- mutations --------------------------------------------------------------------------------------------

  private overlay(index: number): CustomerOverlay {
    let overlay = this.overlays.get(index);
    if (!overlay) {
      overlay = { addedAliases: [], addedInvoices: [], statuses: new Map(), removedLines: new Map() };
      this.overlays.set(index, overlay);
    }
    return overlay;
  }

  /** The customer a mutation targets: the given one, else the next active one after a seed-and-count-derived start. */
  targetCustomer(customerId: string | undefined, accept: (index: number) => boolean = () => true): number {
    if (customerId !== undefined) {
      const index = this.customerIndexOf(customerId);
      if (index === undefined) throw new MutationError(`no customer ${customerId}`);
      return index;
    }
    const start = this.random('mutation-target', this.mutationCount).int(0, this.size - 1);
    for (let k = 0; k < this.size; k++) {
      const index = (start + k) % this.size;
      if (!this.isArchived(index) && accept(index)) return index;
    }
    throw new MutationError('no active customer qualifies for this mutation');
  }

  mutate(mutation: Mutation): MutationResult {
    const result = applyMutation(this, mutation, this.mutationCount);
    this.mutationCount++;
    return result;
  }

  /** For the mutation module: the overlay of one customer. */
  overlayOf(index: number): CustomerOverlay {
    return this.overlay(index);
  }

  renamePlan(planId: string | undefined, name: string | undefined): { planId: string; name: string } {
    const p =
      planId === undefined
        ? this.mutationCount % PLAN_COUNT
        : Array.from({ length: PLAN_COUNT }, (_, k) => k).find((k) => this.planId(k) === planId);
    if (p === undefined) throw new MutationError(`no plan ${planId}`);
    const newName = name ?? `${PLAN_NAMES[p]} (renamed ${this.mutationCount + 1})`;
    this.planRenames.set(p, newName);
    return { planId: this.planId(p), name: newName };
  }

  generatedInvoiceFor(index: number, ordinal: number): Invoice {
    const r = this.random('added-invoice', index, ordinal);
    const id = uuidFor(this.seed, 'added-invoice', index, ordinal);
    const credit = USD;
    const lines = this.lineItems(index, id, r, credit, false);
    const plan = this.generatedCustomerPlans(index)[0];
    return {
      id,
      customer_id: this.customerId(index),
      type: 'USAGE',
      status: 'DRAFT',
      total: invoiceTotal(credit, lines),
      credit_type: credit,
      line_items: lines,
      start_timestamp: iso(monthStart(0)),
      end_timestamp: iso(monthStart(-1)),
      ...(plan
        ? { plan_id: plan.plan_id, plan_name: plan.plan_name }
        : { contract_id: uuidFor(this.seed, 'contract', index) }),
    };
  }

  get mutations(): number {
    return this.mutationCount;
  }

  /** When the n-th mutation archives a customer: fixed, so runs repeat exactly. */
  archiveTimestamp(n: number): string {
    return new Date(REFERENCE_TIME + (n + 1) * 60_000).toISOString();
  }
}
