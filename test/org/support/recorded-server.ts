/**
 * A Salesforce double for tests that serves recorded responses: each route matches a method, a path pattern
 * (`*` = one path segment, so `/services/data/v*\/tooling/query` covers every API version), optionally the SOQL
 * text of `?q=`, the request body and the bearer token, and answers with a recorded status and JSON body.
 * Routes come from fixture files (test/<capability>/fixtures/*.json, documented in their "description") and
 * tests can put overrides in front with `use()`. Every request is logged so tests assert what the libraries sent.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedResponse {
  status: number;
  body?: unknown;
  /** A non-JSON body (the SOAP Metadata API answers in XML), sent as-is with its content-type header. */
  text?: string;
  headers?: Record<string, string>;
}

export interface Route {
  name: string;
  method: string;
  path: string;
  /** Substring or /regex/ the decoded SOQL (`q` parameter) must match. */
  soql?: string;
  /** Substring the raw request body must contain. */
  bodyContains?: string;
  /** Only for requests with this bearer token. */
  token?: string;
  /** Answer only the first n matching requests, then let later routes answer. */
  times?: number;
  response: RecordedResponse;
}

export interface FixtureFile {
  description: string;
  routes: Route[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  soql?: string;
  search: string;
  token?: string;
  contentType?: string;
  body: Buffer;
  route?: string;
}

export interface RecordedServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests nothing answered (each got a 404 NOT_FOUND). */
  unmatched(): RecordedRequest[];
  /** Puts routes in front of the loaded ones. */
  use(...routes: Route[]): void;
  /** Requests whose route name or path matches. */
  find(nameOrPath: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

export function loadFixture(file: string | URL): Route[] {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as FixtureFile;
  if (!Array.isArray(fixture.routes)) throw new Error(`${String(file)}: a fixture needs a "routes" array`);
  return fixture.routes;
}

function pathMatches(pattern: string, actual: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return regex.test(actual);
}

function textMatches(pattern: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (pattern.startsWith('/') && pattern.lastIndexOf('/') > 0) {
    const end = pattern.lastIndexOf('/');
    return new RegExp(pattern.slice(1, end), pattern.slice(end + 1)).test(actual);
  }
  return actual.includes(pattern);
}

/** `{{baseUrl}}` in a recorded body becomes this server's URL (instance_url, identity URLs, LoginUrl…). */
function render(body: unknown, baseUrl: string): string {
  return JSON.stringify(body ?? null).replaceAll('{{baseUrl}}', baseUrl);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRecordedServer(initialRoutes: Route[]): Promise<RecordedServer> {
  const routes = initialRoutes.map((r) => ({ ...r, used: 0 }));
  const requests: RecordedRequest[] = [];
  let baseUrl = '';

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const body = await readBody(req);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      soql: url.searchParams.get('q') ?? undefined,
      search: url.search,
      token,
      contentType: req.headers['content-type'],
      body,
    };
    requests.push(recorded);
    const route = routes.find(
      (r) =>
        r.method === recorded.method &&
        pathMatches(r.path, recorded.path) &&
        (r.soql === undefined || textMatches(r.soql, recorded.soql)) &&
        (r.bodyContains === undefined || body.toString('utf8').includes(r.bodyContains)) &&
        (r.token === undefined || r.token === token) &&
        (r.times === undefined || r.used < r.times),
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify([
          {
            errorCode: 'NOT_FOUND',
            message: `no recorded response for ${recorded.method} ${recorded.path}${url.search}`,
          },
        ]),
      );
      return;
    }
    route.used += 1;
    recorded.route = route.name;
    const { status, body: responseBody, text, headers = {} } = route.response;
    if (status === 204) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (text !== undefined) {
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', ...headers });
      res.end(text.replaceAll('{{baseUrl}}', baseUrl));
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
    res.end(render(responseBody, baseUrl));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    unmatched: () => requests.filter((r) => !r.route),
    use: (...extra) => routes.unshift(...extra.map((r) => ({ ...r, used: 0 }))),
    find: (nameOrPath) =>
      requests.filter((r) =>
        typeof nameOrPath === 'string'
          ? r.route === nameOrPath || r.path === nameOrPath
          : nameOrPath.test(`${r.method} ${r.path}`),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The parts of a multipart/form-data body (jsforce sends tooling creates with files and REST deploys this way). */
export function multipartParts(
  request: RecordedRequest,
): { name: string; filename?: string; contentType?: string; data: Buffer }[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(request.contentType ?? '')?.[2];
  if (!boundary) return [];
  const parts: { name: string; filename?: string; contentType?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = request.body.indexOf(delimiter);
  while (start !== -1) {
    const next = request.body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = request.body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    const headers = chunk.subarray(0, headerEnd).toString('utf8');
    parts.push({
      name: /name="([^"]+)"/.exec(headers)?.[1] ?? '',
      filename: /filename="([^"]+)"/.exec(headers)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
      data: chunk.subarray(headerEnd + 4),
    });
    start = next;
  }
  return parts;
}
