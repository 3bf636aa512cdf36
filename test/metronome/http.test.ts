import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import zlib from 'node:zlib';
import Metronome from '@metronome/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { CallCounter, createCountingClient, httpChoice } from '../../scripts/metronome/client.ts';
import { createUndiciFetch, type UndiciFetch } from '../../scripts/metronome/http.ts';

const TOKEN = 'secret_token_never_logged_42';

interface Served {
  url: string;
  hits: http.IncomingMessage[];
  bodies: string[];
  /** Resolves when the server has seen a request's connection close. */
  closedConnections: () => number;
  stop(): Promise<void>;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A real HTTP server answering with `handler`; each request's body is read before the handler runs. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void) {
  const hits: http.IncomingMessage[] = [];
  const bodies: string[] = [];
  let closed = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    hits.push(req);
    bodies.push(Buffer.concat(chunks).toString('utf8'));
    handler(req, res, hits.length);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => socket.on('close', () => closed++));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  stops.push(stop);
  const served: Served = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    bodies,
    closedConnections: () => closed,
    stop,
  };
  return served;
}

function adapter(): UndiciFetch {
  const made = createUndiciFetch();
  stops.push(() => made.close());
  return made;
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function sdkOver(server: Served, fetchImpl: typeof fetch, options: { maxRetries?: number; timeout?: number } = {}) {
  return new Metronome({ bearerToken: TOKEN, baseURL: server.url, fetch: fetchImpl, ...options });
}

describe('the undici fetch adapter', () => {
  it('answers status, every header and the JSON body as the global fetch does', async () => {
    const server = await serve((_req, res) =>
      json(
        res,
        201,
        { data: [{ id: 'c1', name: 'Ünïcødé ⚡' }] },
        {
          'retry-after': '3',
          'x-should-retry': 'false',
          'set-cookie': ['a=1', 'b=2'],
        },
      ),
    );
    const url = `${server.url}/v1/customers?limit=2`;
    const ours = await adapter().fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    const theirs = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    const withoutDate = (r: Response) => [...r.headers].filter(([name]) => name !== 'date');
    expect(ours).toBeInstanceOf(Response);
    expect([ours.status, ours.statusText, ours.ok, ours.url]).toEqual([201, 'Created', true, url]);
    expect(withoutDate(ours)).toEqual(withoutDate(theirs));
    expect(ours.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await ours.json()).toEqual(await theirs.json());
    expect(server.hits.map((h) => h.url)).toEqual(['/v1/customers?limit=2', '/v1/customers?limit=2']);
  });

  it('sends the method, the bearer token and a POST body the SDK builds', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: [], next_page: null }));
    const client = sdkOver(server, adapter().fetch);
    const grants = [];
    for await (const grant of client.v1.creditGrants.list({ customer_ids: ['c1', 'c2'], limit: 5 })) grants.push(grant);
    expect(grants).toEqual([]);
    const [hit] = server.hits;
    expect(hit.method).toBe('POST');
    expect(hit.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(hit.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.bodies[0])).toMatchObject({ customer_ids: ['c1', 'c2'] });
  });

  it('rejects with an AbortError when the signal aborts (before or mid-answer), closing the connection', async () => {
    const server = await serve((req, res) => {
      if (req.url !== '/v1/partial') return; // never answers
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"data":');
    });
    const made = adapter();
    for (const [n, path] of [
      [1, '/v1/silent'],
      [2, '/v1/partial'],
    ] as const) {
      const controller = new AbortController();
      const pending = made.fetch(`${server.url}${path}`, { signal: controller.signal });
      await expect.poll(() => server.hits.length).toBe(n);
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      await expect.poll(() => server.closedConnections()).toBe(n);
    }
    const aborted = AbortSignal.abort();
    await expect(made.fetch(`${server.url}/v1/silent`, { signal: aborted })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.hits).toHaveLength(2);
  });

  it('never sends a request aborted while it waited for a connection', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/v1/quick') json(res, 200, { data: [] });
    });
    const made = createUndiciFetch({ connections: 1 });
    stops.push(() => made.close());
    const first = new AbortController();
    const busy = made.fetch(`${server.url}/v1/silent`, { signal: first.signal });
    await expect.poll(() => server.hits.length).toBe(1);
    const second = new AbortController();
    const queued = made.fetch(`${server.url}/v1/queued`, { signal: second.signal });
    second.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    first.abort();
    await expect(busy).rejects.toMatchObject({ name: 'AbortError' });
    expect(await (await made.fetch(`${server.url}/v1/quick`)).json()).toEqual({ data: [] });
    expect(server.hits.map((h) => h.url)).toEqual(['/v1/silent', '/v1/quick']);
  });

  it("lets the SDK's timeout abort and retry a request that never answers", async () => {
    const server = await serve(() => undefined);
    const client = sdkOver(server, adapter().fetch, { maxRetries: 1, timeout: 150 });
    await expect(client.v1.billableMetrics.retrieve({ billable_metric_id: 'm1' })).rejects.toBeInstanceOf(
      Metronome.APIConnectionTimeoutError,
    );
    expect(server.hits).toHaveLength(2);
  });

  it('rejects a refused connection as fetch does, and the SDK retries it without the token in the error', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.stop();
    const made = adapter();
    const refused = await made.fetch(`${url}/v1/customers`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });

    let calls = 0;
    const counted: typeof fetch = (input, init) => (calls++, made.fetch(input, init));
    const client = new Metronome({ bearerToken: TOKEN, baseURL: url, fetch: counted, maxRetries: 1 });
    const error = await client.v1.customers.retrieve({ customer_id: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Metronome.APIConnectionError);
    expect(calls).toBe(2);
    expect(`${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  });

  it("keeps the SDK's retries of 5xx and 429 (honouring Retry-After) through the adapter", async () => {
    const server = await serve((_req, res, hit) => {
      if (hit === 1) json(res, 500, { message: 'boom' }, { 'retry-after-ms': '5' });
      else if (hit === 2) json(res, 429, { message: 'slow down' }, { 'retry-after': '0.01' });
      else json(res, 200, { data: { id: 'c1', name: 'Acme' } });
    });
    const client = sdkOver(server, adapter().fetch, { maxRetries: 2 });
    const { data } = await client.v1.customers.retrieve({ customer_id: 'c1' });
    expect(data).toEqual({ id: 'c1', name: 'Acme' });
    expect(server.hits.map((h) => h.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('obeys x-should-retry: false and builds the SDK error from the JSON body', async () => {
    const server = await serve((_req, res) =>
      json(res, 503, { message: 'maintenance' }, { 'x-should-retry': 'false' }),
    );
    const client = sdkOver(server, adapter().fetch, { maxRetries: 2 });
    const error = await client.v1.customers.retrieve({ customer_id: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Metronome.InternalServerError);
    expect(error).toMatchObject({ status: 503, error: { message: 'maintenance' } });
    expect(server.hits).toHaveLength(1);
  });

  it('answers a 204 with no body', async () => {
    const server = await serve((_req, res) => res.writeHead(204).end());
    const response = await adapter().fetch(`${server.url}/v1/nothing`, { method: 'DELETE' });
    expect([response.status, response.body, await response.text()]).toEqual([204, null, '']);
  });

  it('asks for compression and decompresses gzip, br and deflate (zlib and raw), headers as sent', async () => {
    const payload = JSON.stringify({ data: Array.from({ length: 50 }, (_, i) => ({ id: `c${i}` })) });
    const encoders: Record<string, (b: string) => Buffer> = {
      gzip: (b) => zlib.gzipSync(b),
      br: (b) => zlib.brotliCompressSync(b),
      deflate: (b) => zlib.deflateSync(b),
      'raw-deflate': (b) => zlib.deflateRawSync(b),
      'gzip, br': (b) => zlib.brotliCompressSync(zlib.gzipSync(b)),
      // Codings it cannot undo (LZW; a name every JS object answers to) leave the body as sent, as fetch does.
      compress: (b) => Buffer.from(b),
      ['__proto__']: (b: string) => Buffer.from(b),
    };
    const server = await serve((req, res) => {
      const coding = decodeURIComponent(String(req.url).slice(1));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding.replace('raw-', '') });
      res.end(encoders[coding](payload));
    });
    const made = adapter();
    for (const coding of Object.keys(encoders)) {
      const response = await made.fetch(`${server.url}/${encodeURIComponent(coding)}`);
      expect(await response.text(), coding).toBe(payload);
      expect(response.headers.get('content-encoding')).toBe(coding.replace('raw-', ''));
    }
    expect(new Set(server.hits.map((h) => h.headers['accept-encoding']))).toEqual(new Set(['gzip, deflate']));
  });

  it('rejects when the body breaks off, so the SDK retries it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.destroy(), 10);
    });
    const made = adapter();
    await expect(made.fetch(`${server.url}/v1/customers`)).rejects.toMatchObject({ name: 'TypeError' });
    const client = sdkOver(server, made.fetch, { maxRetries: 1 });
    await expect(client.v1.customers.retrieve({ customer_id: 'c1' })).rejects.toBeInstanceOf(
      Metronome.APIConnectionError,
    );
    expect(server.hits).toHaveLength(3);
  });

  it('has fetch follow a redirect (the request sent again), without the token across origins', async () => {
    const other = await serve((_req, res) => json(res, 200, { data: { id: 'elsewhere' } }));
    const server = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else if (req.url === '/away') res.writeHead(302, { location: `${other.url}/there` }).end();
      else json(res, 200, { data: { id: 'here' } });
    });
    const made = adapter();
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    expect(await (await made.fetch(`${server.url}/old`, auth)).json()).toEqual({ data: { id: 'here' } });
    expect(await (await made.fetch(`${server.url}/away`, auth)).json()).toEqual({ data: { id: 'elsewhere' } });
    // Node's fetch marks its requests with sec-fetch-mode: the redirect was followed by fetch.
    expect(server.hits.map((h) => [h.url, h.headers.authorization, h.headers['sec-fetch-mode']])).toEqual([
      ['/old', `Bearer ${TOKEN}`, undefined],
      ['/old', `Bearer ${TOKEN}`, 'cors'],
      ['/new', `Bearer ${TOKEN}`, 'cors'],
      ['/away', `Bearer ${TOKEN}`, undefined],
      ['/away', `Bearer ${TOKEN}`, 'cors'],
    ]);
    expect(other.hits.map((h) => [h.url, h.headers.authorization])).toEqual([['/there', undefined]]);
  });

  it('reuses keep-alive connections and closes them on close()', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: [] }));
    const made = createUndiciFetch();
    for (let i = 0; i < 6; i++) await (await made.fetch(`${server.url}/v1/x`)).json();
    // undici (fetch's too) may open a second connection while the first finishes its answer; never one per request.
    const connections = new Set(server.hits.map((h) => h.socket.remotePort)).size;
    expect(connections).toBeLessThanOrEqual(2);
    expect(server.closedConnections()).toBe(0);
    await made.close();
    await expect.poll(() => server.closedConnections()).toBe(connections);
    await expect(made.fetch(`${server.url}/v1/x`)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('the client the source builds', () => {
  it('goes through undici by default and through the global fetch with http: fetch', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: { id: 'c1' } }));
    for (const http of ['undici', 'fetch'] as const) {
      const counter = new CallCounter();
      const { client, close } = createCountingClient({ bearerToken: TOKEN, baseURL: server.url, http }, counter);
      await client.v1.customers.retrieve({ customer_id: 'c1' });
      await close();
      expect(counter.byEndpoint()).toEqual({ 'GET /v1/customers/{customer_id}': 1 });
    }
    // Node's fetch adds sec-fetch-mode to every request; the adapter does not.
    expect(server.hits.map((h) => h.headers['sec-fetch-mode'])).toEqual([undefined, 'cors']);
  });

  it('takes NOME_METRONOME_HTTP when no setting is given, and names a wrong value', () => {
    expect(httpChoice(undefined, {})).toBe('undici');
    expect(httpChoice(undefined, { NOME_METRONOME_HTTP: 'fetch' })).toBe('fetch');
    expect(httpChoice('undici', { NOME_METRONOME_HTTP: 'fetch' })).toBe('undici');
    expect(() => httpChoice(undefined, { NOME_METRONOME_HTTP: 'curl' })).toThrow(/NOME_METRONOME_HTTP.*"curl"/);
  });

  it('lets a process that read through the source exit promptly', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: [], next_page: null }));
    const sourceModule = new URL('../../scripts/metronome/index.ts', import.meta.url).href;
    const settings = { baseURL: server.url, bearerToken: 'x', http: 'undici' };
    const script = `
      import { createMetronomeSource } from ${JSON.stringify(sourceModule)};
      const source = createMetronomeSource(${JSON.stringify(settings)});
      for await (const _ of source.billableMetrics());
      if (process.argv[1] === 'close') await source.close();
      process.stdout.write('done');
    `;
    for (const mode of ['close', 'leave-open']) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await once(child.stdout, 'data');
      const done = Date.now();
      const [code] = await once(child, 'exit');
      expect([mode, code]).toEqual([mode, 0]);
      // The server keeps connections 60 s and undici 4 s: an exit this soon means no socket held the process.
      expect(Date.now() - done).toBeLessThan(2_000);
    }
    expect(server.hits).toHaveLength(2);
  });
});
