/**
 * Bulk data streamed past jsforce (uploads from a file, result sets parsed as they arrive), against a small HTTP
 * double of the Bulk API 2.0 ingest endpoints, through a real jsforce Connection.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectToOrg, SalesforceCallError, SalesforceClient } from '../../scripts/salesforce/index.ts';

interface Job {
  csv: string;
  state: string;
  token: string;
  contentLength?: string;
}

type Hook = (req: IncomingMessage, res: ServerResponse, job: Job) => boolean;

/** The ingest endpoints, each job's upload kept; `hooks` may answer a request first (a fault). */
function bulkDouble(
  hooks: { upload?: Hook; results?: Hook; early?: (req: IncomingMessage, res: ServerResponse) => boolean } = {},
) {
  const jobs = new Map<string, Job>();
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    if (hooks.early?.(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const [, id, what] = /\/jobs\/ingest(?:\/([^/]+))?(?:\/(\w+))?$/.exec(url.pathname) ?? [];
      calls.push(`${req.method} ${what ?? (id ? 'job' : 'jobs')}`);
      const token = String(req.headers.authorization).replace(/^Bearer /, '');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST') {
        const newId = `750${String(jobs.size + 1).padStart(15, '0')}`;
        jobs.set(newId, { csv: '', state: 'Open', token });
        return json(200, { id: newId });
      }
      const job = jobs.get(id!)!;
      if (what === 'batches') {
        // The session expired after the job was opened.
        if (token === 'expired') return json(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired' }]);
        if (hooks.upload?.(req, res, job)) return;
        Object.assign(job, { csv: Buffer.concat(chunks).toString(), contentLength: req.headers['content-length'] });
        res.writeHead(201).end();
        return;
      }
      if (req.method === 'PATCH')
        return json(200, { state: (job.state = JSON.parse(String(Buffer.concat(chunks))).state) });
      const rows = job.csv.trim().split('\n');
      if (!what)
        return json(200, { state: 'JobComplete', numberRecordsProcessed: rows.length - 1, numberRecordsFailed: 0 });
      if (hooks.results?.(req, res, job)) return;
      res.writeHead(200, { 'Content-Type': 'text/csv' });
      res.end(resultsOf(job));
    });
  });
  return { server, jobs, calls };
}

/** Successful results as Salesforce gives them: sf__Id, sf__Created, then every column sent. */
const resultsOf = (job: Job) => {
  const rows = job.csv.trim().split('\n');
  return [
    `"sf__Id","sf__Created",${rows[0]}`,
    ...rows.slice(1).map((r, i) => `a00${String(i).padStart(15, '0')},true,${r}`),
  ]
    .join('\n')
    .concat('\n');
};

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function setup(double: ReturnType<typeof bulkDouble>, token = 'token-1') {
  servers.push(double.server);
  await new Promise<void>((r) => double.server.listen(0, '127.0.0.1', r));
  const { port } = double.server.address() as AddressInfo;
  const { conn } = await connectToOrg({
    instanceUrl: `http://127.0.0.1:${port}`,
    accessToken: token,
    apiVersion: '62.0',
  });
  const client = new SalesforceClient(conn, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-client-stream-'));
  dirs.push(dir);
  return { conn, client, dir };
}

/** A CSV file of `n` rows with a key and a wide column the results echo back. */
function csvFile(dir: string, n: number) {
  const file = path.join(dir, 'job.csv');
  const text =
    ['Key__c,Notes__c', ...Array.from({ length: n }, (_, i) => `k${i},"wide, ${'x'.repeat(200)}"`)].join('\n') + '\n';
  writeFileSync(file, text);
  return { path: file, bytes: Buffer.byteLength(text) };
}

const ingest = (client: SalesforceClient, file: { path: string; bytes: number }, rowCount: number) => {
  const seen: Record<string, string>[] = [];
  const done = client.bulkIngestCsv(
    {
      object: 'A__c',
      operation: 'upsert',
      externalIdFieldName: 'Key__c',
      csv: file,
      rowCount,
      resultColumns: ['Key__c', 'sf__Id'],
    },
    async (_kind, rows) => void seen.push(...rows),
  );
  return { done, seen };
};

describe('Bulk data streamed past jsforce', () => {
  it('uploads a file with its length and the session token, and keeps only the result columns asked for', async () => {
    const double = bulkDouble();
    const { client, dir } = await setup(double);
    const file = csvFile(dir, 5000);
    const { done, seen } = ingest(client, file, 5000);
    await done;
    const job = [...double.jobs.values()][0]!;
    expect(job.token).toBe('token-1');
    expect(job.contentLength).toBe(String(file.bytes));
    expect(job.csv.split('\n')).toHaveLength(5002);
    expect(seen).toHaveLength(5000);
    expect(seen[4999]).toEqual({ Key__c: 'k4999', sf__Id: 'a00000000000004999' });
    expect(client.callCountsByKind()).toEqual({ bulk: 5 });
  });

  it('reads a result set again after the connection drops mid-answer, handing on each row once', async () => {
    let drops = 0;
    const double = bulkDouble({
      results: (_req, res, job) => {
        if (drops++) return false;
        const text = resultsOf(job);
        res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': String(Buffer.byteLength(text)) });
        // More than one chunk of rows (2,000) gets through before the connection is cut.
        res.write(text.slice(0, Math.floor(text.length * 0.7)), () => res.socket?.destroy());
        return true;
      },
    });
    const { client, dir } = await setup(double);
    const { done, seen } = ingest(client, csvFile(dir, 5000), 5000);
    await done;
    expect(drops).toBe(2);
    expect(seen.map((r) => r.Key__c)).toEqual(Array.from({ length: 5000 }, (_, i) => `k${i}`));
    expect(client.callCountsByKind()).toEqual({ bulk: 6 });
  });

  it('renews an expired session and sends the data to a new job, the first one aborted', async () => {
    const double = bulkDouble();
    const { conn, client, dir } = await setup(double, 'expired');
    let refreshed = 0;
    Object.assign(conn, {
      refreshAuth: async () => {
        refreshed++;
        (conn as { accessToken?: string }).accessToken = 'token-2';
      },
    });
    const { done, seen } = ingest(client, csvFile(dir, 10), 10);
    expect(await done).toEqual({ successfulRead: true, resent: true });
    expect(refreshed).toBe(1);
    const [first, second] = [...double.jobs.values()];
    expect([first!.state, first!.csv]).toEqual(['Aborted', '']);
    expect([second!.state, second!.token]).toEqual(['UploadComplete', 'token-2']);
    expect(seen).toHaveLength(10);
  });

  it('renews a session the org refuses before it has read the upload, and sends the data to a new job', async () => {
    let refused = 0;
    const double = bulkDouble({
      early: (req, res) => {
        if (req.method !== 'PUT' || refused++) return false;
        res.writeHead(401, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end(JSON.stringify([{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired' }]));
        return true;
      },
    });
    const { conn, client, dir } = await setup(double);
    let refreshed = 0;
    Object.assign(conn, { refreshAuth: async () => void refreshed++ });
    // Large enough to be still on its way when the answer comes.
    const { done, seen } = ingest(client, csvFile(dir, 40_000), 40_000);
    expect(await done).toEqual({ successfulRead: true, resent: true });
    expect([refused, refreshed, seen.length]).toEqual([2, 1, 40_000]);
    expect([...double.jobs.values()].map((j) => j.state)).toEqual(['Aborted', 'UploadComplete']);
  });

  it("raises the result handler's own failure as it is, without reading the results again", async () => {
    const double = bulkDouble();
    const { client, dir } = await setup(double);
    const failure = new Error('state store is read-only');
    const done = client.bulkIngestCsv(
      { object: 'A__c', operation: 'upsert', csv: csvFile(dir, 10), rowCount: 10 },
      async () => {
        throw failure;
      },
    );
    await expect(done).rejects.toBe(failure);
    expect(double.calls.filter((c) => c === 'GET successfulResults')).toHaveLength(1);
  });

  it("reports an error answer with Salesforce's error code, and does not retry what will fail again", async () => {
    const double = bulkDouble({
      upload: (_req, res) => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify([{ errorCode: 'INVALIDJOBSTATE', message: 'Job is not Open' }]));
        return true;
      },
    });
    const { client, dir } = await setup(double);
    const error = await ingest(client, csvFile(dir, 10), 10).done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceCallError);
    expect(error).toMatchObject({ errorCode: 'INVALIDJOBSTATE', message: expect.stringContaining('Job is not Open') });
    expect(double.calls).toEqual(['POST jobs', 'PUT batches', 'PATCH job']);
  });
});
