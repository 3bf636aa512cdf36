/**
 * The GraphQL API of the local org, held to Salesforce's GraphQL API guide:
 * - Query Records with GraphQL: https://developer.salesforce.com/docs/platform/graphql/guide/query-records.html
 * - Field Operators (eq ne lt gt lte gte like in nin; String comparisons case-insensitive):
 *   https://developer.salesforce.com/docs/platform/graphql/guide/filter-fields.html
 * - Boolean Operators (and/or take lists, not takes one filter): https://developer.salesforce.com/docs/platform/graphql/guide/filter-boolean.html
 * - Order By Schema (OrderByClause { order, nulls }): https://developer.salesforce.com/docs/platform/graphql/guide/order-schema.html
 * - Paginate Results (first 10 by default, first/after, endCursor such as djE6OQ==, totalCount):
 *   https://developer.salesforce.com/docs/platform/graphql/guide/paginate.html
 * - Status Codes and Error Responses (HTTP 200 with errors; ErrorType InvalidSyntax, ValidationError, …):
 *   https://developer.salesforce.com/docs/platform/graphql/guide/query-status.html
 * - Field Value (displayValue for picklists, dates, currency; null when the value is null):
 *   https://developer.salesforce.com/docs/atlas.en-us.uiapi.meta/uiapi/ui_api_responses_field_value.htm
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import { BILLABLE_METRIC, startOrg, tokenConnection } from '../helpers.ts';
import { graphql, nodes, seed, type Seeded } from './seed.ts';

const invoices = (args: string, fields = 'Name { value }') =>
  `query { uiapi { query { NOME__Metronome_Invoice__c${args} { edges { node { ${fields} } } totalCount pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`;

describe('local org GraphQL API', () => {
  let org: LocalOrg;
  let s: Seeded;
  const names = async (args: string, variables?: Record<string, unknown>) => {
    const { body } = await graphql(org, invoices(args), variables);
    expect(body.errors).toEqual([]);
    return nodes(body.data.uiapi.query.NOME__Metronome_Invoice__c).map((n) => n.Name.value);
  };

  beforeAll(async () => {
    org = await startOrg();
    s = await seed(org);
  });
  afterAll(async () => org?.stop());

  it('filters with every field operator', async () => {
    const order = ', orderBy: { Name: { order: ASC } }';
    expect(await names(`(where: { NOME__Status__c: { eq: "draft" } }${order})`)).toEqual(['INV-002', 'INV-005']);
    expect(await names(`(where: { NOME__Status__c: { ne: "DRAFT" } }${order})`)).toEqual([
      'INV-001',
      'INV-003',
      'INV-004',
    ]);
    expect(await names(`(where: { NOME__Total__c: { gt: 100, lte: 500.5 } }${order})`)).toEqual(['INV-002', 'INV-004']);
    expect(await names(`(where: { NOME__Total__c: { lt: 42 } }${order})`)).toEqual(['INV-003']);
    expect(await names(`(where: { NOME__Total__c: { gte: 9999.44 } }${order})`)).toEqual(['INV-001']);
    expect(
      await names(`(where: { Name: { like: "INV-00_" }, NOME__Status__c: { in: ["VOID", "DRAFT"] } }${order})`),
    ).toEqual(['INV-002', 'INV-003', 'INV-005']);
    expect(await names(`(where: { NOME__Status__c: { nin: ["VOID", "DRAFT"] } }${order})`)).toEqual([
      'INV-001',
      'INV-004',
    ]);
    expect(await names(`(where: { NOME__Start__c: { gte: { value: "2026-02-01" } } }${order})`)).toEqual([
      'INV-002',
      'INV-005',
    ]);
    expect(await names(`(where: { NOME__Start__c: { eq: null } }${order})`)).toEqual(['INV-004']);
    expect(await names(`(where: { Id: { in: [] } })`)).toEqual([]);
  });

  it('combines filters with and, or and not, and filters through parent relationships', async () => {
    const order = ', orderBy: { Name: { order: ASC } }';
    expect(
      await names(`(where: { or: [{ NOME__Status__c: { eq: "VOID" } }, { NOME__Total__c: { gt: 1000 } }] }${order})`),
    ).toEqual(['INV-001', 'INV-003']);
    expect(
      await names(
        `(where: { and: [{ NOME__Status__c: { eq: "DRAFT" } }, { not: { NOME__Total__c: { eq: 42 } } }] }${order})`,
      ),
    ).toEqual(['INV-002']);
    expect(
      await names(`(where: { NOME__Customer__r: { NOME__Account__r: { Name: { eq: "Globex" } } } }${order})`),
    ).toEqual(['INV-004', 'INV-005']);
    expect(await names(`(where: { NOME__Metronome_Plan__r: { NOME__Name__c: { like: "Pro%" } } }${order})`)).toEqual([
      'INV-001',
      'INV-002',
    ]);
  });

  it('orders by several fields in the order written, with nulls first or last, and through parents', async () => {
    expect(await names('(orderBy: { NOME__Start__c: { order: ASC, nulls: LAST } })')).toEqual([
      'INV-003',
      'INV-001',
      'INV-002',
      'INV-005',
      'INV-004',
    ]);
    expect(await names('(orderBy: { NOME__Start__c: { order: DESC, nulls: FIRST } })')).toEqual([
      'INV-004',
      'INV-005',
      'INV-002',
      'INV-001',
      'INV-003',
    ]);
    // "Picklist sorting is defined by the picklist sort determined during setup" (DRAFT after VOID after FINALIZED here):
    // https://developer.salesforce.com/docs/platform/graphql/guide/order.html
    expect(await names('(orderBy: { NOME__Status__c: { order: DESC }, Name: { order: DESC } })')).toEqual([
      'INV-005',
      'INV-002',
      'INV-003',
      'INV-004',
      'INV-001',
    ]);
    expect(await names('(orderBy: { Name: { order: DESC }, NOME__Status__c: { order: DESC } })')).toEqual([
      'INV-005',
      'INV-004',
      'INV-003',
      'INV-002',
      'INV-001',
    ]);
    const variables = { order: { NOME__Customer__r: { NOME__Name__c: { order: 'DESC' } }, Name: { order: 'ASC' } } };
    const { body } = await graphql(
      org,
      `
        query q($order: NOME__Metronome_Invoice__c_OrderBy) {
          uiapi {
            query {
              NOME__Metronome_Invoice__c(orderBy: $order) {
                edges {
                  node {
                    Name {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      `,
      variables,
    );
    expect(nodes(body.data.uiapi.query.NOME__Metronome_Invoice__c).map((n) => n.Name.value)).toEqual([
      'INV-004',
      'INV-005',
      'INV-001',
      'INV-002',
      'INV-003',
    ]);
  });

  it('pages with first and after, reporting totalCount, hasNextPage and the end cursor', async () => {
    const page = async (after?: string) => {
      const { body } = await graphql(
        org,
        `
          query p($after: String) {
            uiapi {
              query {
                NOME__Metronome_Invoice__c(first: 2, after: $after, orderBy: { Name: { order: ASC } }) {
                  edges {
                    cursor
                    node {
                      Name {
                        value
                      }
                    }
                  }
                  totalCount
                  pageInfo {
                    hasNextPage
                    hasPreviousPage
                    endCursor
                  }
                }
              }
            }
          }
        `,
        { after },
      );
      return body.data.uiapi.query.NOME__Metronome_Invoice__c;
    };
    const one = await page();
    expect(nodes(one).map((n) => n.Name.value)).toEqual(['INV-001', 'INV-002']);
    expect(one).toMatchObject({
      totalCount: 5,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: Buffer.from('v1:1').toString('base64') },
    });
    const two = await page(one.pageInfo.endCursor);
    expect(nodes(two).map((n) => n.Name.value)).toEqual(['INV-003', 'INV-004']);
    const three = await page(two.pageInfo.endCursor);
    expect(nodes(three).map((n) => n.Name.value)).toEqual(['INV-005']);
    expect(three.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('answers 10 records when first is not given', async () => {
    const metrics = Array.from({ length: 12 }, (_, i) => ({
      Name: `Metric ${i}`,
      NOME__Metronome_Billable_Metric_ID__c: `bm-${i}`,
    }));
    await tokenConnection(org).sobject(BILLABLE_METRIC).create(metrics, { allOrNone: true });
    const { body } = await graphql(
      org,
      `{ uiapi { query { ${BILLABLE_METRIC} { edges { node { Id } } totalCount pageInfo { hasNextPage } } } } }`,
    );
    expect(body.data.uiapi.query[BILLABLE_METRIC].edges).toHaveLength(10);
    expect(body.data.uiapi.query[BILLABLE_METRIC]).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true } });
  });

  it('pages and counts child relationships', async () => {
    const { body } = await graphql(
      org,
      `
        query c($id: ID) {
          uiapi {
            query {
              NOME__Metronome_Customer__c(where: { Id: { eq: $id } }) {
                edges {
                  node {
                    NOME__Invoices__r(
                      first: 1
                      where: { NOME__Status__c: { ne: "VOID" } }
                      orderBy: { Name: { order: DESC } }
                    ) {
                      edges {
                        node {
                          Name {
                            value
                          }
                        }
                      }
                      totalCount
                      pageInfo {
                        hasNextPage
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `,
      { id: s.customers.acme },
    );
    const invoicesOf = nodes(body.data.uiapi.query.NOME__Metronome_Customer__c)[0].NOME__Invoices__r;
    expect(nodes(invoicesOf).map((n) => n.Name.value)).toEqual(['INV-002']);
    expect(invoicesOf).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
  });

  it('answers each field type as its Value type, with displayValue where Salesforce formats it', async () => {
    const { body } = await graphql(
      org,
      `
        query a($id: ID) {
          uiapi {
            query {
              Account(where: { Id: { eq: $id } }) {
                edges {
                  node {
                    Id
                    ApiName
                    DisplayValue
                    WeakEtag
                    Name {
                      value
                      displayValue
                    }
                    AnnualRevenue {
                      value
                      displayValue
                    }
                    Type {
                      value
                      displayValue
                    }
                    CreatedDate {
                      value
                      displayValue
                    }
                    NumberOfEmployees {
                      value
                      displayValue
                    }
                    OwnerId {
                      value
                    }
                    Owner {
                      Name {
                        value
                      }
                    }
                  }
                }
              }
              Globex: Account(where: { Name: { eq: "globex" } }) {
                edges {
                  node {
                    AnnualRevenue {
                      value
                      displayValue
                    }
                    __typename
                  }
                }
              }
            }
          }
        }
      `,
      { id: s.accounts.acme },
    );
    expect(body.errors).toEqual([]);
    const [acme] = nodes(body.data.uiapi.query.Account);
    expect(acme).toMatchObject({
      Id: s.accounts.acme,
      ApiName: 'Account',
      DisplayValue: 'Acme Corp',
      Name: { value: 'Acme Corp', displayValue: null },
      AnnualRevenue: { value: 1250000, displayValue: '$1,250,000' },
      Type: { value: 'Customer - Direct', displayValue: 'Customer - Direct' },
      NumberOfEmployees: { value: null, displayValue: null },
      OwnerId: { value: org.userId },
      Owner: { Name: { value: 'Local Admin' } },
    });
    expect(acme.CreatedDate.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(acme.CreatedDate.displayValue).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2} (AM|PM)$/);
    expect(typeof acme.WeakEtag).toBe('number');
    expect(nodes(body.data.uiapi.query.Globex)).toEqual([
      { AnnualRevenue: { value: null, displayValue: null }, __typename: 'Account' },
    ]);
  });

  it('supports fragments, aliases, @include and @skip', async () => {
    const { body } = await graphql(
      org,
      `
        query f($withTotal: Boolean!) {
          uiapi {
            query {
              NOME__Metronome_Invoice__c(where: { Name: { eq: "INV-001" } }) {
                edges {
                  node {
                    ...InvoiceFields
                    ... on Record {
                      Id
                    }
                    Amount: NOME__Total__c @include(if: $withTotal) {
                      value
                    }
                    NOME__Status__c @skip(if: true) {
                      value
                    }
                  }
                }
              }
            }
          }
        }
        fragment InvoiceFields on NOME__Metronome_Invoice__c {
          Name {
            value
          }
          NOME__Customer__r {
            NOME__Name__c {
              value
            }
          }
        }
      `,
      { withTotal: true },
    );
    expect(body.errors).toEqual([]);
    expect(nodes(body.data.uiapi.query.NOME__Metronome_Invoice__c)).toEqual([
      {
        Name: { value: 'INV-001' },
        NOME__Customer__r: { NOME__Name__c: { value: 'Acme US' } },
        Id: s.invoices[0],
        Amount: { value: 9999.44 },
      },
    ]);
  });

  it('answers errors as Salesforce does: HTTP 200, errors[] with extensions.ErrorType', async () => {
    const syntax = await graphql(org, '{ uiapi { query { Account( { edges } } } }');
    expect(syntax.status).toBe(200);
    expect(syntax.body).toMatchObject({
      data: null,
      errors: [
        {
          message: expect.stringContaining('Syntax Error'),
          locations: [{ line: 1, column: expect.any(Number) }],
          extensions: { ErrorType: 'InvalidSyntax' },
        },
      ],
    });

    const unknownField = await graphql(org, '{ uiapi { query { Account { edges { node { Nope__c { value } } } } } } }');
    expect(unknownField.status).toBe(200);
    expect(unknownField.body.errors[0]).toMatchObject({
      message: 'Cannot query field "Nope__c" on type "Account".',
      extensions: { ErrorType: 'ValidationError' },
    });

    const unknownObject = await graphql(org, '{ uiapi { query { Nope__c { edges { node { Id } } } } } }');
    expect(unknownObject.body.errors[0].extensions.ErrorType).toBe('ValidationError');

    const badOperator = await graphql(
      org,
      '{ uiapi { query { Account(where: { Name: { contains: "x" } }) { edges { node { Id } } } } } }',
    );
    expect(badOperator.body.errors[0].message).toContain('contains');

    const badVariable = await graphql(
      org,
      'query q($n: Int) { uiapi { query { Account(first: $n) { edges { node { Id } } } } } }',
      { n: 'ten' },
    );
    expect(badVariable.body).toMatchObject({ data: null, errors: [{ extensions: { ErrorType: 'ValidationError' } }] });

    const badCursor = await graphql(
      org,
      '{ uiapi { query { Account(after: "nope") { edges { node { Id } } } Good: Account { totalCount } } } }',
    );
    expect(badCursor.body.data.uiapi.query).toEqual({ Account: null, Good: { totalCount: 2 } });
    expect(badCursor.body.errors).toMatchObject([
      { path: ['uiapi', 'query', 'Account'], extensions: { ErrorType: 'DataFetchingException' } },
    ]);

    for (const body of ['not json', '{"query": 42}', '[]']) {
      const res = await fetch(`${org.instanceUrl}/services/data/v66.0/graphql`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${org.accessToken}` },
        body,
      });
      expect(res.status).toBe(200);
      expect(
        ((await res.json()) as { errors: { extensions: { ErrorType: string } }[] }).errors[0].extensions.ErrorType,
      ).toBe('InvalidSyntax');
    }
  });

  it('reads child relationships of child relationships, and parents five levels up', async () => {
    const { body } = await graphql(
      org,
      `
        {
          uiapi {
            query {
              Account(where: { Name: { eq: "Acme Corp" } }) {
                edges {
                  node {
                    NOME__Metronome_Customers__r {
                      edges {
                        node {
                          NOME__Invoices__r(where: { Name: { eq: "INV-001" } }) {
                            edges {
                              node {
                                NOME__Line_Items__r(orderBy: { NOME__Name__c: { order: DESC } }) {
                                  edges {
                                    node {
                                      NOME__Name__c {
                                        value
                                      }
                                      NOME__Invoice__r {
                                        NOME__Customer__r {
                                          NOME__Account__r {
                                            Owner {
                                              CreatedBy {
                                                Name {
                                                  value
                                                }
                                              }
                                            }
                                          }
                                        }
                                      }
                                    }
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `,
    );
    expect(body.errors).toEqual([]);
    const customer = nodes(nodes(body.data.uiapi.query.Account)[0].NOME__Metronome_Customers__r)[0];
    const items = nodes(nodes(customer.NOME__Invoices__r)[0].NOME__Line_Items__r);
    expect(items.map((i) => i.NOME__Name__c.value)).toEqual(['Storage', 'Compute']);
    expect(items[0].NOME__Invoice__r.NOME__Customer__r.NOME__Account__r.Owner.CreatedBy.Name.value).toBe('Local Admin');
  });

  it('refuses an oversized query before doing any work', async () => {
    const big = await graphql(
      org,
      `{ uiapi { query { Account { edges { node { ${'Name { value } '.repeat(5000)} } } } } } }`,
    );
    expect(big.body).toMatchObject({ data: null, errors: [{ extensions: { ErrorType: 'InvalidSyntax' } }] });
  });

  it('answers aliases of one child relationship with different arguments', async () => {
    const { body } = await graphql(
      org,
      `
        query a($id: ID) {
          uiapi {
            query {
              NOME__Metronome_Customer__c(where: { Id: { eq: $id } }) {
                edges {
                  node {
                    drafts: NOME__Invoices__r(where: { NOME__Status__c: { eq: "DRAFT" } }) {
                      edges {
                        node {
                          Name {
                            value
                          }
                        }
                      }
                      totalCount
                    }
                    newest: NOME__Invoices__r(first: 2, orderBy: { NOME__Start__c: { order: DESC } }) {
                      edges {
                        node {
                          Name {
                            value
                          }
                          NOME__Total__c {
                            value
                          }
                        }
                      }
                      pageInfo {
                        hasNextPage
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `,
      { id: s.customers.acme },
    );
    expect(body.errors).toEqual([]);
    const [customer] = nodes(body.data.uiapi.query.NOME__Metronome_Customer__c);
    expect(nodes(customer.drafts).map((n) => n.Name.value)).toEqual(['INV-002']);
    expect(customer.drafts.totalCount).toBe(1);
    expect(nodes(customer.newest).map((n) => [n.Name.value, n.NOME__Total__c.value])).toEqual([
      ['INV-002', 120],
      ['INV-001', 9999.44],
    ]);
    expect(customer.newest.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a call without a valid session', async () => {
    const res = await fetch(`${org.instanceUrl}/services/data/v66.0/graphql`, {
      method: 'POST',
      body: '{"query":"{ uiapi { query { Account { totalCount } } } }"}',
    });
    expect(res.status).toBe(401);
  });

  it('limits scope MINE to records the user owns', async () => {
    const { body } = await graphql(
      org,
      '{ uiapi { query { Account(scope: MINE) { totalCount } NOME__Metronome_Customer__c(scope: EVERYTHING) { totalCount } } } }',
    );
    expect(body.data.uiapi.query).toEqual({
      Account: { totalCount: 2 },
      NOME__Metronome_Customer__c: { totalCount: 4 },
    });
  });
});
