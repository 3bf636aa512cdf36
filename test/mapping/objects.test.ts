import { describe, expect, it } from 'vitest';
import { allFields, getField, getObject, loadSchema } from '../../scripts/metadata/index.ts';
import {
  customerAccounts,
  isLinked,
  lineItemIds,
  mapBillableMetric,
  mapCustomerBundle,
  mapCustomerList,
  mapCustomerOnly,
  mapPlan,
  type CreditGrant,
  type CustomerBundle,
  type CustomerDetail,
  type Invoice,
  type MappedRecord,
} from '../../scripts/mapping/index.ts';

const schema = loadSchema();
const USD = { id: 'usd', name: 'USD (cents)' };
const api = (object: string, field: string) => getField(getObject(schema, object), field).apiName;
const objectApi = (object: string) => getObject(schema, object).apiName;

function customer(overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  return {
    id: 'cust-1',
    name: 'Acme Inc.',
    external_id: 'acme',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    custom_fields: {},
    customer_config: { salesforce_account_id: '001E100000G99Z7' },
    ingest_aliases: ['acme@example.com'],
    ...overrides,
  };
}

function line(overrides: Partial<Invoice.LineItem> = {}): Invoice.LineItem {
  return {
    name: 'API calls',
    type: 'usage',
    total: 1234.5,
    quantity: 1000.5,
    credit_type: USD,
    product_id: 'prod-1',
    ...overrides,
  };
}

function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: 'inv-1',
    customer_id: 'cust-1',
    status: 'FINALIZED',
    total: 1234.5,
    type: 'USAGE',
    credit_type: USD,
    plan_id: 'plan-1',
    plan_name: 'Growth',
    start_timestamp: '2026-10-01T00:00:00Z',
    end_timestamp: '2026-11-01T00:00:00Z',
    line_items: [line()],
    ...overrides,
  };
}

function grant(overrides: Partial<CreditGrant> = {}): CreditGrant {
  return {
    id: 'grant-1',
    name: 'Onboarding credits 🎁',
    customer_id: 'cust-1',
    effective_at: '2026-08-01T00:00:00Z',
    expires_at: '2027-08-01T00:00:00Z',
    priority: 1,
    balance: { effective_at: '2026-11-01T00:00:00Z', excluding_pending: 700, including_pending: 650.255 },
    grant_amount: { amount: 1000, credit_type: { id: 'cc', name: 'Compute credits ⚡' } },
    paid_amount: { amount: 100, credit_type: USD },
    deductions: [],
    pending_deductions: [],
    custom_fields: {},
    reason: 'Signed order form',
    ...overrides,
  };
}

function bundle(overrides: Partial<CustomerBundle> = {}): CustomerBundle {
  return {
    customer: customer(),
    plans: [
      {
        id: 'cp-1',
        plan_id: 'plan-1',
        plan_name: 'Growth',
        plan_description: '',
        starting_on: '2026-01-01T00:00:00Z',
        custom_fields: {},
      },
    ],
    invoices: [invoice()],
    creditGrants: [grant()],
    ...overrides,
  };
}

const all = { mode: 'all' as const };
const recordsOf = (records: MappedRecord[], object: string) => records.filter((r) => r.object === objectApi(object));

describe('mapCustomerBundle field by field', () => {
  const result = mapCustomerBundle(schema, bundle(), all);

  it('maps without errors or warnings', () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('writes only writable fields of the schema and parent references, never Auto Number names', () => {
    for (const record of result.records) {
      const object = getObject(schema, record.object);
      const writable = new Set(
        allFields(object)
          .filter((f) => f.writable)
          .map((f) => f.apiName),
      );
      const relationships = new Set(object.fields.map((f) => f.parentRelationshipApiName).filter(Boolean));
      for (const key of Object.keys(record.fields))
        expect(writable.has(key) || relationships.has(key), `${record.object}.${key}`).toBe(true);
      if (object.nameField.type === 'AutoNumber') expect(record.fields).not.toHaveProperty('Name');
      expect(record.fields[record.externalIdField]).toBe(record.externalId);
    }
  });

  it('loses nothing: every writable field of all nine objects is written, a lookup to a package object as its parent reference', () => {
    const everything = [
      ...result.records,
      ...mapPlan(
        schema,
        { id: 'plan-1', name: 'Growth', description: 'd' } as never,
        { id: 'plan-1', name: 'Growth', description: 'd' } as never,
      ).records,
      ...mapBillableMetric(schema, { id: 'bm-1', name: 'API calls' } as never).records,
    ];
    expect(new Set(everything.map((r) => r.object))).toEqual(new Set(schema.objects.map((o) => o.apiName)));
    for (const object of schema.objects) {
      const written = new Set(
        everything.filter((r) => r.object === object.apiName).flatMap((r) => Object.keys(r.fields)),
      );
      for (const f of allFields(object).filter((field) => field.writable)) {
        const viaParent = f.parentRelationshipApiName !== undefined && written.has(f.parentRelationshipApiName);
        expect(written.has(f.apiName) || viaParent, `${object.apiName}.${f.apiName} is never written`).toBe(true);
      }
    }
  });

  it('maps the customer with its primary account as an 18-character ID', () => {
    const [c] = recordsOf(result.records, 'Metronome_Customer__c');
    expect(c.fields).toEqual({
      [api('Metronome_Customer__c', 'Metronome_Customer_ID__c')]: 'cust-1',
      [api('Metronome_Customer__c', 'Name__c')]: 'Acme Inc.',
      [api('Metronome_Customer__c', 'Account__c')]: '001E100000G99Z7IAJ',
    });
  });

  it('maps the invoice: name, parents by external ID, status, total in dollars rounded, currency, Date fields', () => {
    const [inv] = recordsOf(result.records, 'Metronome_Invoice__c');
    expect(inv.fields).toEqual({
      [api('Metronome_Invoice__c', 'Metronome_Invoice_ID__c')]: 'inv-1',
      Name: 'Growth 2026-10-01–2026-11-01',
      NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'cust-1' },
      NOME__Metronome_Plan__r: { NOME__Metronome_Plan_ID__c: 'plan-1' },
      [api('Metronome_Invoice__c', 'Status__c')]: 'FINALIZED',
      // 1234.5 cents: $12.345, rounded half away from zero on the decimal digits (a float would say 12.34).
      [api('Metronome_Invoice__c', 'Total__c')]: 12.35,
      [api('Metronome_Invoice__c', 'Currency__c')]: 'USD',
      [api('Metronome_Invoice__c', 'Start__c')]: '2026-10-01',
      [api('Metronome_Invoice__c', 'End__c')]: '2026-11-01',
    });
  });

  it('maps the line item with a deterministic ID and its invoice reference', () => {
    const [li] = recordsOf(result.records, 'Metronome_Invoice_Line_Item__c');
    expect(li.externalId).toBe(lineItemIds('inv-1', [line()])[0]);
    expect(li.fields).toMatchObject({
      NOME__Invoice__r: { NOME__Metronome_Invoice_ID__c: 'inv-1' },
      NOME__Metronome_Invoice_ID__c: 'inv-1',
      NOME__Name__c: 'API calls',
      NOME__Quantity__c: 1000.5,
      NOME__Total__c: 12.35,
      NOME__Credit_Type_Name__c: 'USD',
    });
  });

  it('maps the credit grant: Text(80) name, balances incl. pending, currencies, DateTime fields', () => {
    const [g] = recordsOf(result.records, 'Metronome_Credit_Grant__c');
    expect(g.fields).toEqual({
      NOME__Metronome_Credit_Grant_ID__c: 'grant-1',
      Name: 'Onboarding credits 🎁',
      NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'cust-1' },
      NOME__Initial_Balance__c: 1000,
      NOME__Credit_Type__c: 'Compute credits ⚡',
      NOME__Balance_Including_Pending__c: 650.26,
      NOME__Paid_Amount__c: 1,
      NOME__Paid_Amount_Currency__c: 'USD',
      NOME__Effective_Date__c: '2026-08-01T00:00:00.000Z',
      NOME__Expiration_Date__c: '2027-08-01T00:00:00.000Z',
      NOME__Reason__c: 'Signed order form',
    });
  });

  it('maps the customer plan with both the plan ID and the plan reference', () => {
    const [cp] = recordsOf(result.records, 'Metronome_Customer_Plan__c');
    expect(cp.fields).toEqual({
      NOME__Metronome_Customer_Plan_ID__c: 'cp-1',
      NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'cust-1' },
      NOME__Metronome_Plan_ID__c: 'plan-1',
      NOME__Plan__r: { NOME__Metronome_Plan_ID__c: 'plan-1' },
      NOME__Starting_On__c: '2026-01-01T00:00:00.000Z',
      NOME__Ending_On__c: null,
    });
  });

  it('maps ingest aliases under their customer', () => {
    const [alias] = recordsOf(result.records, 'Metronome_Ingest_Alias__c');
    expect(alias.fields).toMatchObject({
      NOME__Customer_ID__r: { NOME__Metronome_Customer_ID__c: 'cust-1' },
      NOME__Ingest_Alias__c: 'acme@example.com',
    });
    expect(alias.externalId).toMatch(/^cust-1:[0-9a-f]{32}$/);
  });
});

describe('mapping rules', () => {
  it('truncates Text(80) names and Text(255) fields without splitting emoji, with a warning', () => {
    const longName = `${'Prepaid 🎁 '.repeat(20)}`;
    const result = mapCustomerBundle(
      schema,
      bundle({ customer: customer({ name: '👩🏽‍💻'.repeat(60) }), creditGrants: [grant({ name: longName })] }),
      all,
    );
    const [g] = recordsOf(result.records, 'Metronome_Credit_Grant__c');
    const name = g.fields.Name as string;
    expect(name.length).toBeLessThanOrEqual(80);
    expect(longName.startsWith(name)).toBe(true);
    const [c] = recordsOf(result.records, 'Metronome_Customer__c');
    const customerName = c.fields.NOME__Name__c as string;
    expect(customerName).toBe('👩🏽‍💻'.repeat(Math.floor(255 / 7)));
    expect(result.warnings.map((w) => [w.field, w.code])).toEqual(
      expect.arrayContaining([
        ['Name', 'TEXT_TRUNCATED'],
        ['NOME__Name__c', 'TEXT_TRUNCATED'],
      ]),
    );
  });

  it('reports a number beyond Number(16, 2) with the Metronome ID and field, emits neither the invoice nor its lines', () => {
    const result = mapCustomerBundle(schema, bundle({ invoices: [invoice({ total: 1.23456789e17 })] }), all);
    expect(recordsOf(result.records, 'Metronome_Invoice__c')).toEqual([]);
    expect(recordsOf(result.records, 'Metronome_Invoice_Line_Item__c')).toEqual([]);
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        object: 'NOME__Metronome_Invoice__c',
        sourceId: 'inv-1',
        externalId: 'inv-1',
        field: 'NOME__Total__c',
        code: 'NUMBER_OUTSIDE_VALID_RANGE',
      }),
    );
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        object: 'NOME__Metronome_Invoice_Line_Item__c',
        sourceId: 'inv-1',
        code: 'PARENT_NOT_MAPPED',
      }),
    );
    // The rest of the customer still maps.
    expect(recordsOf(result.records, 'Metronome_Customer__c')).toHaveLength(1);
  });

  it('an out-of-range line item fails alone', () => {
    const result = mapCustomerBundle(
      schema,
      bundle({ invoices: [invoice({ line_items: [line(), line({ name: 'Huge', total: -5e16 })] })] }),
      all,
    );
    expect(recordsOf(result.records, 'Metronome_Invoice__c')).toHaveLength(1);
    expect(recordsOf(result.records, 'Metronome_Invoice_Line_Item__c')).toHaveLength(1);
    expect(result.errors).toEqual([
      expect.objectContaining({
        object: 'NOME__Metronome_Invoice_Line_Item__c',
        field: 'NOME__Total__c',
        code: 'NUMBER_OUTSIDE_VALID_RANGE',
      }),
    ]);
  });

  it('puts statuses on the restricted picklist; an unknown one becomes N/A with a warning', () => {
    const statuses = ['DRAFT', 'FINALIZED', 'VOID', 'draft', 'PENDING_APPROVAL'];
    const result = mapCustomerBundle(
      schema,
      bundle({ invoices: statuses.map((status, i) => invoice({ id: `inv-${i}`, status })) }),
      all,
    );
    const byId = Object.fromEntries(
      recordsOf(result.records, 'Metronome_Invoice__c').map((r) => [r.externalId, r.fields.NOME__Status__c]),
    );
    expect(byId).toEqual({ 'inv-0': 'DRAFT', 'inv-1': 'FINALIZED', 'inv-2': 'VOID', 'inv-3': 'DRAFT', 'inv-4': 'N/A' });
    const picklist = getField(getObject(schema, 'Metronome_Invoice__c'), 'Status__c').picklist?.values.map(
      (v) => v.fullName,
    );
    for (const value of Object.values(byId)) expect(picklist).toContain(value);
    expect(result.warnings).toEqual([
      expect.objectContaining({ sourceId: 'inv-4', field: 'NOME__Status__c', code: 'UNKNOWN_PICKLIST_VALUE' }),
    ]);
  });

  it('writes null for missing optional values, so stale values are cleared', () => {
    const bare = invoice({
      start_timestamp: undefined,
      end_timestamp: undefined,
      plan_id: undefined,
      plan_name: undefined,
      contract_id: 'k-1',
      line_items: [line({ quantity: undefined })],
    });
    const result = mapCustomerBundle(
      schema,
      bundle({ invoices: [bare], creditGrants: [grant({ reason: null })] }),
      all,
    );
    const [inv] = recordsOf(result.records, 'Metronome_Invoice__c');
    expect(inv.fields).toMatchObject({
      NOME__Start__c: null,
      NOME__End__c: null,
      NOME__Metronome_Plan__c: null,
      Name: 'Contract USAGE inv-1',
    });
    expect(recordsOf(result.records, 'Metronome_Invoice_Line_Item__c')[0].fields.NOME__Quantity__c).toBeNull();
    expect(recordsOf(result.records, 'Metronome_Credit_Grant__c')[0].fields.NOME__Reason__c).toBeNull();
  });

  it('emits every record after the records its parent references name (parents first, whatever the input order)', () => {
    const { records } = mapCustomerBundle(
      schema,
      bundle({ invoices: [invoice(), invoice({ id: 'inv-2', line_items: [line(), line({ name: 'Seats' })] })] }),
      all,
    );
    const position = new Map(records.map((r, i) => [`${r.object}|${r.externalId}`, i]));
    let references = 0;
    records.forEach((record, i) => {
      const object = getObject(schema, record.object);
      for (const f of object.fields.filter((field) => field.parentRelationshipApiName && field.referenceToApiName)) {
        const ref = record.fields[f.parentRelationshipApiName!] as Record<string, string> | null | undefined;
        if (!ref) continue;
        const parentKey = Object.values(ref)[0];
        const parent = position.get(`${f.referenceToApiName}|${parentKey}`);
        if (parent === undefined) continue; // a parent mapped elsewhere (plans come from their own stream)
        references++;
        expect(parent, `${record.object} ${record.externalId} before its ${f.referenceToApiName}`).toBeLessThan(i);
      }
    });
    expect(references).toBeGreaterThan(8);
  });

  it('is order-independent: shuffled lists give the same records', () => {
    const lines = [line(), line({ name: 'Storage' }), line(), line({ total: -3 })];
    const a = bundle({
      invoices: [invoice({ line_items: lines }), invoice({ id: 'inv-2' })],
      customer: customer({ ingest_aliases: ['a', 'b', 'c'] }),
    });
    const b = bundle({
      invoices: [invoice({ id: 'inv-2' }), invoice({ line_items: [...lines].reverse() })],
      customer: customer({ ingest_aliases: ['c', 'a', 'b'] }),
    });
    expect(mapCustomerBundle(schema, b, all)).toEqual(mapCustomerBundle(schema, a, all));
  });
});

describe('a customer mapped part by part (a phased read)', () => {
  it("the customer alone and each of its lists give together exactly the bundle's records and errors", () => {
    const b = bundle();
    const { mapped, ...own } = mapCustomerOnly(schema, b.customer, all);
    expect(mapped).toBe(true);
    const parts = [
      own,
      mapCustomerList(schema, b.customer.id, 'creditGrants', b.creditGrants, true),
      mapCustomerList(schema, b.customer.id, 'invoices', b.invoices, true),
      mapCustomerList(schema, b.customer.id, 'plans', b.plans, true),
    ];
    const whole = mapCustomerBundle(schema, b, all);
    const key = (r: { object: string; externalId?: string }) => `${r.object} ${r.externalId}`;
    expect(
      parts
        .flatMap((p) => p.records)
        .map(key)
        .sort(),
    ).toEqual(whole.records.map(key).sort());
    expect(parts.flatMap((p) => p.errors).length).toBe(whole.errors.length);
  });

  it('a list of a customer that could not be mapped is reported as orphans, not sent', () => {
    const b = bundle({ customer: customer({ id: 'c'.repeat(51) }) });
    expect(mapCustomerOnly(schema, b.customer, all).mapped).toBe(false);
    const invoices = mapCustomerList(schema, b.customer.id, 'invoices', b.invoices, false);
    expect(invoices.records).toEqual([]);
    expect(new Set(invoices.errors.map((e) => e.code))).toEqual(new Set(['PARENT_NOT_MAPPED']));
    expect(invoices.errors.map((e) => e.object)).toContain(objectApi('Metronome_Invoice_Line_Item__c'));
  });
});

describe('deterministic line item IDs', () => {
  it('gives two identical lines distinct IDs, whatever their positions', () => {
    const ids = lineItemIds('inv-1', [line(), line(), line({ name: 'Other' })]);
    expect(new Set(ids).size).toBe(3);
    expect(lineItemIds('inv-1', [line({ name: 'Other' }), line(), line()]).sort()).toEqual([...ids].sort());
  });

  it('keeps a line ID when only its amounts change (a growing draft invoice)', () => {
    const [before] = lineItemIds('inv-1', [line({ total: 1, quantity: 1 })]);
    const [after] = lineItemIds('inv-1', [line({ total: 99, quantity: 5 })]);
    expect(after).toBe(before);
  });

  it('keeps the remaining line ID when one of two identical lines goes away', () => {
    const two = lineItemIds('inv-1', [line(), line()]);
    const [one] = lineItemIds('inv-1', [line()]);
    expect(two).toContain(one);
  });

  it('differs between invoices and between different charges', () => {
    expect(lineItemIds('inv-1', [line()])[0]).not.toBe(lineItemIds('inv-2', [line()])[0]);
    expect(lineItemIds('inv-1', [line()])[0]).not.toBe(lineItemIds('inv-1', [line({ product_id: 'prod-2' })])[0]);
  });

  it('stays unique case-insensitively (the field is unique, case-insensitive) and within 255 characters', () => {
    const ids = lineItemIds('a'.repeat(36), [line(), line(), line({ name: 'x' })]);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(3);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(255);
  });
});

describe('account links and selection', () => {
  const field = 'salesforce_account_ids';

  it('links one customer to several accounts: the primary flagged, duplicates merged across 15/18 forms', () => {
    const c = customer({
      custom_fields: { [field]: '001E100000G99Z8, 001E100000G99Z7IAJ;001E100000G99Z9BBB 001E100000G99Z8' },
    });
    const links = customerAccounts(c, { mode: 'linked' });
    expect(links.links.map((l) => [l.accountId, l.primary])).toEqual([
      ['001E100000G99Z7IAJ', true],
      ['001E100000G99Z8IAJ', false],
    ]);
    expect(links.invalid).toEqual([{ value: '001E100000G99Z9BBB', source: `custom_fields.${field}` }]);
  });

  it('emits one junction record per account with Is_Primary__c, and reports invalid IDs', () => {
    const c = customer({ custom_fields: { [field]: '001E100000G99Z8 nope' } });
    const result = mapCustomerBundle(schema, bundle({ customer: c }), { mode: 'linked' });
    const links = recordsOf(result.records, 'Metronome_Customer_Account__c');
    expect(links.map((l) => [l.externalId, l.fields.NOME__Is_Primary__c, l.fields.NOME__Account__c])).toEqual([
      ['cust-1:001E100000G99Z7IAJ', true, '001E100000G99Z7IAJ'],
      ['cust-1:001E100000G99Z8IAJ', false, '001E100000G99Z8IAJ'],
    ]);
    expect(links[0].fields.NOME__Customer__r).toEqual({ NOME__Metronome_Customer_ID__c: 'cust-1' });
    expect(result.errors).toEqual([
      expect.objectContaining({
        object: 'NOME__Metronome_Customer_Account__c',
        sourceId: 'cust-1',
        code: 'INVALID_ACCOUNT_ID',
      }),
    ]);
  });

  it('reads the extra accounts from the configured custom field', () => {
    const c = customer({
      customer_config: { salesforce_account_id: null },
      custom_fields: { sf_accounts: '001E100000G99Z8' },
    });
    expect(isLinked(c, { mode: 'linked' })).toBe(false);
    expect(isLinked(c, { mode: 'linked', extraAccountsField: 'sf_accounts' })).toBe(true);
    const result = mapCustomerBundle(schema, bundle({ customer: c }), {
      mode: 'linked',
      extraAccountsField: 'sf_accounts',
    });
    expect(recordsOf(result.records, 'Metronome_Customer__c')[0].fields.NOME__Account__c).toBeNull();
    expect(recordsOf(result.records, 'Metronome_Customer_Account__c').map((l) => l.fields.NOME__Is_Primary__c)).toEqual(
      [false],
    );
  });

  it('does not link a customer with no account IDs', () => {
    expect(isLinked(customer({ customer_config: { salesforce_account_id: null } }), { mode: 'linked' })).toBe(false);
    expect(isLinked(customer({ customer_config: { salesforce_account_id: '  ' } }), { mode: 'linked' })).toBe(false);
  });
});

describe('plans and billable metrics', () => {
  it('maps a plan from its details (name, description) and truncates the Long Text Area', () => {
    const description = 'd'.repeat(40_000);
    const result = mapPlan(
      schema,
      { id: 'plan-1', name: 'List name', description: 'list' },
      { id: 'plan-1', name: 'Growth 📈', description, custom_fields: {} },
    );
    expect(result.records[0].fields).toEqual({
      NOME__Metronome_Plan_ID__c: 'plan-1',
      NOME__Name__c: 'Growth 📈',
      NOME__Description__c: 'd'.repeat(30_000),
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ field: 'NOME__Description__c', code: 'TEXT_TRUNCATED' }),
    ]);
  });

  it('maps a billable metric with its Text(80) name set', () => {
    const result = mapBillableMetric(schema, { id: 'bm-1', name: 'api_calls', archived_at: '2026-01-01T00:00:00Z' });
    expect(result.records).toEqual([
      {
        object: 'NOME__Metronome_Billable_Metric__c',
        externalIdField: 'NOME__Metronome_Billable_Metric_ID__c',
        externalId: 'bm-1',
        sourceId: 'bm-1',
        fields: { NOME__Metronome_Billable_Metric_ID__c: 'bm-1', Name: 'api_calls' },
      },
    ]);
  });

  it('fails a record whose external ID is longer than its field rather than truncating an identity', () => {
    const result = mapCustomerBundle(schema, bundle({ customer: customer({ id: 'c'.repeat(51) }) }), all);
    expect(result.records).toEqual([]);
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        object: 'NOME__Metronome_Customer__c',
        code: 'STRING_TOO_LONG',
        field: 'NOME__Metronome_Customer_ID__c',
      }),
    );
    // Its plans, invoices, lines and grants are reported as orphans, not sent.
    expect(
      result.errors
        .filter((e) => e.code === 'PARENT_NOT_MAPPED')
        .map((e) => e.object)
        .sort(),
    ).toEqual([
      'NOME__Metronome_Credit_Grant__c',
      'NOME__Metronome_Customer_Plan__c',
      'NOME__Metronome_Invoice_Line_Item__c',
      'NOME__Metronome_Invoice__c',
    ]);
  });
});
