import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, errorOf, login, startOrg, type Connection } from './helpers.ts';

// Semi-joins and anti-joins, and their restrictions (at most two per WHERE, not with OR or NOT, not nested,
// ID or reference fields on both sides, not the same object inside and out):
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm

describe('local org: SOQL semi-joins and anti-joins', () => {
  let org: LocalOrg;
  let conn: Connection;
  const ids = async (soql: string) =>
    (await conn.query<{ NOME__Metronome_Customer_ID__c: string }>(soql)).records.map(
      (r) => r.NOME__Metronome_Customer_ID__c,
    );
  const refusal = async (where: string) => errorOf(conn.query(`SELECT Id FROM ${CUSTOMER} WHERE ${where}`));

  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    const acct = await conn.sobject('Account').create({ Name: 'Acme' });
    await conn.sobject(CUSTOMER).create(
      [
        { NOME__Metronome_Customer_ID__c: 'c1', NOME__Name__c: 'One', NOME__Account__c: acct.id },
        { NOME__Metronome_Customer_ID__c: 'c2', NOME__Name__c: 'Two' },
        { NOME__Metronome_Customer_ID__c: 'c3', NOME__Name__c: 'Three' },
      ],
      { allOrNone: true },
    );
    await conn.sobject(INVOICE).create(
      [
        { Name: 'A', NOME__Status__c: 'DRAFT', NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c1' } },
        { Name: 'B', NOME__Status__c: 'VOID', NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c2' } },
        { Name: 'C', NOME__Status__c: 'VOID' },
      ] as never,
      { allOrNone: true },
    );
  });
  afterAll(() => org.stop());

  it('Id IN (SELECT reference FROM child …) keeps the parents the subquery names; NOT IN keeps the others', async () => {
    const order = 'ORDER BY NOME__Metronome_Customer_ID__c';
    expect(
      await ids(
        `SELECT NOME__Metronome_Customer_ID__c FROM ${CUSTOMER} WHERE Id IN (SELECT NOME__Customer__c FROM ${INVOICE} WHERE NOME__Status__c = 'DRAFT') ${order}`,
      ),
    ).toEqual(['c1']);
    expect(
      await ids(
        `SELECT NOME__Metronome_Customer_ID__c FROM ${CUSTOMER} WHERE Id NOT IN (SELECT NOME__Customer__c FROM ${INVOICE}) ${order}`,
      ),
    ).toEqual(['c3']);
    expect(
      await ids(
        `SELECT NOME__Metronome_Customer_ID__c FROM ${CUSTOMER} WHERE Id IN (SELECT NOME__Customer__c FROM ${INVOICE}) AND NOME__Name__c != 'One' ${order}`,
      ),
    ).toEqual(['c2']);
  });

  it('a reference field on the left: child rows whose parent the subquery selects', async () => {
    const res = await conn.query<{ Name: string }>(
      `SELECT Name FROM ${INVOICE} WHERE NOME__Customer__c IN (SELECT Id FROM ${CUSTOMER} WHERE NOME__Account__c != null)`,
    );
    expect(res.records.map((r) => r.Name)).toEqual(['A']);
    const two = await conn.query(
      `SELECT Id FROM ${CUSTOMER} WHERE Id IN (SELECT NOME__Customer__c FROM ${INVOICE}) AND NOME__Account__c IN (SELECT Id FROM Account)`,
    );
    expect(two.totalSize).toBe(1);
  });

  it('refuses what Salesforce refuses: OR, NOT, a third sub-select, nesting, non-ID fields, the same object', async () => {
    const sub = `(SELECT NOME__Customer__c FROM ${INVOICE})`;
    expect(await refusal(`Id IN ${sub} OR NOME__Name__c = 'x'`)).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message: "Semi join sub-selects are not allowed with the 'OR' operator",
    });
    expect(await refusal(`NOT Id IN ${sub}`)).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message: "Semi join sub-selects are not allowed with the 'NOT' operator",
    });
    // The nested-expression message as Salesforce words it, quoted in https://www.apsona.com/docs/help-and-support/semijoin-subselect/
    expect(await refusal(`NOME__Name__c != null AND (Id IN ${sub} OR NOME__Name__c = 'x')`)).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message:
        'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.',
    });
    // A third semi-join is EXCEEDED_MAX_SEMIJOIN_SUBSELECTS, an error code of its own that Salesforce answers (and
    // client libraries such as restforce map); the message is ours.
    expect(await refusal(`Id IN ${sub} AND Id IN ${sub} AND Id NOT IN ${sub}`)).toMatchObject({
      errorCode: 'EXCEEDED_MAX_SEMIJOIN_SUBSELECTS',
      message: 'Maximum of 2 semi join sub-selects are allowed',
    });
    expect(
      (
        await refusal(
          `Id IN (SELECT NOME__Customer__c FROM ${INVOICE} WHERE NOME__Customer__c IN (SELECT Id FROM ${CUSTOMER}))`,
        )
      ).message,
    ).toMatch(/Nesting of semi join sub-selects/);
    expect((await refusal(`Id IN (SELECT Name FROM ${INVOICE})`)).message).toBe(
      "semi join sub selects can only query id fields, cannot use: 'Name'",
    );
    expect((await refusal(`NOME__Name__c IN ${sub}`)).message).toMatch(/only allowed on id fields/);
    expect((await refusal(`Id IN (SELECT Id FROM ${CUSTOMER})`)).message).toBe(
      'The inner and outer selects should not be on the same object type',
    );
  });
});
