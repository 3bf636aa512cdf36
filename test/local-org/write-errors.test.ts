import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { releaseName } from '../../scripts/local-org/routes/versions.ts';
import { CUSTOMER, INVOICE, errorOf, startOrg, tokenConnection, type Connection } from './helpers.ts';

type ErrorBody = { errorCode: string; message: string }[];

/** Write errors, body handling and labels as Salesforce answers them, over raw HTTP and through jsforce. */
describe('local org: write errors and request bodies as Salesforce answers them', () => {
  let org: LocalOrg;
  let conn: Connection;
  const v = '/services/data/v62.0';
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${org.instanceUrl}${v}${path}`, {
      method,
      body,
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json', ...headers },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const invoiceCount = async () => (await conn.query(`SELECT COUNT() FROM ${INVOICE}`)).totalSize;

  beforeAll(async () => {
    org = await startOrg();
    conn = tokenConnection(org, '62.0');
  });
  afterAll(() => org?.stop());

  // REST API Developer Guide, "Status Codes and Error Responses": 400 when the JSON body cannot be understood. Salesforce's
  // deserializer refuses the whole call ("Cannot deserialize instance of double from VALUE_STRING value …").
  it('text in a Number field fails the whole sObject Collections call with 400 JSON_PARSER_ERROR and writes nothing', async () => {
    const before = await invoiceCount();
    const body = JSON.stringify({
      allOrNone: false,
      records: [
        { attributes: { type: INVOICE }, Name: 'fine' },
        { attributes: { type: INVOICE }, Name: 'bad', NOME__Total__c: 'lots' },
      ],
    });
    const res = await call('POST', '/composite/sobjects', body);
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody)[0].errorCode).toBe('JSON_PARSER_ERROR');
    expect((res.body as ErrorBody)[0].message).toMatch(
      /^Cannot deserialize instance of double from VALUE_STRING value lots or request may be missing a required field at \[line:1, column:\d+\]$/,
    );
    expect(await invoiceCount()).toBe(before);
  });

  // Same page and deserializer: a Date field takes `YYYY-MM-DD` ("Valid Date and DateTime Formats", SOQL and SOSL
  // Reference); anything else refuses the call, single-record or collection alike.
  it('a date in another format fails a single-record create and a collections upsert with JSON_PARSER_ERROR', async () => {
    const single = await errorOf(conn.sobject(INVOICE).create({ Name: 'd', NOME__Start__c: '11/24/2026' }));
    expect(single.errorCode).toBe('JSON_PARSER_ERROR');
    expect(single.message).toContain('Cannot deserialize instance of date from VALUE_STRING value 11/24/2026');
    const upsert = await call(
      'PATCH',
      `/composite/sobjects/${CUSTOMER}/NOME__Metronome_Customer_ID__c`,
      JSON.stringify({
        records: [
          { attributes: { type: CUSTOMER }, NOME__Metronome_Customer_ID__c: 'ok' },
          { attributes: { type: CUSTOMER }, NOME__Metronome_Customer_ID__c: 'bad', NOME__Name__c: { nested: true } },
        ],
      }),
    );
    expect(upsert.status).toBe(400);
    expect((upsert.body as ErrorBody)[0].message).toContain(
      'Cannot deserialize instance of String from START_OBJECT value {',
    );
    expect(
      (await conn.query(`SELECT COUNT() FROM ${CUSTOMER} WHERE NOME__Metronome_Customer_ID__c = 'ok'`)).totalSize,
    ).toBe(0);
  });

  it('a value of the right type that breaks a field rule still fails only its record', async () => {
    const [ok, tooBig] = (await conn.sobject(INVOICE).create([
      { Name: 'r1', NOME__Total__c: '12.5' },
      { Name: 'r2', NOME__Total__c: 1e30 },
    ])) as unknown as { success: boolean; errors: { statusCode: string }[] }[];
    expect(ok.success).toBe(true);
    expect(tooBig.errors[0].statusCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });

  // "Status Codes and Error Responses": a body Salesforce cannot read is a 400 (JSON_PARSER_ERROR), never a 500.
  it('a null or missing body answers 400 JSON_PARSER_ERROR on sObject rows, collections and Bulk 2.0 job creation, never 500', async () => {
    for (const [method, path] of [
      ['POST', `/sobjects/${INVOICE}`],
      ['POST', '/composite/sobjects'],
      ['PATCH', '/composite/sobjects'],
      ['POST', '/jobs/ingest'],
      ['POST', '/jobs/query'],
      ['PATCH', `/sobjects/${CUSTOMER}/NOME__Metronome_Customer_ID__c/ghost`],
      ['POST', '/composite'],
      ['POST', '/composite/tree/Account'],
    ]) {
      for (const body of ['null', '', '[]', '"text"']) {
        const res = await call(method, path, body);
        expect([method, path, body, res.status]).toEqual([method, path, body, 400]);
        expect((res.body as ErrorBody)[0].errorCode).toBe('JSON_PARSER_ERROR');
      }
    }
  });

  it('a null record inside a collection answers 400 JSON_PARSER_ERROR and writes none of the others', async () => {
    const before = await invoiceCount();
    const res = await call(
      'POST',
      '/composite/sobjects',
      JSON.stringify({ records: [{ attributes: { type: INVOICE }, Name: 'x' }, null] }),
    );
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody)[0]).toMatchObject({
      errorCode: 'JSON_PARSER_ERROR',
      message: expect.stringContaining('VALUE_NULL'),
    });
    expect(await invoiceCount()).toBe(before);
  });

  it('a null PATCH upsert creates no record', async () => {
    const res = await call('PATCH', `/sobjects/${CUSTOMER}/NOME__Metronome_Customer_ID__c/null-upsert`, 'null');
    expect(res.status).toBe(400);
    expect(
      (await conn.query(`SELECT COUNT() FROM ${CUSTOMER} WHERE NOME__Metronome_Customer_ID__c = 'null-upsert'`))
        .totalSize,
    ).toBe(0);
  });

  // A refusal of the request itself carries no `fields`, as Salesforce's JSON_PARSER_ERROR, query and NOT_FOUND
  // answers show (`[{"message":"…","errorCode":"JSON_PARSER_ERROR"}]`); a record's refusal does.
  it('malformed JSON answers 400 JSON_PARSER_ERROR with where parsing stopped, and no fields', async () => {
    const res = await call('POST', `/sobjects/${INVOICE}`, '{"Name": "x",\n "NOME__Total__c": }');
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { errorCode: 'JSON_PARSER_ERROR', message: expect.stringMatching(/at \[line:2, column:\d+\]$/) },
    ]);
    const query = await call('GET', `/query?q=${encodeURIComponent('SELECT Nope__c FROM Account')}`);
    expect(query.body).toEqual([{ errorCode: 'INVALID_FIELD', message: expect.stringContaining("'Nope__c'") }]);
    const record = await call('POST', `/sobjects/${INVOICE}`, JSON.stringify({ NOME__Total__c: 1e15 }));
    expect((record.body as ErrorBody)[0]).toHaveProperty('fields', ['NOME__Total__c']);
  });

  // REST API Developer Guide, "Status Codes and Error Responses": 405 for a method the resource does not allow.
  it('PUT on a record answers 405 METHOD_NOT_ALLOWED naming the allowed methods', async () => {
    const { id } = await conn.sobject(INVOICE).create({ Name: 'put-me' });
    const res = await call('PUT', `/sobjects/${INVOICE}/${id}`, '{"Name":"x"}');
    expect(res.status).toBe(405);
    expect(res.body).toEqual([
      {
        errorCode: 'METHOD_NOT_ALLOWED',
        message: "HTTP Method 'PUT' not allowed. Allowed are HEAD,GET,PATCH,DELETE",
      },
    ]);
  });

  it('a body over the documented size limit is refused with 413 without reading it all, and the server keeps serving', async () => {
    // Announces 60 MB (over the 50 MB a REST call may send) and sends only a little: the answer must not wait for the rest.
    const url = new URL(`${org.instanceUrl}${v}/sobjects/${INVOICE}`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${org.accessToken}`,
          'Content-Type': 'application/json',
          'Content-Length': 60 * 1024 * 1024,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"Name": "' + 'x'.repeat(64 * 1024));
    });
    expect(status).toBe(413);
    expect((await conn.query(`SELECT COUNT() FROM ${INVOICE}`)).done).toBe(true);
  });

  it('no body shape, however odd, gets a 500 from any write route', async () => {
    const { id } = await conn.sobject(INVOICE).create({ Name: 'target' });
    const routes: [string, string][] = [
      ['POST', `/sobjects/${INVOICE}`],
      ['PATCH', `/sobjects/${INVOICE}/${id}`],
      ['PATCH', `/sobjects/${CUSTOMER}/NOME__Metronome_Customer_ID__c/odd`],
      ['POST', '/composite/sobjects'],
      ['PATCH', '/composite/sobjects'],
      ['PATCH', `/composite/sobjects/${CUSTOMER}/NOME__Metronome_Customer_ID__c`],
      ['POST', `/composite/sobjects/${INVOICE}`],
      ['POST', '/composite'],
      ['POST', '/composite/tree/Account'],
      ['POST', '/jobs/ingest'],
      ['POST', '/jobs/query'],
    ];
    const bodies = [
      '{}',
      '1',
      'true',
      '{"records": null}',
      '{"records": [1]}',
      '{"records": [{"attributes": null}]}',
      '{"records": [{"attributes": {"type": 5}}]}',
      '{"records": [{"attributes": {"type": "Account", "referenceId": "r"}, "Contacts": {"records": "x"}}]}',
      '{"ids": 5, "fields": [1]}',
      '{"compositeRequest": [null]}',
      '{"compositeRequest": [{"method": "GET", "url": 5, "referenceId": "a"}]}',
      '{"compositeRequest": [{"method": "GET", "url": "/services/data/v62.0/sobjects/Account/@{nope.id}", "referenceId": "a"}]}',
      '{"operation": {"x": 1}, "object": ["Account"]}',
      `{"Name": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '{"__proto__": {"Name": 1}}',
    ];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await call(method, path, body);
        expect([method, path, body.slice(0, 60), res.status < 500]).toEqual([method, path, body.slice(0, 60), true]);
      }
    }
  });

  it('a path with broken percent-encoding answers 404, not 500', async () => {
    expect((await call('GET', '/sobjects/%E0%A4%A')).status).toBe(404);
  });

  // "Core Data Types Used in API Calls" (StatusCode DUPLICATE_VALUE): the message names the record duplicated, as
  // Salesforce's own compound-key duplicate names the record it duplicates ("duplicate value found: … on record with id: …").
  it('DUPLICATE_VALUE on a permission set assignment names the duplicate record', async () => {
    const set = (await conn.query<{ Id: string }>('SELECT Id FROM PermissionSet LIMIT 1')).records[0];
    const first = await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: org.userId, PermissionSetId: set.Id });
    const again = await errorOf(
      conn.sobject('PermissionSetAssignment').create({ AssigneeId: org.userId, PermissionSetId: set.Id }),
    );
    expect(again.errorCode).toBe('DUPLICATE_VALUE');
    expect(again.message).toBe(
      `duplicate value found: <unknown> duplicates value on record with id: ${first.id!.slice(0, 15)}`,
    );
  });

  // REST API Developer Guide, "Versions": each version is labelled with its release name.
  it('/services/data/ labels versions with Salesforce release names', async () => {
    const versions = (await (await fetch(`${org.instanceUrl}/services/data/`)).json()) as {
      label: string;
      version: string;
    }[];
    const label = (version: string) => versions.find((x) => x.version === version)?.label;
    expect([label('31.0'), label('32.0'), label('50.0'), label('62.0'), label('64.0'), label('66.0')]).toEqual([
      "Summer '14",
      "Winter '15",
      "Winter '21",
      "Winter '25",
      "Summer '25",
      "Spring '26",
    ]);
    expect(releaseName(58)).toBe("Summer '23");
  });
});
