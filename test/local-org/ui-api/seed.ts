/** A small data set for the UI API tests, written through the org's REST API with jsforce. */
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, LINE_ITEM, PLAN, tokenConnection } from '../helpers.ts';

export const LINK = 'NOME__Metronome_Customer_Account__c';
export const GRANT = 'NOME__Metronome_Credit_Grant__c';
export const CUSTOMER_PLAN = 'NOME__Metronome_Customer_Plan__c';
export const ALIAS = 'NOME__Metronome_Ingest_Alias__c';

export interface Seeded {
  accounts: { acme: string; globex: string };
  plan: string;
  customers: { acme: string; acmeEu: string; globex: string; underscore: string };
  invoices: string[];
}

const idOf = (r: unknown) => {
  const result = r as { id?: string; success: boolean; errors?: unknown };
  if (!result.success || !result.id) throw new Error(`seed write failed: ${JSON.stringify(result)}`);
  return result.id;
};

export async function seed(org: LocalOrg): Promise<Seeded> {
  const conn = tokenConnection(org);
  const create = async (type: string, rows: Record<string, unknown>[]) => {
    const out = await conn.sobject(type).create(rows, { allOrNone: true });
    return (Array.isArray(out) ? out : [out]).map(idOf);
  };
  const [acme, globex] = await create('Account', [
    { Name: 'Acme Corp', AnnualRevenue: 1250000, Type: 'Customer - Direct' },
    { Name: 'Globex', AnnualRevenue: null },
  ]);
  const [plan] = await create(PLAN, [{ NOME__Metronome_Plan_ID__c: 'plan-1', NOME__Name__c: 'Pro Plan' }]);
  const [acmeUs, acmeEu, globexCustomer, underscore] = await create(CUSTOMER, [
    { NOME__Metronome_Customer_ID__c: 'm-acme-us', NOME__Name__c: 'Acme US', NOME__Account__c: acme },
    { NOME__Metronome_Customer_ID__c: 'm-acme-eu', NOME__Name__c: 'Acme EU', NOME__Account__c: null },
    { NOME__Metronome_Customer_ID__c: 'm-globex', NOME__Name__c: 'Globex Main', NOME__Account__c: globex },
    { NOME__Metronome_Customer_ID__c: 'm-under', NOME__Name__c: 'Under_score Ltd', NOME__Account__c: null },
  ]);
  await create(LINK, [
    {
      NOME__Metronome_Customer_Account_ID__c: 'l-1',
      NOME__Customer__c: acmeUs,
      NOME__Account__c: acme,
      NOME__Is_Primary__c: true,
    },
    {
      NOME__Metronome_Customer_Account_ID__c: 'l-2',
      NOME__Customer__c: acmeEu,
      NOME__Account__c: acme,
      NOME__Is_Primary__c: false,
    },
  ]);
  await create(CUSTOMER_PLAN, [
    {
      NOME__Metronome_Customer_Plan_ID__c: 'cp-1',
      NOME__Customer__c: acmeUs,
      NOME__Plan__c: plan,
      NOME__Metronome_Plan_ID__c: 'plan-1',
      NOME__Starting_On__c: '2026-01-01T00:00:00Z',
    },
  ]);
  await create(GRANT, [
    {
      Name: 'Welcome credit',
      NOME__Metronome_Credit_Grant_ID__c: 'g-1',
      NOME__Customer__c: acmeUs,
      NOME__Credit_Type__c: 'USD (cents)',
      NOME__Initial_Balance__c: 10000,
      NOME__Balance_Including_Pending__c: 2500,
      NOME__Effective_Date__c: '2026-02-01T08:30:00Z',
      NOME__Expiration_Date__c: '2027-02-01T00:00:00Z',
    },
  ]);
  await create(ALIAS, [
    {
      NOME__Customer_Ingest_Alias_ID__c: 'a-1',
      NOME__Customer_ID__c: acmeUs,
      NOME__Ingest_Alias__c: 'acme-us@example.com',
    },
  ]);
  const invoices = await create(INVOICE, [
    {
      Name: 'INV-001',
      NOME__Metronome_Invoice_ID__c: 'i-1',
      NOME__Customer__c: acmeUs,
      NOME__Status__c: 'FINALIZED',
      NOME__Total__c: 9999.44,
      NOME__Currency__c: 'USD (cents)',
      NOME__Start__c: '2026-01-01',
      NOME__End__c: '2026-02-01',
      NOME__Metronome_Plan__c: plan,
    },
    {
      Name: 'INV-002',
      NOME__Metronome_Invoice_ID__c: 'i-2',
      NOME__Customer__c: acmeUs,
      NOME__Status__c: 'DRAFT',
      NOME__Total__c: 120,
      NOME__Currency__c: 'USD (cents)',
      NOME__Start__c: '2026-02-01',
      NOME__End__c: '2026-03-01',
      NOME__Metronome_Plan__c: plan,
    },
    {
      Name: 'INV-003',
      NOME__Metronome_Invoice_ID__c: 'i-3',
      NOME__Customer__c: acmeUs,
      NOME__Status__c: 'VOID',
      NOME__Total__c: 0,
      NOME__Currency__c: 'USD (cents)',
      NOME__Start__c: '2025-12-01',
      NOME__End__c: '2026-01-01',
    },
    {
      Name: 'INV-004',
      NOME__Metronome_Invoice_ID__c: 'i-4',
      NOME__Customer__c: globexCustomer,
      NOME__Status__c: 'FINALIZED',
      NOME__Total__c: 500.5,
      NOME__Currency__c: 'Compute credits',
      NOME__Start__c: null,
      NOME__End__c: null,
    },
    {
      Name: 'INV-005',
      NOME__Metronome_Invoice_ID__c: 'i-5',
      NOME__Customer__c: globexCustomer,
      NOME__Status__c: 'DRAFT',
      NOME__Total__c: 42,
      NOME__Currency__c: 'USD (cents)',
      NOME__Start__c: '2026-03-01',
      NOME__End__c: '2026-04-01',
    },
  ]);
  await create(LINE_ITEM, [
    {
      NOME__Metronome_Invoice_Line_Item_ID__c: 'li-1',
      NOME__Invoice__c: invoices[0],
      NOME__Name__c: 'Compute',
      NOME__Quantity__c: 3,
      NOME__Total__c: 9000,
      NOME__Credit_Type_Name__c: 'USD (cents)',
    },
    {
      NOME__Metronome_Invoice_Line_Item_ID__c: 'li-2',
      NOME__Invoice__c: invoices[0],
      NOME__Name__c: 'Storage',
      NOME__Quantity__c: 1.5,
      NOME__Total__c: 999.44,
      NOME__Credit_Type_Name__c: null,
    },
  ]);
  return {
    accounts: { acme, globex },
    plan,
    customers: { acme: acmeUs, acmeEu, globex: globexCustomer, underscore },
    invoices,
  };
}

/** POSTs a GraphQL request to the org as a client would, returning the HTTP status and the parsed body. */
export async function graphql(org: LocalOrg, query: string, variables?: Record<string, unknown>, version = '66.0') {
  const res = await fetch(`${org.instanceUrl}/services/data/v${version}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data: any; errors: any[] } };
}

/** GETs a UI API resource (`records/…`, `object-info/…`) as the Lightning Data Service would. */
export async function uiApi(org: LocalOrg, resource: string, version = '66.0') {
  const res = await fetch(`${org.instanceUrl}/services/data/v${version}/ui-api/${resource}`, {
    headers: { Authorization: `Bearer ${org.accessToken}` },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The nodes of a connection. */
export const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((e) => e.node);
