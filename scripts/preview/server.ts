/**
 * The preview's HTTP server, on 127.0.0.1: the app page, the compiled bundle, SLDS's assets, and a narrow proxy to
 * the org's UI API (GraphQL POSTs and ui-api GETs) that adds the org's token, so the browser never holds it.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Upstream } from './upstream.ts';

export interface PreviewServerOptions {
  bundleDir: string;
  /** SLDS's assets folder (styles, icons, images). */
  assetsDir: string;
  upstream: Upstream;
  title: string;
  port?: number;
}

export interface PreviewServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const UI_API_PATH = /^\/preview\/api\/ui-api\/[A-Za-z0-9_\-./]+$/;
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 502;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent)
        sendJson(res, status, [{ errorCode: status === 502 ? 'UPSTREAM_ERROR' : 'BAD_REQUEST', message }]);
      else res.destroy();
    });
  });
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(options: PreviewServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://preview.invalid');
  const route = url.pathname;
  if (route === '/preview/api/graphql') {
    if (req.method !== 'POST') throw new HttpError(405, 'GraphQL takes POST requests.');
    const body = await readBody(req);
    checkGraphqlBody(body);
    return forward(res, await options.upstream.send('POST', '/graphql', body));
  }
  if (route.startsWith('/preview/api/')) {
    if (req.method !== 'GET' || !UI_API_PATH.test(route) || route.includes('..')) {
      throw new HttpError(
        404,
        `The preview forwards GET /preview/api/ui-api/… and POST /preview/api/graphql only, not ${req.method} ${route}.`,
      );
    }
    return forward(res, await options.upstream.send('GET', `${route.slice('/preview/api'.length)}${url.search}`));
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not served here.`);
  if (route === '/app.js') return sendFile(res, path.join(options.bundleDir, 'app.js'), 'no-cache');
  if (route.startsWith('/assets/'))
    return sendFile(res, safeJoin(options.assetsDir, route.slice('/assets/'.length)), 'max-age=3600');
  if (route === '/' || route.startsWith('/lightning/')) return sendPage(res, options.title);
  if (route === '/favicon.ico') return void res.writeHead(204).end();
  throw new HttpError(404, `Nothing at ${route}.`);
}

function checkGraphqlBody(body: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'The GraphQL request body is not JSON.');
  }
  const query = (parsed as { query?: unknown } | null)?.query;
  if (typeof query !== 'string' || !query.trim())
    throw new HttpError(400, 'The GraphQL request needs a "query" string.');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `The request body is over ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function forward(res: ServerResponse, answer: { status: number; contentType: string; body: string }): void {
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'cache-control': 'no-store' });
  res.end(answer.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A path under `root`, or a 404: `..` and absolute paths never leave it. */
function safeJoin(root: string, relative: string): string {
  const full = path.resolve(root, decodeURIComponent(relative));
  if (!full.startsWith(path.resolve(root) + path.sep)) throw new HttpError(404, 'Not found.');
  return full;
}

function sendFile(res: ServerResponse, file: string, cache: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) throw new HttpError(404, `No such file: ${path.basename(file)}`);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': cache,
  });
  createReadStream(file).pipe(res);
}

function sendPage(res: ServerResponse, title: string): void {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<style>body { background: #f3f3f3; min-height: 100vh; }</style>
</head>
<body>
<script src="/app.js"></script>
</body>
</html>
`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
