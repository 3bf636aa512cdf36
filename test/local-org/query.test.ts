import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, errorOf, login, startOrg, type Connection } from './helpers.ts';

type Inv = {
  Id: string;
  Name: string;
  NOME__Total__c: number | null;
  NOME__Customer__r: { Name: string; NOME__Account__r: { Name: string } | null } | null;
};

describe('local org: SOQL', () => {
  let org: LocalOrg;
  let conn: Connection;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    const acct = await conn.sobject('Account').create({ Name: 'Acme' });
    await conn.sobject(CUSTOMER).create([
      { NOME__Metronome_Customer_ID__c: 'c1', NOME__Name__c: 'One', NOME__Account__c: acct.id },
      { NOME__Metronome_Customer_ID__c: 'c2', NOME__Name__c: 'Two' },
    ]);
    await conn.sobject(INVOICE).create([
      {
        Name: 'A',
        NOME__Total__c: 10,
        NOME__Status__c: 'DRAFT',
        NOME__Start__c: '2026-01-15',
        NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c1' },
      },
      {
        Name: 'b',
        NOME__Total__c: 20.5,
        NOME__Status__c: 'FINALIZED',
        NOME__Start__c: today,
        NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c2' },
      },
      { Name: 'C', NOME__Total__c: null, NOME__Status__c: 'VOID', NOME__Start__c: '2025-12-31' },
      { Name: 'd', NOME__Total__c: -5, NOME__Status__c: 'DRAFT', NOME__Start__c: null },
    ] as never);
  });
  afterAll(() => org.stop());

  const names = async (where: string, order = 'ORDER BY Name') =>
    (await conn.query<Inv>(`SELECT Name FROM ${INVOICE} ${where} ${order}`)).records.map((r) => r.Name);

  it('selects fields and parent paths, nested as Salesforce returns them (null for a missing parent)', async () => {
    const res = await conn.query<Inv>(
      `SELECT Id, Name, NOME__Customer__r.Name, NOME__Customer__r.NOME__Account__r.Name FROM ${INVOICE} WHERE Name IN ('A', 'C') ORDER BY Name`,
    );
    expect(res.totalSize).toBe(2);
    expect(res.records[0].NOME__Customer__r?.NOME__Account__r?.Name).toBe('Acme');
    expect(res.records[0].NOME__Customer__r).toMatchObject({ attributes: { type: CUSTOMER } });
    expect(res.records[1].NOME__Customer__r).toBeNull();
  });

  it('WHERE: AND/OR/NOT with parentheses, comparisons, IN, NOT IN, LIKE, NULL, case-insensitive text', async () => {
    expect(await names("WHERE NOME__Status__c = 'DRAFT' AND NOME__Total__c > 0")).toEqual(['A']);
    expect(
      await names("WHERE NOME__Status__c = 'VOID' OR (NOME__Total__c >= 20 AND NOT NOME__Status__c = 'DRAFT')"),
    ).toEqual(['b', 'C']);
    expect(await names('WHERE NOME__Total__c != null AND NOME__Total__c <= 10')).toEqual(['A', 'd']);
    expect(await names('WHERE NOME__Total__c = null')).toEqual(['C']);
    expect(await names("WHERE NOME__Status__c IN ('DRAFT', 'VOID')")).toEqual(['A', 'C', 'd']);
    expect(await names("WHERE NOME__Status__c NOT IN ('DRAFT')")).toEqual(['b', 'C']);
    expect(await names("WHERE Name LIKE 'a%' OR Name = 'B'")).toEqual(['A', 'b']);
    expect(await names("WHERE NOME__Customer__r.NOME__Metronome_Customer_ID__c = 'c2'")).toEqual(['b']);
    const c1 = await conn.query<{ Id: string }>(
      `SELECT Id FROM ${CUSTOMER} WHERE NOME__Metronome_Customer_ID__c = 'C1'`,
    );
    expect(c1.totalSize).toBe(1);
    expect(await names(`WHERE NOME__Customer__c = '${c1.records[0].Id}'`)).toEqual(['A']);
    expect(await names('WHERE NOT (NOME__Total__c < 0 OR NOME__Total__c = null)')).toEqual(['A', 'b']);
  });

  it('date and datetime literals, TODAY and LAST_N_DAYS', async () => {
    expect(await names('WHERE NOME__Start__c >= 2026-01-01 AND NOME__Start__c < 2026-02-01')).toEqual(['A']);
    expect(await names('WHERE NOME__Start__c = TODAY')).toEqual(['b']);
    expect(await names('WHERE NOME__Start__c < 2026-01-01')).toEqual(['C']);
    expect(await names(`WHERE CreatedDate > 2020-01-01T00:00:00Z AND CreatedDate = LAST_N_DAYS:1`)).toEqual([
      'A',
      'b',
      'C',
      'd',
    ]);
    expect(await names('WHERE CreatedDate < 2020-01-01T00:00:00.000+0000')).toEqual([]);
  });

  it('ORDER BY ASC/DESC with NULLS FIRST/LAST, LIMIT, OFFSET and COUNT()', async () => {
    expect(await names('', 'ORDER BY NOME__Total__c')).toEqual(['C', 'd', 'A', 'b']);
    expect(await names('', 'ORDER BY NOME__Total__c DESC')).toEqual(['b', 'A', 'd', 'C']);
    expect(await names('', 'ORDER BY NOME__Total__c ASC NULLS LAST')).toEqual(['d', 'A', 'b', 'C']);
    // A picklist sorts by its defined value order (FINALIZED, VOID, DRAFT here), not alphabetically:
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm
    expect(await names('', 'ORDER BY NOME__Status__c, Name DESC LIMIT 3')).toEqual(['b', 'C', 'd']);
    expect(await names('', 'ORDER BY Name LIMIT 2 OFFSET 1')).toEqual(['b', 'C']);
    const count = await conn.query(`SELECT COUNT() FROM ${INVOICE} WHERE NOME__Status__c = 'DRAFT'`);
    expect(count).toMatchObject({ totalSize: 2, done: true, records: [] });
    expect((await conn.query(`SELECT COUNT() FROM ${INVOICE} LIMIT 3`)).totalSize).toBe(3);
    // SOQL and SOSL Reference, "OFFSET": past 2,000 is NUMBER_OUTSIDE_VALID_RANGE (worded as Salesforce answers it).
    expect(await errorOf(conn.query(`SELECT Name FROM ${INVOICE} OFFSET 2001`))).toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      message: `Maximum SOQL offset allowed for apiName ${INVOICE} is 2000`,
    });
  });

  it('child relationship subqueries and FIELDS(ALL)', async () => {
    const res = await conn.query<{
      NOME__Metronome_Customer_ID__c: string;
      NOME__Invoices__r: { totalSize: number; records: { Name: string }[] } | null;
    }>(
      `SELECT NOME__Metronome_Customer_ID__c, (SELECT Name FROM NOME__Invoices__r WHERE NOME__Total__c > 0 ORDER BY Name) FROM ${CUSTOMER} ORDER BY NOME__Metronome_Customer_ID__c`,
    );
    expect(
      res.records.map((r) => [
        r.NOME__Metronome_Customer_ID__c,
        r.NOME__Invoices__r?.records.map((i) => i.Name) ?? null,
      ]),
    ).toEqual([
      ['c1', ['A']],
      ['c2', ['b']],
    ]);
    const none = await conn.query<{ NOME__Invoices__r: unknown }>(
      `SELECT Id, (SELECT Id FROM NOME__Invoices__r WHERE NOME__Total__c > 1000) FROM ${CUSTOMER} LIMIT 1`,
    );
    expect(none.records[0].NOME__Invoices__r).toBeNull();
    const all = await conn.query<Record<string, unknown>>(
      `SELECT FIELDS(ALL) FROM ${INVOICE} WHERE Name = 'A' LIMIT 1`,
    );
    expect(Object.keys(all.records[0])).toEqual(
      expect.arrayContaining(['Id', 'Name', 'NOME__Total__c', 'CreatedDate', 'NOME__Status__c']),
    );
  });

  it('query errors: unknown field and bad syntax', async () => {
    expect((await errorOf(conn.query(`SELECT Nope__c FROM ${INVOICE}`))).errorCode).toBe('INVALID_FIELD');
    expect((await errorOf(conn.query(`SELECT Id FROM ${INVOICE} WHERE`))).errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('local org: queryMore', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    for (let chunk = 0; chunk < 25; chunk++) {
      const records = Array.from({ length: 200 }, (_, i) => ({
        Name: `n-${String(chunk * 200 + i).padStart(5, '0')}`,
        NOME__Metronome_Invoice_ID__c: `q-${chunk * 200 + i}`,
      }));
      await conn.sobject(INVOICE).create(records, { allOrNone: true });
    }
  });
  afterAll(() => org.stop());

  it('5,000 rows come back in pages of 2,000 with a one-segment locator valid under any version', async () => {
    org.resetStats();
    const first = await conn.query<{ Name: string }>(`SELECT Id, Name FROM ${INVOICE} ORDER BY Name`);
    expect(first).toMatchObject({ totalSize: 5000, done: false });
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v50\.0\/query\/[^/]+$/);
    const locator = first.nextRecordsUrl!.split('/').pop()!;
    const other = await login(org, '62.0');
    const second = await other.queryMore<{ Name: string }>(locator);
    expect(second.records[0].Name).toBe('n-02000');
    const all = await conn
      .query<{ Name: string }>(`SELECT Name FROM ${INVOICE} ORDER BY Name`)
      .run({ autoFetch: true, maxFetch: 10_000 });
    expect(all.records.map((r) => r.Name)).toEqual(
      Array.from({ length: 5000 }, (_, i) => `n-${String(i).padStart(5, '0')}`),
    );
    const records: { Name: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      conn
        .query<{ Name: string }>(`SELECT Name FROM ${INVOICE} ORDER BY Name DESC`)
        .on('record', (r: { Name: string }) => records.push(r))
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10_000 });
    });
    expect(records).toHaveLength(5000);
    expect(new Set(records.map((r) => r.Name)).size).toBe(5000);
    expect(records[0].Name).toBe('n-04999');
    expect(org.stats().byKind.queryMore).toBeGreaterThanOrEqual(3);
  });

  it('lookups by Id (15 or 18 characters) and external IDs match as SOQL does: text equality ignores case', async () => {
    const first = await conn.query<{ Id: string; Name: string }>(
      `SELECT Id, Name FROM ${INVOICE} WHERE NOME__Metronome_Invoice_ID__c IN ('Q-1', 'q-2') ORDER BY Name`,
    );
    expect(first.records.map((r) => r.Name)).toEqual(['n-00001', 'n-00002']);
    const id = first.records[0].Id;
    const byId = await conn.query<{ Name: string }>(
      `SELECT Name FROM ${INVOICE} WHERE Id = '${id.slice(0, 15)}' AND Name != null`,
    );
    expect(byId.records.map((r) => r.Name)).toEqual(['n-00001']);
    const many = await conn.query(
      `SELECT Id FROM ${INVOICE} WHERE Id IN ('${id}', '${first.records[1].Id}') AND NOME__Metronome_Invoice_ID__c = 'q-2'`,
    );
    expect(many.totalSize).toBe(1);
  });

  it('Sforce-Query-Options batchSize changes the page size', async () => {
    const res = await fetch(
      `${org.instanceUrl}/services/data/v50.0/query?q=${encodeURIComponent(`SELECT Id FROM ${INVOICE}`)}`,
      {
        headers: { Authorization: `Bearer ${org.accessToken}`, 'Sforce-Query-Options': 'batchSize=500' },
      },
    );
    const body = (await res.json()) as { records: unknown[]; nextRecordsUrl: string };
    expect(body.records).toHaveLength(500);
    const next = await conn.queryMore(body.nextRecordsUrl.split('/').pop()!);
    expect(next.records).toHaveLength(500);
  });
});
