import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { INVOICE, PLAN, errorOf, login, startOrg, type Connection } from './helpers.ts';

// Aggregate Functions: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm
// Aliases (expr0, expr1, … count only unaliased aggregates):
//   https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_SOQL_agg_fns.htm
// GROUP BY considerations and LIMIT: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_limit.htm
//   ("You can't use a LIMIT clause in a query that uses an aggregate function, but does not use a GROUP BY clause.")

type Agg = Record<string, unknown>;

describe('local org: SOQL aggregates, GROUP BY and HAVING', () => {
  let org: LocalOrg;
  let conn: Connection;
  const rows = async (soql: string) =>
    (await conn.query<Agg>(soql)).records.map(
      ({ attributes, ...rest }) => (expect(attributes).toMatchObject({ type: 'AggregateResult' }), rest),
    );

  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    await conn.sobject(INVOICE).create(
      [
        { Name: 'A', NOME__Total__c: 10, NOME__Status__c: 'DRAFT', NOME__Start__c: '2026-01-15' },
        { Name: 'B', NOME__Total__c: 30, NOME__Status__c: 'DRAFT', NOME__Start__c: '2026-02-01' },
        { Name: 'B', NOME__Total__c: null, NOME__Status__c: 'DRAFT' },
        { Name: 'C', NOME__Total__c: 5, NOME__Status__c: 'VOID', NOME__Start__c: '2025-12-31' },
        { Name: 'D', NOME__Total__c: 7, NOME__Status__c: 'FINALIZED' },
      ] as never,
      { allOrNone: true },
    );
  });
  afterAll(() => org.stop());

  it('GROUP BY with COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX; unaliased aggregates are expr0, expr1, … skipping aliased ones', async () => {
    expect(
      await rows(
        `SELECT NOME__Status__c, COUNT(Id), SUM(NOME__Total__c) total, AVG(NOME__Total__c), COUNT_DISTINCT(Name), MIN(NOME__Start__c) FROM ${INVOICE} GROUP BY NOME__Status__c ORDER BY NOME__Status__c`,
      ),
    ).toEqual([
      // Groups come in the picklist's value order (FINALIZED, VOID, DRAFT), as ORDER BY sorts picklists.
      { NOME__Status__c: 'FINALIZED', expr0: 1, total: 7, expr1: 7, expr2: 1, expr3: null },
      { NOME__Status__c: 'VOID', expr0: 1, total: 5, expr1: 5, expr2: 1, expr3: '2025-12-31' },
      { NOME__Status__c: 'DRAFT', expr0: 3, total: 40, expr1: 20, expr2: 2, expr3: '2026-01-15' },
    ]);
    expect(await rows(`SELECT MIN(NOME__Status__c), MAX(NOME__Status__c) FROM ${INVOICE}`)).toEqual([
      { expr0: 'FINALIZED', expr1: 'DRAFT' },
    ]);
    expect(await rows(`SELECT COUNT(Id) n, MAX(NOME__Total__c) FROM ${INVOICE}`)).toEqual([{ n: 5, expr0: 30 }]);
  });

  it('the column metadata the sf CLI asks for (columns=true) names aggregates as the rows do', async () => {
    const q = encodeURIComponent(
      `SELECT NOME__Status__c, COUNT(Id), SUM(NOME__Total__c) total, MAX(NOME__Total__c) FROM ${INVOICE} GROUP BY NOME__Status__c`,
    );
    const res = await fetch(`${org.instanceUrl}/services/data/v62.0/query?q=${q}&columns=true`, {
      headers: { Authorization: `Bearer ${org.accessToken}` },
    });
    const body = (await res.json()) as {
      entityName: string;
      groupBy: boolean;
      columnMetadata: { columnName: string; aggregate: boolean }[];
    };
    expect(body).toMatchObject({ entityName: 'AggregateResult', groupBy: true });
    expect(body.columnMetadata.map((c) => [c.columnName, c.aggregate])).toEqual([
      ['NOME__Status__c', false],
      ['expr0', true],
      ['total', true],
      ['expr1', true],
    ]);
  });

  it('HAVING filters groups; ORDER BY an aggregate; LIMIT and OFFSET apply to groups', async () => {
    expect(
      await rows(`SELECT NOME__Status__c s, COUNT(Id) n FROM ${INVOICE} GROUP BY NOME__Status__c HAVING COUNT(Id) > 1`),
    ).toEqual([{ s: 'DRAFT', n: 3 }]);
    expect(
      await rows(
        `SELECT NOME__Status__c, SUM(NOME__Total__c) FROM ${INVOICE} GROUP BY NOME__Status__c HAVING SUM(NOME__Total__c) < 100 AND NOME__Status__c != 'VOID' ORDER BY SUM(NOME__Total__c) DESC LIMIT 1 OFFSET 1`,
      ),
    ).toEqual([{ NOME__Status__c: 'FINALIZED', expr0: 7 }]);
    expect(
      await rows(`SELECT NOME__Status__c FROM ${INVOICE} GROUP BY NOME__Status__c HAVING NOME__Status__c LIKE 'fin%'`),
    ).toEqual([{ NOME__Status__c: 'FINALIZED' }]);
    const e = await errorOf(
      conn.query(`SELECT NOME__Status__c, COUNT(Id) FROM ${INVOICE} GROUP BY NOME__Status__c HAVING COUNT(Id) > 'x'`),
    );
    expect(e.errorCode).toBe('INVALID_FIELD');
  });

  it('LIMIT with an aggregate needs GROUP BY; COUNT() with LIMIT counts up to the limit', async () => {
    const e = await errorOf(conn.query(`SELECT MAX(NOME__Total__c) FROM ${INVOICE} LIMIT 1`));
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toContain('GROUP BY');
    expect((await conn.query(`SELECT COUNT() FROM ${INVOICE} LIMIT 2`)).totalSize).toBe(2);
    expect(await rows(`SELECT Name, MAX(NOME__Total__c) FROM ${INVOICE} GROUP BY Name ORDER BY Name LIMIT 2`)).toEqual([
      { Name: 'A', expr0: 10 },
      { Name: 'B', expr0: 30 },
    ]);
  });

  it('a field neither grouped nor aggregated, or a non-groupable field in GROUP BY, is refused', async () => {
    const ungrouped = await errorOf(conn.query(`SELECT Name, COUNT(Id) FROM ${INVOICE} GROUP BY NOME__Status__c`));
    expect(ungrouped).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message: 'Field must be grouped or aggregated: Name',
    });
    const datetime = await errorOf(conn.query(`SELECT CreatedDate, COUNT(Id) FROM ${INVOICE} GROUP BY CreatedDate`));
    expect(datetime).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "field 'CreatedDate' can not be grouped in a query call",
    });
    expect((await errorOf(conn.query(`SELECT SUM(Name) FROM ${INVOICE}`))).errorCode).toBe('MALFORMED_QUERY');
    expect(await errorOf(conn.query(`SELECT Name n FROM ${INVOICE}`))).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message: 'Only aggregate expressions use field aliasing',
    });
  });
});

describe('local org: SOQL refusals where Salesforce refuses', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    await conn.sobject(INVOICE).create({ Name: 'A' });
    await conn
      .sobject(PLAN)
      .create({ NOME__Metronome_Plan_ID__c: 'p1', NOME__Name__c: 'Plan', NOME__Description__c: 'long text' });
  });
  afterAll(() => org.stop());

  // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_fields.htm
  it('FIELDS(ALL) and FIELDS(CUSTOM) need LIMIT of at most 200; FIELDS(STANDARD) does not', async () => {
    for (const soql of [`SELECT FIELDS(ALL) FROM ${INVOICE}`, `SELECT FIELDS(CUSTOM) FROM ${INVOICE} LIMIT 201`]) {
      expect(await errorOf(conn.query(soql))).toMatchObject({
        errorCode: 'MALFORMED_QUERY',
        message: 'The SOQL FIELDS function must have a LIMIT of at most 200',
      });
    }
    expect((await conn.query(`SELECT FIELDS(ALL) FROM ${INVOICE} LIMIT 200`)).totalSize).toBe(1);
    expect((await conn.query(`SELECT FIELDS(STANDARD) FROM ${INVOICE}`)).records[0]).toHaveProperty('Name', 'A');
  });

  it('a field selected twice answers INVALID_FIELD "duplicate field selected" (FIELDS() page example)', async () => {
    expect(await errorOf(conn.query(`SELECT Id, FIELDS(ALL) FROM ${INVOICE} LIMIT 200`))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: 'duplicate field selected: Id',
    });
    expect(await errorOf(conn.query(`SELECT Name, Id, name FROM ${INVOICE}`))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: 'duplicate field selected: Name',
    });
  });

  // fieldExpression: "It can be any field except a long text area field, encrypted data field, or base64-encoded field."
  // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_fieldexpression.htm
  it('a Long Text Area field cannot be filtered, sorted or grouped (it can be selected)', async () => {
    const field = 'NOME__Description__c';
    expect(await errorOf(conn.query(`SELECT Id FROM ${PLAN} WHERE ${field} = 'x'`))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: `field '${field}' can not be filtered in a query call`,
    });
    expect(await errorOf(conn.query(`SELECT Id FROM ${PLAN} WHERE ${field} LIKE 'x%'`))).toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    expect(await errorOf(conn.query(`SELECT Id FROM ${PLAN} ORDER BY ${field}`))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: `field '${field}' can not be sorted in a query call`,
    });
    expect(await errorOf(conn.query(`SELECT ${field}, COUNT(Id) FROM ${PLAN} GROUP BY ${field}`))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: `field '${field}' can not be grouped in a query call`,
    });
    expect((await conn.query<Agg>(`SELECT ${field} FROM ${PLAN}`)).records[0][field]).toBe('long text');
  });

  it("features the local org does not evaluate answer Salesforce's error shape with what to use instead", async () => {
    const typeOf = await errorOf(conn.query(`SELECT TYPEOF Owner WHEN User THEN Username END FROM ${INVOICE}`));
    expect(typeOf.errorCode).toBe('FUNCTIONALITY_NOT_ENABLED');
    expect(typeOf.message).toContain('TYPEOF is not available in the local org. Select OwnerId');
    const fn = await errorOf(conn.query(`SELECT CALENDAR_YEAR(CreatedDate) FROM ${INVOICE}`));
    expect(fn).toMatchObject({ errorCode: 'FUNCTIONALITY_NOT_ENABLED' });
    const sosl = await errorOf(conn.query('FIND {Acme} IN ALL FIELDS RETURNING Account(Name)'));
    expect(sosl.errorCode).toBe('MALFORMED_QUERY');
    expect(sosl.message).toContain('/search');
  });
});
