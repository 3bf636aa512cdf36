import { describe, expect, it } from 'vitest';
import {
  connectToOrg,
  ConnectError,
  isTransient,
  SalesforceClient,
  type SalesforceConnection,
} from '../../scripts/salesforce/index.ts';

describe('retry classification', () => {
  it('retries what passes by itself, not what will fail again', () => {
    expect(
      isTransient(Object.assign(new Error('unable to obtain exclusive access'), { errorCode: 'UNABLE_TO_LOCK_ROW' })),
    ).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { errorCode: 'ERROR_HTTP_503' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('No such column'), { errorCode: 'INVALID_FIELD' }))).toBe(false);
    expect(
      isTransient(
        Object.assign(new Error('ConcurrentPerOrgLongTxn Limit exceeded'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' }),
      ),
    ).toBe(true);
    expect(
      isTransient(Object.assign(new Error('TotalRequests Limit exceeded.'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' })),
    ).toBe(false);
    expect(isTransient(Object.assign(new Error('bad'), { errorCode: 'MALFORMED_QUERY' }))).toBe(false);
  });
});

describe('client', () => {
  it('retries a write that failed transiently, counting every attempt, and keeps the created flag', async () => {
    let attempts = 0;
    const conn: SalesforceConnection = {
      version: '62.0',
      instanceUrl: 'http://127.0.0.1:1/',
      request: async (req) => {
        attempts++;
        expect(req.url).toBe('http://127.0.0.1:1/services/data/v62.0/composite/sobjects/A__c/E__c');
        if (attempts < 3)
          throw Object.assign(new Error('unable to obtain exclusive access to this record'), {
            errorCode: 'UNABLE_TO_LOCK_ROW',
          });
        return [{ id: 'a00000000000001AAA', success: true, created: true, errors: [] }];
      },
    };
    const client = new SalesforceClient(conn, { retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 } });
    const results = await client.upsertCollection('A__c', 'E__c', [{ E__c: 'x' }]);
    expect(results[0]).toMatchObject({ success: true, created: true });
    expect(client.callCount()).toBe(3);
    expect(client.lastAttempts).toBe(3);
  });

  it('gives up on a permanent error at once', async () => {
    const conn: SalesforceConnection = {
      version: '62.0',
      instanceUrl: 'http://127.0.0.1:1',
      request: async () => {
        throw Object.assign(new Error("No such column 'X'"), { errorCode: 'INVALID_FIELD' });
      },
    };
    const client = new SalesforceClient(conn, { retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(client.queryAll('SELECT X FROM A__c')).rejects.toMatchObject({
      name: 'SalesforceCallError',
      errorCode: 'INVALID_FIELD',
    });
    expect(client.callCount()).toBe(1);
  });

  it('refuses more than 200 records per collections call', async () => {
    const client = new SalesforceClient({ version: '62.0', instanceUrl: 'http://x', request: async () => [] });
    await expect(
      client.upsertCollection(
        'A__c',
        'E__c',
        Array.from({ length: 201 }, () => ({})),
      ),
    ).rejects.toThrow(/at most 200/);
  });
});

describe('connecting', () => {
  it('an instance URL needs SF_ACCESS_TOKEN, and says so', async () => {
    await expect(connectToOrg({ instanceUrl: 'https://example.my.salesforce.com' }, {})).rejects.toThrow(
      /SF_ACCESS_TOKEN/,
    );
    await expect(connectToOrg({ instanceUrl: 'not a url' }, { SF_ACCESS_TOKEN: 't' })).rejects.toBeInstanceOf(
      ConnectError,
    );
  });

  it('without any target, says which flags to give', async () => {
    await expect(connectToOrg({}, {})).rejects.toThrow(/--target-org/);
  });
});

describe('Bulk result reads (asked for as raw text)', () => {
  it('an expired session answered as text is still recognised and retried; rows arrive parsed', async () => {
    let attempts = 0;
    const conn: SalesforceConnection = {
      version: '62.0',
      instanceUrl: 'http://org.test',
      request: async (request) => {
        if (request.method === 'POST') return { id: '750000000000001AAA' };
        if (request.method !== 'GET' || !request.url.endsWith('/failedResults')) {
          if (request.url.endsWith('/750000000000001AAA') && request.method === 'GET')
            return { state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1 };
          return '';
        }
        if (attempts++ === 0)
          throw Object.assign(
            new Error('[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]'),
            {
              errorCode: 'ERROR_HTTP_401',
            },
          );
        return '"sf__Id","sf__Error",Id\n"","ENTITY_IS_DELETED:gone:--",a01\n';
      },
    };
    const client = new SalesforceClient(conn, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    const result = await client.bulkIngest({
      object: 'A__c',
      operation: 'delete',
      columns: ['Id'],
      rows: [{ Id: 'a01' }, { Id: 'a02' }],
      successfulResults: false,
    });
    expect(attempts).toBe(2);
    expect(result.failed).toEqual([{ sf__Id: '', sf__Error: 'ENTITY_IS_DELETED:gone:--', Id: 'a01' }]);
  });
});
