import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { INVOICE, errorOf, login, startOrg, tokenConnection, type Connection } from './helpers.ts';

describe('local org: fault injection', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
  });
  afterEach(() => org.faults.clear());
  afterAll(() => org.stop());

  const create = () => conn.sobject(INVOICE).create({ Name: 'F' });

  it('503: a write fails with the status; jsforce retries a GET and succeeds', async () => {
    org.faults.failNext(1, 'sobject.create', '503');
    const e = await errorOf(create());
    // Worded as Salesforce's 503 answer quoted in public client fixtures.
    expect(e).toMatchObject({ errorCode: 'SERVER_UNAVAILABLE', message: 'Server Unavailable' });
    expect((await create()).success).toBe(true);
    org.resetStats();
    org.faults.failNext(1, 'query', '503');
    expect((await conn.query(`SELECT COUNT() FROM ${INVOICE}`)).totalSize).toBe(1);
    expect(org.stats().byKind.query).toBe(2);
  });

  it('UNABLE_TO_LOCK_ROW: single calls get the error; collections report it per record', async () => {
    org.faults.failNext(1, 'write', 'UNABLE_TO_LOCK_ROW');
    const e = await errorOf(create());
    expect(e).toMatchObject({
      errorCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record',
    });
    org.faults.failNext(1, 'composite.sobjects', 'UNABLE_TO_LOCK_ROW');
    const results = (await conn.sobject(INVOICE).upsert(
      [
        { Name: 'a', NOME__Metronome_Invoice_ID__c: 'l-1' },
        { Name: 'b', NOME__Metronome_Invoice_ID__c: 'l-2' },
      ],
      'NOME__Metronome_Invoice_ID__c',
    )) as unknown as { success: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((r) => [r.success, r.errors[0].statusCode])).toEqual([
      [false, 'UNABLE_TO_LOCK_ROW'],
      [false, 'UNABLE_TO_LOCK_ROW'],
    ]);
    expect(
      (await conn.query(`SELECT COUNT() FROM ${INVOICE} WHERE NOME__Metronome_Invoice_ID__c LIKE 'l-%'`)).totalSize,
    ).toBe(0);
  });

  it('UNABLE_TO_LOCK_ROW on Bulk rows: the chosen rows fail, the others load', async () => {
    org.faults.failNext(2, 'bulk2.ingest.row', 'UNABLE_TO_LOCK_ROW');
    const r = await conn.bulk2.loadAndWaitForResults({
      object: INVOICE,
      operation: 'insert',
      input: 'Name\nr1\nr2\nr3\n',
      pollInterval: 100,
    });
    expect(r.successfulResults).toHaveLength(1);
    expect((r.failedResults as unknown as Record<string, string>[]).map((x) => x.sf__Error)).toEqual([
      'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record: --',
      'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record: --',
    ]);
  });

  it('INVALID_SESSION_ID: jsforce logs in again and retries', async () => {
    org.resetStats();
    org.faults.failNext(1, 'query', 'INVALID_SESSION_ID');
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    expect(org.stats().byKind['auth.token']).toBe(1);
    const plain = tokenConnection(org);
    org.faults.failNext(1, 'any', 'INVALID_SESSION_ID');
    expect((await errorOf(plain.query('SELECT Id FROM User'))).errorCode).toBe('INVALID_SESSION_ID');
  });

  it('REQUEST_LIMIT_EXCEEDED answers 403', async () => {
    org.faults.failNext(1, 'any', 'REQUEST_LIMIT_EXCEEDED');
    const e = await errorOf(conn.query('SELECT Id FROM User'));
    expect(e).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
  });

  it('slow: the answer is delayed, then normal', async () => {
    org.faults.failNext(1, 'query', 'slow', { delayMs: 300 });
    const t = Date.now();
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('drop: the connection is destroyed without an answer', async () => {
    org.faults.failNext(1, 'sobject.create', 'drop');
    const e = await errorOf(create());
    expect(e.message).toMatch(/socket hang up|ECONNRESET|terminated|other side closed/i);
    expect((await create()).success).toBe(true);
  });

  it('a share of calls: rate 0.5 fails about half, rate 0 none', async () => {
    org.faults.failShare(0.5, 'write', 'REQUEST_LIMIT_EXCEEDED');
    let failed = 0;
    for (let i = 0; i < 40; i++)
      failed += await create().then(
        () => 0,
        () => 1,
      );
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    org.faults.clear();
    org.faults.failShare(0, 'any', '503');
    expect((await create()).success).toBe(true);
  });

  it('the admin endpoint controls faults and reads stats of a separately started server', async () => {
    const admin = `${org.instanceUrl}/__admin`;
    const added = await fetch(`${admin}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fault: '503', match: 'sobject.create', times: 2 }),
    });
    expect(added.status).toBe(201);
    const listed = (await (await fetch(`${admin}/faults`)).json()) as { faults: { fault: string; times: number }[] };
    expect(listed.faults).toEqual([expect.objectContaining({ fault: '503', times: 2 })]);
    expect((await errorOf(create())).errorCode).toBe('SERVER_UNAVAILABLE');
    await fetch(`${admin}/faults`, { method: 'DELETE' });
    expect((await create()).success).toBe(true);
    const bad = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'meteor' }) });
    expect(bad.status).toBe(400);
    const stats = (await (await fetch(`${admin}/stats`)).json()) as { total: number; byKind: Record<string, number> };
    expect(stats.byKind['sobject.create']).toBeGreaterThan(0);
    expect(stats.total).toBe(org.stats().total);
    expect(org.callCount('sobject.create')).toBe(stats.byKind['sobject.create']);
    expect(org.callCount('write')).toBe(org.stats().writes);
    expect(org.callCount('any')).toBe(org.stats().total);
  });
});

describe('local org: limits', () => {
  it('counts every API call in DailyApiRequests and Sforce-Limit-Info, and refuses calls beyond the limit', async () => {
    const org = await startOrg({ dailyApiLimit: 6 });
    try {
      const conn = await login(org);
      await conn.query('SELECT Id FROM User');
      expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 6 });
      // A call whose session is not valid never reaches the org: it is refused, not counted.
      const stranger = await fetch(`${org.instanceUrl}/services/data/v60.0/query?q=SELECT+Id+FROM+User`, {
        headers: { Authorization: 'Bearer not-a-session' },
      });
      expect(stranger.status).toBe(401);
      expect(org.apiUsage()).toBe(1);
      await conn.sobject('Account').create({ Name: 'x' });
      const limits = (await conn.limits()) as unknown as { DailyApiRequests: { Max: number; Remaining: number } };
      expect(limits.DailyApiRequests).toEqual({ Max: 6, Remaining: 3 });
      expect(conn.limitInfo.apiUsage?.used).toBe(3);
      await conn.query('SELECT Id FROM User');
      await conn.query('SELECT Id FROM User');
      await conn.query('SELECT Id FROM User');
      const e = await errorOf(conn.query('SELECT Id FROM User'));
      expect(e).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
      expect(org.apiUsage()).toBe(6);
    } finally {
      await org.stop();
    }
  });
});
