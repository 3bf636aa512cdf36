import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import { startOrg } from '../helpers.ts';
import { graphql, nodes, seed, type Seeded } from './seed.ts';

const LWC = path.resolve('force-app/main/default/lwc');

/** Every `gql` template literal in the package's components, by component. */
function componentQueries(): { component: string; query: string; operation: string }[] {
  return readdirSync(LWC).flatMap((component) => {
    const file = path.join(LWC, component, `${component}.js`);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    return [...source.matchAll(/\bgql`([^`]*)`/g)].map((m) => {
      const op = parse(m[1]).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
      return { component, query: m[1], operation: op.name?.value ?? '' };
    });
  });
}

/** Every field the query selects is in the answer (null only where a value may be missing): the shape components read. */
function missingFields(set: SelectionSetNode | undefined, data: unknown, where: string): string[] {
  if (!set || data === null || data === undefined) return [];
  if (Array.isArray(data)) return data.flatMap((item, i) => missingFields(set, item, `${where}[${i}]`));
  const out: string[] = [];
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const key = sel.alias?.value ?? sel.name.value;
    const value = (data as Record<string, unknown>)[key];
    if (value === undefined) out.push(`${where}.${key}`);
    else out.push(...missingFields(sel.selectionSet, value, `${where}.${key}`));
  }
  return out;
}

/** The variables each component sends, as its getter builds them (the search term "acme" → `%acme%`). */
const variablesFor = (s: Seeded): Record<string, Record<string, unknown>> => ({
  searchMetronomeCustomers: { namePattern: '%acme%', metronomeId: 'acme', first: 25 },
  metronomeCustomerSummary: { customerId: s.customers.acme },
  metronomeCustomersOfAccount: { accountId: s.accounts.acme },
  metronomeInvoiceLineItems: { invoiceId: s.invoices[0] },
});

describe('local org GraphQL: every query the Lightning web components send', () => {
  let org: LocalOrg;
  let seeded: Seeded;
  const queries = componentQueries();

  beforeAll(async () => {
    org = await startOrg();
    seeded = await seed(org);
  });
  afterAll(async () => org?.stop());

  it('finds the four components that query through lightning/graphql', () => {
    expect(queries.map((q) => q.component).sort()).toEqual([
      'customerSearch',
      'customerSummary',
      'invoiceLineItems',
      'metronomeBilling',
    ]);
  });

  it.each(queries.map((q) => [q.component, q] as const))(
    '%s: runs without errors and answers every field it selects',
    async (_, q) => {
      const variables = variablesFor(seeded)[q.operation];
      expect(variables, `variables for ${q.operation}`).toBeDefined();
      const { status, body } = await graphql(org, q.query, variables);
      expect(status).toBe(200);
      expect(body.errors).toEqual([]);
      const operation = parse(q.query).definitions[0] as OperationDefinitionNode;
      expect(missingFields(operation.selectionSet, body.data, 'data')).toEqual([]);
    },
  );

  it('customerSearch finds customers by name pattern or Metronome ID, sorted by name', async () => {
    const q = queries.find((x) => x.component === 'customerSearch')!;
    const byName = await graphql(org, q.query, { namePattern: '%acme%', metronomeId: 'acme', first: 25 });
    expect(nodes(byName.body.data.uiapi.query.NOME__Metronome_Customer__c).map((n) => n.NOME__Name__c.value)).toEqual([
      'Acme EU',
      'Acme US',
    ]);
    const byId = await graphql(org, q.query, { namePattern: '%m-globex%', metronomeId: 'm-globex', first: 25 });
    const [globex] = nodes(byId.body.data.uiapi.query.NOME__Metronome_Customer__c);
    expect(globex.NOME__Account__r.Name.value).toBe('Globex');
    // The component escapes LIKE wildcards: "_" is searched literally.
    const literal = await graphql(org, q.query, { namePattern: '%r\\_s%', metronomeId: 'r_s', first: 25 });
    expect(nodes(literal.body.data.uiapi.query.NOME__Metronome_Customer__c).map((n) => n.NOME__Name__c.value)).toEqual([
      'Under_score Ltd',
    ]);
  });

  it('customerSummary answers the customer with its child relationships, invoices newest first', async () => {
    const q = queries.find((x) => x.component === 'customerSummary')!;
    const { body } = await graphql(org, q.query, { customerId: seeded.customers.acme });
    const [customer] = nodes(body.data.uiapi.query.NOME__Metronome_Customer__c);
    expect(customer.NOME__Account__r.Name.value).toBe('Acme Corp');
    const invoices = nodes(customer.NOME__Invoices__r);
    expect(invoices.map((i) => i.Name.value)).toEqual(['INV-002', 'INV-001', 'INV-003']);
    expect(invoices[1]).toMatchObject({
      NOME__Status__c: { value: 'FINALIZED', displayValue: 'FINALIZED' },
      NOME__Total__c: { value: 9999.44 },
    });
    expect(invoices[1].NOME__Metronome_Plan__r.NOME__Name__c.value).toBe('Pro Plan');
    expect(invoices[2].NOME__Metronome_Plan__r).toBeNull();
    expect(nodes(customer.NOME__Credit_Grants__r)[0].NOME__Effective_Date__c.value).toBe('2026-02-01T08:30:00.000Z');
    expect(nodes(customer.NOME__Account_Links__r)).toHaveLength(1);
    expect(nodes(customer.NOME__Ingest_Aliases__r)[0].NOME__Ingest_Alias__c.value).toBe('acme-us@example.com');
    expect(nodes(customer.NOME__Customer_Plans__r)[0].NOME__Plan_Name__c.value).toBe('Pro Plan');
  });

  it('metronomeBilling finds the customers of an account: by lookup and by link', async () => {
    const q = queries.find((x) => x.component === 'metronomeBilling')!;
    const { body } = await graphql(org, q.query, { accountId: seeded.accounts.acme });
    expect(nodes(body.data.uiapi.query.NOME__Metronome_Customer__c).map((n) => n.NOME__Name__c.value)).toEqual([
      'Acme US',
    ]);
    const links = nodes(body.data.uiapi.query.NOME__Metronome_Customer_Account__c);
    expect(links.map((l) => [l.NOME__Customer__r.NOME__Name__c.value, l.NOME__Is_Primary__c.value]).sort()).toEqual([
      ['Acme EU', false],
      ['Acme US', true],
    ]);
  });

  it('invoiceLineItems lists the line items of one invoice by name', async () => {
    const q = queries.find((x) => x.component === 'invoiceLineItems')!;
    const { body } = await graphql(org, q.query, { invoiceId: seeded.invoices[0] });
    const items = nodes(body.data.uiapi.query.NOME__Metronome_Invoice_Line_Item__c);
    expect(
      items.map((i) => [i.NOME__Name__c.value, i.NOME__Quantity__c.value, i.NOME__Credit_Type_Name__c.value]),
    ).toEqual([
      ['Compute', 3, 'USD (cents)'],
      ['Storage', 1.5, null],
    ]);
  });
});
