/**
 * The Metronome SDK client the source uses, with a fetch wrapper that counts every HTTP request (retries
 * included) by endpoint. Retries and timeouts are the SDK's own (maxRetries, timeout): 408/409/429/5xx and
 * connection errors are retried with its exponential backoff, honouring Retry-After. A new client sends its
 * requests through undici's dispatcher (./http.ts), cheaper than the global fetch; `http: 'fetch'` or
 * NOME_METRONOME_HTTP=fetch goes back to the global fetch.
 */
import Metronome from '@metronome/sdk';
import { createUndiciFetch } from './http.ts';

type Fetch = typeof fetch;

export interface ClientSettings {
  client?: Metronome;
  bearerToken?: string;
  baseURL?: string;
  maxRetries?: number;
  timeoutMs?: number;
  /** How a new client sends requests: 'undici' (default) or 'fetch' (Node's global fetch). */
  http?: HttpChoice;
  /** undici only: connections kept per origin (default: as many as requests in flight). */
  connections?: number;
}

export type HttpChoice = 'undici' | 'fetch';

export interface CountingClient {
  client: Metronome;
  /** Closes the client's connections when it made them (a caller's client is left alone). */
  close(): Promise<void>;
}

/** The HTTP path of a new client: the setting, else NOME_METRONOME_HTTP, else undici. */
export function httpChoice(setting: HttpChoice | undefined, env: NodeJS.ProcessEnv = process.env): HttpChoice {
  const choice = setting ?? (env.NOME_METRONOME_HTTP || 'undici');
  if (choice !== 'undici' && choice !== 'fetch')
    throw new Error(`NOME_METRONOME_HTTP must be 'undici' or 'fetch', got ${JSON.stringify(choice)}.`);
  return choice;
}

/** `GET /v1/customers/{customer_id}/invoices` from a concrete URL: IDs in the path become placeholders. */
export function endpointOf(method: string, url: string): string {
  // The path by string operations: a URL object per request was a visible share of the read's CPU.
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0] || '/';
  const segments = path.split('/');
  const placeholder: Record<string, string> = {
    customers: '{customer_id}',
    planDetails: '{plan_id}',
    'billable-metrics': '{billable_metric_id}',
  };
  if (segments[1] === 'v1' && segments.length > 3 && placeholder[segments[2]]) segments[3] = placeholder[segments[2]];
  return `${method.toUpperCase()} ${segments.join('/')}`;
}

export class CallCounter {
  private readonly counts = new Map<string, number>();
  private readonly statuses = new Map<string, number>();

  record(endpoint: string, status: number | 'network-error'): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
    const key = String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  byEndpoint(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  byStatus(): Record<string, number> {
    return Object.fromEntries(this.statuses.entries());
  }
}

function countingFetch(inner: Fetch, counter: CallCounter): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const endpoint = endpointOf(init?.method ?? request?.method ?? 'GET', url);
    try {
      const response = await inner(input, init);
      counter.record(endpoint, response.status);
      return response;
    } catch (error) {
      counter.record(endpoint, 'network-error');
      throw error;
    }
  };
}

/** A client for the source: the given one (re-wrapped to count) or a new one from the settings / environment. */
export function createCountingClient(settings: ClientSettings, counter: CallCounter): CountingClient {
  const overrides = {
    ...(settings.maxRetries !== undefined ? { maxRetries: settings.maxRetries } : {}),
    ...(settings.timeoutMs !== undefined ? { timeout: settings.timeoutMs } : {}),
  };
  if (settings.client) {
    // The SDK keeps its fetch private; wrapping it keeps any custom fetch the caller configured.
    const inner = (settings.client as unknown as { fetch: Fetch }).fetch ?? fetch;
    const client = settings.client.withOptions({ ...overrides, fetch: countingFetch(inner, counter) });
    return { client, close: async () => undefined };
  }
  const bearerToken = settings.bearerToken ?? process.env.METRONOME_BEARER_TOKEN;
  if (!bearerToken) throw new Error('No Metronome bearer token: pass bearerToken or set METRONOME_BEARER_TOKEN.');
  const http =
    httpChoice(settings.http) === 'undici'
      ? createUndiciFetch({ connections: settings.connections })
      : { fetch, close: async () => undefined };
  const client = new Metronome({
    bearerToken,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    ...overrides,
    fetch: countingFetch(http.fetch, counter),
  });
  return { client, close: http.close };
}
