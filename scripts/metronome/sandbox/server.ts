/**
 * The local Metronome: a node:http server answering the v1 endpoints the source reads, in Metronome's shapes
 * (`{data, next_page}` cursor pages, `{data}` singles), behind bearer-token auth, with fault injection and an
 * admin API for mutations. Loopback only.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SandboxDataset,
  MutationError,
  type KnownRecords,
  type Mutation,
  type MutationResult,
  type ServeOrder,
} from './dataset.ts';
import { faultAdmin } from '../../fault-injection/index.ts';
import { FaultInjector } from './faults.ts';

export interface SandboxOptions {
  port?: number;
  customers?: number;
  seed?: number;
  bearerToken?: string;
  /** Serve the same data in another order (for order-independence tests). */
  order?: ServeOrder;
  /** Largest page the server hands out, whatever `limit` asks (default 100). */
  maxPageSize?: number;
  /** Salesforce Account IDs the customers link to, instead of invented ones (see `useAccountIds`). */
  accountIds?: readonly string[];
}

export interface MetronomeSandbox {
  baseURL: string;
  bearerToken: string;
  dataset: SandboxDataset;
  known: KnownRecords;
  mutate(m: Mutation): MutationResult;
  /** How many account IDs the customers link to in all: create that many accounts for `useAccountIds`. */
  accountSlots(): number;
  /**
   * Links the customers to these real Account IDs (15 or 18 characters; reused round-robin when fewer than
   * `accountSlots()`), e.g. accounts created in an org after the sandbox started. Call it before syncing.
   */
  useAccountIds(ids: readonly string[]): void;
  faults: FaultInjector;
  /** API calls answered (faulted ones included), by endpoint such as `GET /v1/customers/{customer_id}/plans`. */
  calls(): Record<string, number>;
  /** The most API calls that were being answered at the same moment since the last reset. */
  maxConcurrentCalls(): number;
  resetCalls(): void;
  stop(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const DEFAULT_PAGE = 25;

interface Cursor {
  position: number;
  offset: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(`${c.position}.${c.offset}`).toString('base64url');

function decodeCursor(text: string | null | undefined): Cursor {
  if (!text) return { position: 0, offset: 0 };
  const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw new HttpError(400, `invalid next_page cursor: ${text}`);
  return { position: Number(match[1]), offset: Number(match[2]) };
}

function pageLimit(raw: unknown, max: number): number {
  if (raw === undefined || raw === null || raw === '') return Math.min(DEFAULT_PAGE, max);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(400, `limit must be a positive integer, got ${String(raw)}`);
  return Math.min(n, max);
}

/** One page over a list held in memory (per-customer lists are small). */
function pageOf<T>(items: T[], cursorText: string | null | undefined, limit: number) {
  const { offset } = decodeCursor(cursorText);
  const data = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor({ position: 0, offset: offset + limit }) : null;
  return { data, next_page: next };
}

/**
 * One page over items that come from a lazy scan of positions (each position yielding a few items), without
 * materializing the list: the cursor is (position, offset within it). Looks ahead for a next item so the last
 * page carries next_page null.
 */
function scanPage<T>(
  positions: number,
  itemsAt: (position: number) => T[],
  cursorText: string | null | undefined,
  limit: number,
) {
  const cursor = decodeCursor(cursorText);
  const data: T[] = [];
  for (let position = cursor.position; position < positions; position++) {
    const items = itemsAt(position);
    for (let offset = position === cursor.position ? cursor.offset : 0; offset < items.length; offset++) {
      if (data.length === limit) return { data, next_page: encodeCursor({ position, offset }) };
      data.push(items[offset]);
    }
  }
  return { data, next_page: null };
}

const list = (raw: unknown): string[] | undefined => {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const values = Array.isArray(raw) ? raw : String(raw).split(',');
  return values.map((v) => String(v).trim()).filter((v) => v.length > 0);
};

const bool = (raw: unknown) => raw === true || raw === 'true';

interface Route {
  method: string;
  pattern: RegExp;
  endpoint: string;
  handle(
    data: SandboxDataset,
    params: string[],
    query: URLSearchParams,
    body: Record<string, unknown>,
    maxPage: number,
  ): unknown;
}

function customerIndex(data: SandboxDataset, id: string): number {
  const index = data.customerIndexOf(id);
  if (index === undefined) throw new HttpError(404, `Customer not found: ${id}`);
  return index;
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/customers$/,
    endpoint: 'GET /v1/customers',
    handle(data, _p, q, _b, maxPage) {
      const onlyArchived = bool(q.get('only_archived'));
      const ids = list(q.get('customer_ids'));
      const sfIds = list(q.get('salesforce_account_ids'));
      const alias = q.get('ingest_alias') ?? undefined;
      const wantedIndexes = ids
        ? new Set(ids.map((id) => data.customerIndexOf(id)).filter((i) => i !== undefined))
        : undefined;
      return scanPage(
        data.size,
        (position) => {
          const index = data.indexAt(position);
          if (wantedIndexes && !wantedIndexes.has(index)) return [];
          if (data.isArchived(index) !== onlyArchived) return [];
          const customer = data.customer(index);
          if (alias !== undefined && !customer.ingest_aliases.includes(alias)) return [];
          if (sfIds && !sfIds.includes(customer.customer_config.salesforce_account_id ?? '')) return [];
          return [customer];
        },
        q.get('next_page'),
        pageLimit(q.get('limit'), maxPage),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)$/,
    endpoint: 'GET /v1/customers/{customer_id}',
    handle: (data, [id]) => ({ data: data.customer(customerIndex(data, id)) }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)\/plans$/,
    endpoint: 'GET /v1/customers/{customer_id}/plans',
    handle: (data, [id], q, _b, maxPage) =>
      pageOf(data.customerPlans(customerIndex(data, id)), q.get('next_page'), pageLimit(q.get('limit'), maxPage)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)\/invoices$/,
    endpoint: 'GET /v1/customers/{customer_id}/invoices',
    handle(data, [id], q, _b, maxPage) {
      let invoices = data.invoices(customerIndex(data, id));
      const status = q.get('status');
      if (status) invoices = invoices.filter((i) => i.status === status);
      const sort = q.get('sort');
      if (sort === 'date_asc' || sort === 'date_desc') {
        const sign = sort === 'date_asc' ? 1 : -1;
        invoices = [...invoices].sort(
          (a, b) =>
            sign *
            ((a.start_timestamp ?? '') < (b.start_timestamp ?? '')
              ? -1
              : (a.start_timestamp ?? '') > (b.start_timestamp ?? '')
                ? 1
                : 0),
        );
      }
      return pageOf(invoices, q.get('next_page'), pageLimit(q.get('limit'), maxPage));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/plans$/,
    endpoint: 'GET /v1/plans',
    handle: (data, _p, q, _b, maxPage) => pageOf(data.plans(), q.get('next_page'), pageLimit(q.get('limit'), maxPage)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/planDetails\/([^/]+)$/,
    endpoint: 'GET /v1/planDetails/{plan_id}',
    handle(data, [planId]) {
      const detail = data.planDetail(planId);
      if (!detail) throw new HttpError(404, `Plan not found: ${planId}`);
      return { data: detail };
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/credits\/listGrants$/,
    endpoint: 'POST /v1/credits/listGrants',
    handle(data, _p, q, body, maxPage) {
      const customerIds = list(body.customer_ids);
      const grantIds = list(body.credit_grant_ids);
      const creditTypes = list(body.credit_type_ids);
      const effectiveBefore = typeof body.effective_before === 'string' ? Date.parse(body.effective_before) : undefined;
      const notExpiringBefore =
        typeof body.not_expiring_before === 'string' ? Date.parse(body.not_expiring_before) : undefined;
      const indexes = customerIds?.map((id) => data.customerIndexOf(id)).filter((i): i is number => i !== undefined);
      const positions = indexes ? indexes.length : data.size;
      const indexAt = (position: number) => (indexes ? indexes[position] : data.indexAt(position));
      return scanPage(
        positions,
        (position) =>
          data
            .creditGrants(indexAt(position))
            .filter((g) => !grantIds || grantIds.includes(g.id))
            .filter((g) => !creditTypes || creditTypes.includes(g.grant_amount.credit_type.id))
            .filter((g) => effectiveBefore === undefined || Date.parse(g.effective_at) < effectiveBefore)
            .filter((g) => notExpiringBefore === undefined || Date.parse(g.expires_at) >= notExpiringBefore),
        q.get('next_page'),
        pageLimit(q.get('limit'), maxPage),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/billable-metrics$/,
    endpoint: 'GET /v1/billable-metrics',
    handle: (data, _p, q, _b, maxPage) =>
      pageOf(
        data.billableMetrics(bool(q.get('include_archived'))),
        q.get('next_page'),
        pageLimit(q.get('limit'), maxPage),
      ),
  },
];

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new HttpError(400, 'request body must be a JSON object');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMetronomeSandbox(options: SandboxOptions = {}): Promise<MetronomeSandbox> {
  const seed = options.seed ?? 1;
  const dataset = new SandboxDataset({
    customers: options.customers ?? 50,
    seed,
    order: options.order,
    accountIds: options.accountIds,
  });
  const bearerToken = options.bearerToken ?? `sandbox_${randomBytes(16).toString('hex')}`;
  const faults = new FaultInjector(seed);
  const maxPage = options.maxPageSize ?? 100;
  let counts: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${bearerToken}`) {
      send(res, 401, { message: 'Unauthorized' });
      return;
    }
    if (url.pathname.startsWith('/__admin/')) {
      await handleAdmin(req, res, url);
      return;
    }
    const method = req.method ?? 'GET';
    const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route) {
      send(res, 404, { message: `No route for ${method} ${url.pathname}` });
      return;
    }
    counts[route.endpoint] = (counts[route.endpoint] ?? 0) + 1;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await answer(req, res, url, route, method);
    } finally {
      inFlight--;
    }
  }

  async function answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    route: Route,
    method: string,
  ): Promise<void> {
    // A slow rule and a failing one can both apply: the answer is delayed, then fails.
    const info = { kind: route.endpoint, write: method !== 'GET', method, path: url.pathname };
    const slow = faults.pick(info, (f) => f === 'slow');
    if (slow) await sleep(slow.delayMs ?? 2000);
    if (res.destroyed) return;
    const failure = faults.pick(info, (f) => f !== 'slow');
    if (failure?.fault === 'rate_limit') {
      send(res, 429, { message: 'Too many requests' }, { 'retry-after': String(failure.retryAfterSeconds ?? 1) });
      return;
    }
    if (failure?.fault === 'server_error') {
      send(res, failure.status ?? 500, { message: 'Internal server error (injected)' });
      return;
    }
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
    const body = method === 'POST' ? await readBody(req) : {};
    send(res, 200, route.handle(dataset, params, url.searchParams, body, maxPage));
  }

  const accountsInfo = () => ({ accountSlots: dataset.accountSlots, accountIdCount: dataset.givenAccountIdCount });

  async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const key = `${req.method} ${url.pathname}`;
    const segments = url.pathname.split('/').filter(Boolean).slice(1);
    const faultReply =
      segments[0] === 'faults'
        ? faultAdmin(faults, req.method ?? 'GET', segments.slice(1), req.method === 'POST' ? await readBody(req) : {})
        : undefined;
    if (faultReply) {
      send(res, faultReply.status, faultReply.body ?? {});
    } else if (key === 'POST /__admin/mutations') {
      send(res, 200, dataset.mutate((await readBody(req)) as unknown as Mutation));
    } else if (key === 'GET /__admin/calls') {
      send(res, 200, { calls: counts });
    } else if (key === 'DELETE /__admin/calls') {
      counts = {};
      send(res, 200, { calls: counts });
    } else if (key === 'PUT /__admin/account-ids') {
      const { accountIds } = await readBody(req);
      try {
        dataset.useAccountIds(accountIds as string[]);
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
      send(res, 200, accountsInfo());
    } else if (key === 'GET /__admin/dataset') {
      send(res, 200, {
        customers: dataset.size,
        seed: dataset.seed,
        order: dataset.order,
        mutations: dataset.mutations,
        ...accountsInfo(),
        known: dataset.known(),
      });
    } else {
      send(res, 404, { message: `No admin route ${key}` });
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof MutationError ? 400 : 500;
      if (!res.headersSent) send(res, status, { message: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    bearerToken,
    dataset,
    known: dataset.known(),
    mutate: (m) => dataset.mutate(m),
    accountSlots: () => dataset.accountSlots,
    useAccountIds: (ids) => dataset.useAccountIds(ids),
    faults,
    calls: () => ({ ...counts }),
    maxConcurrentCalls: () => maxInFlight,
    resetCalls: () => {
      counts = {};
      maxInFlight = inFlight;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
