import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, login, startOrg, type Connection } from './helpers.ts';

// Bulk API 2.0 query jobs: SOQL considerations (no GROUP BY, OFFSET, TYPEOF, aggregate functions such as
// COUNT(), or parent-to-child relationship queries) and the limits /limits reports (DailyBulkV2QueryJobs,
// DailyBulkV2QueryFileStorageMB): https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm

type Limit = { Max: number; Remaining: number };

describe('local org: Bulk API 2.0 query jobs', () => {
  let org: LocalOrg;
  let conn: Connection;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${org.instanceUrl}/services/data/v62.0${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    });
  const createJob = (query: string) =>
    api('/jobs/query', { method: 'POST', body: JSON.stringify({ operation: 'query', query }) });
  const limits = async () => (await (await api('/limits')).json()) as Record<string, Limit>;

  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    conn.bulk2.pollInterval = 50;
    await conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'c1', NOME__Name__c: 'One' });
    await conn
      .sobject(INVOICE)
      .create([{ Name: 'A', NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c1' } }, { Name: 'B' }] as never, {
        allOrNone: true,
      });
  });
  afterAll(() => org.stop());

  it('refuses child subqueries, COUNT() and other aggregates, GROUP BY, OFFSET and TYPEOF with a 400', async () => {
    const refused = [
      [
        `SELECT Id, (SELECT Id FROM NOME__Invoices__r) FROM ${CUSTOMER}`,
        'Aggregate Relationships not supported in Bulk V2 Query',
      ],
      [`SELECT COUNT() FROM ${INVOICE}`, 'Aggregate functions'],
      [`SELECT COUNT(Id) FROM ${INVOICE}`, 'Aggregate functions'],
      [`SELECT Name FROM ${INVOICE} GROUP BY Name`, 'GROUP BY'],
      [`SELECT Name FROM ${INVOICE} LIMIT 1 OFFSET 1`, 'OFFSET'],
      [`SELECT TYPEOF Owner WHEN User THEN Username END FROM ${INVOICE}`, 'TYPEOF'],
    ];
    for (const [query, reason] of refused) {
      const res = await createJob(query);
      expect(res.status, query).toBe(400);
      const [body] = (await res.json()) as { errorCode: string; message: string }[];
      expect(body.errorCode, query).toBe('API_ERROR');
      expect(body.message, query).toContain(reason);
    }
  });

  // "Maximum length of SOQL statements: by default, 100,000 characters" (SOQL and SOSL Limits for Search Queries):
  // https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm
  it('a statement over 100,000 characters is MALFORMED_QUERY, however it is sent', async () => {
    const res = await createJob(`SELECT Id FROM ${INVOICE} WHERE Name = '${'x'.repeat(100_000)}'`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([
      { errorCode: 'MALFORMED_QUERY', message: 'SOQL statements cannot be longer than 100000 characters.' },
    ]);
  });

  it('a query job moves DailyBulkV2QueryJobs and DailyBulkV2QueryFileStorageMB in /limits; a refused one does not', async () => {
    const before = await limits();
    expect(before.DailyBulkV2QueryJobs).toEqual({ Max: 10000, Remaining: 10000 });
    await createJob(`SELECT COUNT() FROM ${INVOICE}`);
    expect((await limits()).DailyBulkV2QueryJobs.Remaining).toBe(10000);
    const records = await conn.bulk2
      .query(`SELECT Name, NOME__Customer__r.NOME__Metronome_Customer_ID__c FROM ${INVOICE} ORDER BY Name LIMIT 5`)
      .then((s) => s.toArray());
    expect(records.map((r) => r.Name)).toEqual(['A', 'B']);
    const after = await limits();
    expect(after.DailyBulkV2QueryJobs).toEqual({ Max: 10000, Remaining: 9999 });
    expect(after.DailyBulkV2QueryFileStorageMB.Remaining).toBeLessThan(before.DailyBulkV2QueryFileStorageMB.Remaining);
  });
});
