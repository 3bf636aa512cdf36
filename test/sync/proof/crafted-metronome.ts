/**
 * A tiny Metronome API double serving exactly the data a test hands it (malformed or hostile included), with the
 * endpoints, cursor pages and bearer auth the real @metronome/sdk speaks, so the sync reads it through the SDK as
 * it reads Metronome. The sandbox generates its own data; this one serves what a test or a generator crafts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One customer and what hangs off it, as Metronome's JSON (deliberately untyped: it may be malformed). */
export interface CraftedCustomer {
  customer: Record<string, unknown> | null;
  plans?: unknown[];
  invoices?: unknown[];
  creditGrants?: unknown[];
}

export interface CraftedData {
  customers: CraftedCustomer[];
  plans?: unknown[];
  planDetails?: Record<string, unknown>;
  billableMetrics?: unknown[];
}

export interface CraftedMetronome {
  baseURL: string;
  bearerToken: string;
  /** Replaces what is served from the next request on. */
  serve(data: CraftedData): void;
  stop(): Promise<void>;
}

const TOKEN = 'crafted-metronome-token';

/** A cursor page: `next_page` is the next offset as text, null on the last page. */
function page(items: unknown[], query: URLSearchParams): { data: unknown[]; next_page: string | null } {
  const limit = Math.max(1, Math.min(100, Number(query.get('limit') ?? 100) || 100));
  const offset = Number(query.get('next_page') ?? 0) || 0;
  const data = items.slice(offset, offset + limit);
  return { data, next_page: offset + limit < items.length ? String(offset + limit) : null };
}

export async function startCraftedMetronome(initial: CraftedData = { customers: [] }): Promise<CraftedMetronome> {
  let data = initial;
  const byId = (id: string) => data.customers.find((c) => c.customer && c.customer.id === id);
  const routes: [string, RegExp, (m: string[], q: URLSearchParams, body: Record<string, unknown>) => unknown][] = [
    [
      'GET',
      /^\/v1\/customers$/,
      (_m, q) =>
        page(
          data.customers.map((c) => c.customer).filter((c) => !c?.archived_at),
          q,
        ),
    ],
    ['GET', /^\/v1\/customers\/([^/]+)\/plans$/, ([, id], q) => page(byId(id!)?.plans ?? [], q)],
    ['GET', /^\/v1\/customers\/([^/]+)\/invoices$/, ([, id], q) => page(byId(id!)?.invoices ?? [], q)],
    [
      'POST',
      /^\/v1\/credits\/listGrants$/,
      (_m, q, body) =>
        page(
          (Array.isArray(body.customer_ids) ? body.customer_ids : []).flatMap(
            (id) => byId(String(id))?.creditGrants ?? [],
          ),
          q,
        ),
    ],
    ['GET', /^\/v1\/plans$/, (_m, q) => page(data.plans ?? [], q)],
    ['GET', /^\/v1\/planDetails\/([^/]+)$/, ([, id]) => ({ data: data.planDetails?.[id!] ?? { id, name: null } })],
    ['GET', /^\/v1\/billable-metrics$/, (_m, q) => page(data.billableMetrics ?? [], q)],
  ];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { message: 'Unauthorized' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
    if (!route) return reply(404, { message: `No route for ${req.method} ${url.pathname}` });
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { message: 'invalid JSON body' });
    }
    const match = route[1].exec(url.pathname)!.map((p, i) => (i ? decodeURIComponent(p) : p));
    reply(200, route[2](match, url.searchParams, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    bearerToken: TOKEN,
    serve: (next) => {
      data = next;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
