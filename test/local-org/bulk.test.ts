import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { INVOICE, LINE_ITEM, login, startOrg, type Connection } from './helpers.ts';

type Row = Record<string, string>;

describe('local org: Bulk API 2.0', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    conn.bulk2.pollInterval = 100;
    await conn.sobject(INVOICE).create(
      Array.from({ length: 10 }, (_, i) => ({ Name: `INV-${i}`, NOME__Metronome_Invoice_ID__c: `inv-${i}` })),
      { allOrNone: true },
    );
  });
  afterAll(() => org.stop());

  // Thousands of rows, not tens of thousands: what is checked is per row; the throughput at scale is `npm run bench`'s.
  it('upserts 5,000 rows with a relationship column, reporting failed rows with sf__Error', async () => {
    const lines = [
      'NOME__Metronome_Invoice_Line_Item_ID__c,NOME__Name__c,NOME__Quantity__c,NOME__Invoice__r.NOME__Metronome_Invoice_ID__c',
    ];
    for (let i = 0; i < 5_000; i++) {
      const invoice = i % 1000 === 999 ? 'missing' : `inv-${i % 10}`;
      const qty = i % 5000 === 1 ? '1e20' : String(i % 7);
      lines.push(`li-${i},"Line ""${i}""",${qty},${invoice}`);
    }
    const results = await conn.bulk2.loadAndWaitForResults({
      object: LINE_ITEM,
      operation: 'upsert',
      externalIdFieldName: 'NOME__Metronome_Invoice_Line_Item_ID__c',
      input: lines.join('\n'),
      pollInterval: 100,
      pollTimeout: 60_000,
    });
    expect(results.successfulResults).toHaveLength(5_000 - 5 - 1);
    expect(results.failedResults).toHaveLength(6);
    const missing = (results.failedResults as unknown as Row[]).find(
      (r) => r.NOME__Metronome_Invoice_Line_Item_ID__c === 'li-999',
    )!;
    expect(missing.sf__Error).toBe(
      `INVALID_FIELD:Foreign key external ID: missing not found for field NOME__Metronome_Invoice_ID__c in entity ${INVOICE}: --`,
    );
    const range = (results.failedResults as unknown as Row[]).find(
      (r) => r.NOME__Metronome_Invoice_Line_Item_ID__c === 'li-1',
    )!;
    expect(range.sf__Error).toMatch(
      /^NUMBER_OUTSIDE_VALID_RANGE:Quantity: value outside of valid range on numeric field: 1e20:NOME__Quantity__c --$/,
    );
    const ok = (results.successfulResults as unknown as Row[])[0];
    expect(ok.sf__Created).toBe('true');
    expect(ok.sf__Id).toMatch(/^a0\w{16}$/);
    expect((await conn.query(`SELECT COUNT() FROM ${LINE_ITEM}`)).totalSize).toBe(4_994);
    const sample = await conn.query<{
      NOME__Name__c: string;
      NOME__Quantity__c: number;
      NOME__Invoice__r: { Name: string };
    }>(
      `SELECT NOME__Name__c, NOME__Quantity__c, NOME__Invoice__r.Name FROM ${LINE_ITEM} WHERE NOME__Metronome_Invoice_Line_Item_ID__c = 'li-12'`,
    );
    expect(sample.records[0]).toMatchObject({
      NOME__Name__c: 'Line "12"',
      NOME__Quantity__c: 5,
      NOME__Invoice__r: { Name: 'INV-2' },
    });
  }, 60_000);

  /** Creates an insert job of `rows` new invoices and uploads them, with the raw REST calls. */
  async function uploadedInsertJob(prefix: string, rows: number): Promise<string> {
    const job = await conn.request<{ id: string }>({
      method: 'POST',
      url: ingest(),
      body: JSON.stringify({ object: INVOICE, operation: 'insert', contentType: 'CSV', lineEnding: 'LF' }),
      headers: { 'content-type': 'application/json' },
    });
    const lines = Array.from({ length: rows }, (_, i) => `${prefix} ${i},${prefix}-${i}`);
    await conn.request({
      method: 'PUT',
      url: `${ingest()}/${job.id}/batches`,
      body: ['Name,NOME__Metronome_Invoice_ID__c', ...lines].join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    return job.id;
  }
  const close = (id: string) =>
    conn.request({
      method: 'PATCH',
      url: `${ingest()}/${id}`,
      body: JSON.stringify({ state: 'UploadComplete' }),
      headers: { 'content-type': 'application/json' },
    });
  const ingest = () => `/services/data/v${conn.version}/jobs/ingest`;
  const jobInfo = (id: string) => conn.request<{ state: string; numberRecordsProcessed: number }>(`${ingest()}/${id}`);

  it('processes a job in slices while answering other calls: its status shows records processed so far', async () => {
    const id = await uploadedInsertJob('Slice', 3_000);
    await close(id);
    const seenInProgress: number[] = [];
    for (;;) {
      const info = await jobInfo(id);
      if (info.state === 'InProgress') seenInProgress.push(info.numberRecordsProcessed);
      if (info.state === 'JobComplete') {
        expect(info.numberRecordsProcessed).toBe(3_000);
        break;
      }
    }
    expect(seenInProgress.some((n) => n > 0 && n < 3_000)).toBe(true);
  }, 60_000);

  it('queues closed jobs: the second starts only when the first is complete', async () => {
    const first = await uploadedInsertJob('First', 4_000);
    const second = await uploadedInsertJob('Second', 100);
    await Promise.all([close(first), close(second)]);
    const seen: string[] = [];
    for (;;) {
      const [a, b] = await Promise.all([jobInfo(first), jobInfo(second)]);
      seen.push(`${a.state}/${b.state}`);
      if (b.state === 'JobComplete') break;
    }
    // The small second job never runs, let alone finishes, before the large first one is complete.
    expect(seen).not.toContainEqual(expect.stringMatching(/^(?!JobComplete).*\/(InProgress|JobComplete)$/));
    expect(seen[0]).toMatch(/\/UploadComplete$/);
  }, 60_000);

  it('second upsert updates (sf__Created false); CRLF line endings and #N/A clear a value', async () => {
    const csv =
      'NOME__Metronome_Invoice_Line_Item_ID__c,NOME__Name__c,NOME__Quantity__c\r\nli-12,renamed,#N/A\r\nnew-1,fresh,3\r\n';
    const r = await conn.bulk2.loadAndWaitForResults({
      object: LINE_ITEM,
      operation: 'upsert',
      externalIdFieldName: 'NOME__Metronome_Invoice_Line_Item_ID__c',
      lineEnding: 'CRLF',
      input: csv,
      pollInterval: 100,
    });
    expect(
      (r.successfulResults as unknown as Row[]).map((x) => [x.NOME__Metronome_Invoice_Line_Item_ID__c, x.sf__Created]),
    ).toEqual([
      ['li-12', 'false'],
      ['new-1', 'true'],
    ]);
    const row = await conn.query(
      `SELECT NOME__Name__c, NOME__Quantity__c FROM ${LINE_ITEM} WHERE NOME__Metronome_Invoice_Line_Item_ID__c = 'li-12'`,
    );
    expect(row.records[0]).toMatchObject({ NOME__Name__c: 'renamed', NOME__Quantity__c: null });
  });

  it('insert, update and delete jobs; job states go Open → UploadComplete → JobComplete', async () => {
    const ins = await conn.bulk2.loadAndWaitForResults({
      object: INVOICE,
      operation: 'insert',
      input: 'Name,NOME__Total__c\nB-1,1\nB-2,2\n,3\n',
      pollInterval: 100,
    });
    expect(ins.successfulResults).toHaveLength(2);
    expect((ins.failedResults as unknown as Row[])[0].sf__Error).toBe(
      'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --',
    );
    const ids = (ins.successfulResults as unknown as Row[]).map((r) => r.sf__Id);
    const upd = await conn.bulk2.loadAndWaitForResults({
      object: INVOICE,
      operation: 'update',
      input: `Id,NOME__Total__c\n${ids[0]},10\n${ids[1]},20\n`,
      pollInterval: 100,
    });
    expect(upd.successfulResults).toHaveLength(2);
    expect(await conn.sobject(INVOICE).retrieve(ids[1])).toMatchObject({ NOME__Total__c: 20 });
    const job = conn.bulk2.createJob({ object: INVOICE, operation: 'delete' });
    await job.open();
    expect(job.getInfo().state).toBe('Open');
    await job.uploadData(`Id\n${ids.join('\n')}\n`);
    await job.close();
    await job.poll(100, 10_000);
    const info = await job.check();
    expect(info).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 0,
      object: INVOICE,
      operation: 'delete',
    });
    expect(info.id).toMatch(/^750/);
    expect((await conn.query(`SELECT COUNT() FROM ${INVOICE} WHERE Name LIKE 'B-%'`)).totalSize).toBe(0);
  });

  it("an unknown CSV column fails the whole job with Salesforce's message", async () => {
    const job = conn.bulk2.createJob({ object: INVOICE, operation: 'insert' });
    await job.open();
    await job.uploadData('Name,Bogus__c\nX,1\n');
    await job.close();
    const e = await job.poll(100, 10_000).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(e?.message).toMatch(/InvalidBatch : Field name not found : Bogus__c/);
    expect((await job.check()).errorMessage).toBe('InvalidBatch : Field name not found : Bogus__c');
    expect((await job.check()).state).toBe('Failed');
  });

  it('a row with more or fewer values than the header, or an unclosed quote, fails the job naming the row', async () => {
    for (const [csv, why] of [
      ['Name\nA\nB,extra\n', /row 3: 2 values where the header has 1/],
      ['Name\nA\n"B\n', /row 3: .*[Qq]uote/],
    ] as const) {
      const job = conn.bulk2.createJob({ object: INVOICE, operation: 'insert' });
      await job.open();
      await job.uploadData(csv);
      await job.close();
      await job.poll(100, 10_000).catch(() => undefined);
      const info = await job.check();
      expect(info.state).toBe('Failed');
      expect(info.errorMessage).toMatch(/^InvalidBatch : Failed to parse CSV, /);
      expect(info.errorMessage).toMatch(why);
    }
  });

  it('reads a byte order mark, quoted commas and line breaks; answers its own columns and every value quoted, the header as sent', async () => {
    const job = conn.bulk2.createJob({ object: INVOICE, operation: 'insert' });
    await job.open();
    await job.uploadData('\uFEFFName\n"Q-1, ""quoted""\nsecond line"\n');
    await job.close();
    await job.poll(100, 10_000);
    const url = `${conn.instanceUrl}/services/data/v${conn.version}/jobs/ingest/${job.id}/successfulResults`;
    const text = await (await fetch(url, { headers: { Authorization: `Bearer ${conn.accessToken}` } })).text();
    expect(text).toMatch(/^"sf__Id","sf__Created",Name\n"a\w+","true","Q-1, ""quoted""\nsecond line"\n$/);
  });

  // Salesforce's words for an upsert job without its external ID field (seen in a Bulk API answer; the Bulk API 2.0
  // "Errors" page names the InvalidJob code only).
  it('an upsert job without externalIdFieldName is refused, naming the object', async () => {
    const e = await conn.bulk2
      .createJob({ object: INVOICE, operation: 'upsert' })
      .open()
      .then(
        () => undefined,
        (error: { errorCode?: string; message: string }) => error,
      );
    expect(e).toMatchObject({
      errorCode: 'INVALIDJOB',
      message: `InvalidJob : External ID was blank for ${INVOICE}. An External ID must be specified for upsert.`,
    });
  });

  it('an aborted job reports its state; unprocessed records are readable', async () => {
    const job = conn.bulk2.createJob({ object: INVOICE, operation: 'insert' });
    await job.open();
    await job.uploadData('Name\nX\n');
    await job.abort();
    expect((await job.check()).state).toBe('Aborted');
  });

  it('a query job returns CSV pages chained by Sforce-Locator until "null"', async () => {
    const records = (await (
      await conn.bulk2.query(
        `SELECT Id, Name, NOME__Metronome_Invoice_ID__c FROM ${INVOICE} WHERE Name LIKE 'INV-%' ORDER BY Name`,
        { pollInterval: 100 },
      )
    ).toArray()) as Row[];
    expect(records.map((r) => r.Name)).toEqual(Array.from({ length: 10 }, (_, i) => `INV-${i}`));
    const auth = { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' };
    const base = `${org.instanceUrl}/services/data/v60.0/jobs/query`;
    const created = (await (
      await fetch(base, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ operation: 'query', query: `SELECT Name FROM ${LINE_ITEM}` }),
      })
    ).json()) as { id: string };
    await new Promise((r) => setTimeout(r, 50));
    const page1 = await fetch(`${base}/${created.id}/results?maxRecords=3000`, { headers: auth });
    expect(page1.headers.get('sforce-numberofrecords')).toBe('3000');
    const locator = page1.headers.get('sforce-locator')!;
    expect(locator).not.toBe('null');
    const page2 = await fetch(`${base}/${created.id}/results?maxRecords=3000&locator=${locator}`, { headers: auth });
    expect(page2.headers.get('sforce-locator')).toBe('null');
    expect(Number(page2.headers.get('sforce-numberofrecords'))).toBe(4_995 - 3_000);
    expect((await page2.text()).split('\n')[0]).toBe('"Name"');
    const info = (await (await fetch(`${base}/${created.id}`, { headers: auth })).json()) as {
      object: string;
      state: string;
    };
    expect(info).toMatchObject({ object: LINE_ITEM, state: 'JobComplete' });
  });

  it('a query job writes DateTime columns as Bulk CSV does (UTC, Z) and parent paths as dotted columns', async () => {
    const records = (await (
      await conn.bulk2.query(
        `select CreatedDate, NOME__Customer__r.Name from ${INVOICE.toLowerCase()} where Name = 'INV-1'`,
        { pollInterval: 100 },
      )
    ).toArray()) as Record<string, string>[];
    expect(records).toHaveLength(1);
    expect(records[0].CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Object.keys(records[0])).toEqual(['CreatedDate', 'NOME__Customer__r.Name']);
  });
});
