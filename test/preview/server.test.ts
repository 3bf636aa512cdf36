import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../scripts/preview/server.ts';
import { upstreamOf } from '../../scripts/preview/upstream.ts';

const TOKEN = '00Dsecret!token';
let org: Server;
let orgUrl: string;
let preview: PreviewServer;
let dir: string;
const seen: { method: string; url: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  org = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { ok: true }, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => org.listen(0, '127.0.0.1', resolve));
  orgUrl = `http://127.0.0.1:${(org.address() as { port: number }).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'nome-preview-'));
  mkdirSync(path.join(dir, 'bundle'));
  mkdirSync(path.join(dir, 'assets', 'styles'), { recursive: true });
  writeFileSync(path.join(dir, 'bundle', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'assets', 'styles', 'x.css'), 'body{}');
  writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  const upstream = upstreamOf({
    instanceUrl: orgUrl,
    version: '62.0',
    accessToken: TOKEN,
    request: async () => undefined,
  });
  preview = await startPreviewServer({
    bundleDir: path.join(dir, 'bundle'),
    assetsDir: path.join(dir, 'assets'),
    upstream,
    title: 'Metronome',
  });
});

afterAll(async () => {
  await preview.stop();
  await new Promise((resolve) => org.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the preview server', () => {
  it('forwards GraphQL with the org token, which the browser never sees', async () => {
    const response = await fetch(`${preview.url}/preview/api/graphql`, {
      method: 'POST',
      body: JSON.stringify({ query: '{ uiapi { query { A { edges { node { Id } } } } } }' }),
    });
    expect(await response.json()).toEqual({ data: { ok: true }, errors: [] });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/services/data/v62.0/graphql',
      authorization: `Bearer ${TOKEN}`,
    });
    const page = await (await fetch(`${preview.url}/lightning/n/NOME__Billing_Overview`)).text();
    expect(page).toContain('<script src="/app.js">');
    expect(page).not.toContain(TOKEN);
  });

  it('forwards UI API reads with their query string', async () => {
    await fetch(`${preview.url}/preview/api/ui-api/records/001000000000001AAA?fields=Account.Name`);
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/services/data/v62.0/ui-api/records/001000000000001AAA?fields=Account.Name',
    });
  });

  it('forwards nothing else: other API paths, other methods, malformed GraphQL', async () => {
    const before = seen.length;
    const sobjects = await fetch(`${preview.url}/preview/api/sobjects/Account`);
    expect(sobjects.status).toBe(404);
    expect((await sobjects.json())[0].message).toMatch(/forwards GET \/preview\/api\/ui-api/);
    expect((await fetch(`${preview.url}/preview/api/ui-api/records/x`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${preview.url}/preview/api/graphql`)).status).toBe(405);
    const notJson = await fetch(`${preview.url}/preview/api/graphql`, { method: 'POST', body: '{' });
    expect([notJson.status, (await notJson.json())[0].message]).toEqual([400, 'The GraphQL request body is not JSON.']);
    expect((await fetch(`${preview.url}/preview/api/graphql`, { method: 'POST', body: '{"query":1}' })).status).toBe(
      400,
    );
    expect(seen.length).toBe(before);
  });

  it('refuses a body over 1 MB and keeps serving', async () => {
    const huge = JSON.stringify({ query: 'x'.repeat(1_100_000) });
    const response = await fetch(`${preview.url}/preview/api/graphql`, { method: 'POST', body: huge }).catch(
      () => undefined,
    );
    if (response) expect(response.status).toBe(413);
    expect((await fetch(`${preview.url}/app.js`)).status).toBe(200);
  });

  it('serves assets from their folder only', async () => {
    expect(await (await fetch(`${preview.url}/assets/styles/x.css`)).text()).toBe('body{}');
    expect((await fetch(`${preview.url}/assets/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${preview.url}/assets/%2E%2E/secret.txt`)).status).toBe(404);
  });

  it('answers 502 with a message when the org cannot be reached', async () => {
    const upstream = upstreamOf({
      instanceUrl: 'http://127.0.0.1:9',
      version: '62.0',
      accessToken: TOKEN,
      request: async () => undefined,
    });
    const down = await startPreviewServer({ bundleDir: dir, assetsDir: dir, upstream, title: 'x' });
    try {
      const response = await fetch(`${down.url}/preview/api/ui-api/records/x`);
      expect(response.status).toBe(502);
      expect(JSON.stringify(await response.json())).not.toContain(TOKEN);
    } finally {
      await down.stop();
    }
  });
});
