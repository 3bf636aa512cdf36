/**
 * A `fetch` for the Metronome SDK over undici's dispatcher API (an `Agent` and a handler, ./http-answer.ts), which
 * costs much less CPU per request than Node's WHATWG fetch (no Request object, no web streams while the answer
 * arrives). It still answers a real WHATWG `Response` (./buffered-response.ts: one whose `json()` and `text()` decode
 * the bytes already read, without a web stream), so the SDK reads status, headers and body as it does from fetch:
 * - the body is read in full before the Response is made, so the SDK's timeout covers the whole answer and a body
 *   that breaks off rejects here, as a connection error the SDK retries (fetch would fail later, in `json()`);
 * - aborting the signal rejects with the signal's reason (an `AbortError`) and cancels the request, as fetch does;
 * - a connection error rejects as fetch's does: `TypeError('fetch failed')` with the cause (ECONNREFUSED…);
 * - gzip and deflate answers are asked for, and gzip, deflate and br decompressed, headers left as sent (as fetch).
 * What it does not do itself goes to the global fetch, unchanged: a Request as input, a streamed or form body, a
 * `redirect` or `dispatcher` option, and a redirect answer (sent again through fetch, which follows it).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { BufferedResponse } from './buffered-response.ts';
import { abortReason, exchange, type Answer } from './http-answer.ts';

type Fetch = typeof fetch;
type Bytes = Uint8Array<ArrayBuffer>;

export interface UndiciFetch {
  fetch: Fetch;
  /** Closes the connections (waiting for requests in flight); later requests reject. */
  close(): Promise<void>;
}

export interface UndiciFetchOptions {
  /** Connections per origin; requests beyond them wait for one to be free (default: unlimited, as fetch). */
  connections?: number;
}

/** What Node 22's fetch asks for when the caller does not say (it decodes br too, as we do). */
const ACCEPT_ENCODING = 'gzip, deflate';
/** Statuses whose Response must have no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

export function createUndiciFetch(options: UndiciFetchOptions = {}): UndiciFetch {
  const agent = new Agent({
    // HTTP/1.1 as Node's fetch speaks it; undici 8 would otherwise offer h2 to TLS servers.
    allowH2: false,
    ...(options.connections ? { connections: options.connections } : {}),
  });
  const adapter = async (input: Parameters<Fetch>[0], init?: RequestInit): Promise<Response> => {
    const target = input instanceof Request ? undefined : splitUrl(String(input));
    if (!target || !handled(init)) return fetch(input, init);
    const response = await send(agent, target, init ?? {});
    return response ?? fetch(input, init);
  };
  return { fetch: adapter as Fetch, close: () => agent.close() };
}

interface Target {
  url: string;
  origin: string;
  path: string;
}

/** Origin and path by string operations (a URL object per request shows in the CPU profile); odd URLs: undefined. */
function splitUrl(url: string): Target | undefined {
  const origin = /^https?:\/\/[^/?#@]+/i.exec(url)?.[0];
  if (!origin) return undefined;
  const rest = url.slice(origin.length).split('#', 1)[0];
  return { url, origin, path: rest.startsWith('/') ? rest : `/${rest}` };
}

/** The requests the SDK sends for JSON calls; others (streams, forms, blobs, redirect modes, a dispatcher): fetch. */
function handled(init: RequestInit | undefined): boolean {
  if (!init) return true;
  const { body } = init;
  const plainBody = body == null || typeof body === 'string' || body instanceof Uint8Array;
  return plainBody && (init.redirect ?? 'follow') === 'follow' && !('dispatcher' in init);
}

/** The answer as a Response; undefined for a redirect, which fetch follows. */
async function send(
  agent: Dispatcher,
  { url, origin, path }: Target,
  init: RequestInit,
): Promise<Response | undefined> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortReason(signal);
  const method = (init.method ?? 'GET').toUpperCase();
  try {
    const answer = await exchange(
      agent,
      {
        origin,
        path,
        method,
        headers: requestHeaders(init.headers),
        body: (init.body ?? null) as string | Uint8Array | null,
      },
      signal,
    );
    if (REDIRECT_STATUSES.has(answer.status) && answer.headers.location) return undefined;
    return toResponse(answer, url, await bodyOf(answer, method));
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    // Also an answer no Response can hold (a status beyond 599, a malformed header): fetch fails those too.
    throw new TypeError('fetch failed', { cause: error });
  }
}

function toResponse(answer: Answer, url: string, body: Bytes | null): Response {
  const init = { status: answer.status, statusText: answer.statusText, headers: responseHeaders(answer.headers) };
  // With the request's URL, which the SDK logs (a constructed Response has none).
  return new BufferedResponse(body, init, url);
}

/** The caller's headers as undici takes them (a flat name/value list), asking for compression unless told. */
function requestHeaders(init: HeadersInit | undefined): string[] {
  const flat: string[] = [];
  let acceptsEncoding = false;
  const add = (name: string, value: string) => {
    if (name.toLowerCase() === 'accept-encoding') acceptsEncoding = true;
    flat.push(name, value);
  };
  if (init instanceof Headers || Array.isArray(init)) for (const [name, value] of init) add(name, value);
  else if (init) for (const name of Object.keys(init)) add(name, init[name]);
  if (!acceptsEncoding) flat.push('accept-encoding', ACCEPT_ENCODING);
  return flat;
}

function responseHeaders(headers: Answer['headers']): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (Array.isArray(value)) for (const one of value) pairs.push([name, one]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

async function bodyOf(answer: Answer, method: string): Promise<Bytes | null> {
  if (NULL_BODY_STATUSES.has(answer.status)) return null;
  const raw = answer.body as Bytes;
  if (method === 'HEAD' || raw.length === 0) return raw;
  return decode(raw, answer.headers['content-encoding']);
}

/** Undoes the content codings in the reverse order they were applied; an unknown one leaves the body as sent. */
async function decode(body: Bytes, encoding: string | string[] | undefined): Promise<Bytes> {
  if (!encoding) return body;
  const codings = String(encoding)
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .reverse();
  if (!codings.every((c) => Object.hasOwn(DECODERS, c))) return body;
  let out = body;
  // zlib's Buffers are backed by ArrayBuffers, never shared memory.
  for (const coding of codings) out = (await DECODERS[coding](out)) as Bytes;
  return out;
}

const DECODERS: Record<string, (body: Bytes) => Promise<Uint8Array>> = {
  gzip: (body) => gunzip(body),
  'x-gzip': (body) => gunzip(body),
  br: (body) => brotli(body),
  // Servers send deflate both zlib-wrapped (as the RFC says) and raw; fetch takes either.
  deflate: (body) => ((body[0] & 0x0f) === 0x08 ? inflate(body) : inflateRaw(body)),
};
