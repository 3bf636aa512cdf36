/**
 * The org the preview reads: its UI API, reached with the org's token, which stays on the server. Connections
 * from the sf CLI's auth store refresh an expired token once and retry.
 */
import type { SalesforceConnection } from '../salesforce/index.ts';

export interface Upstream {
  instanceUrl: string;
  apiVersion: string;
  /** Sends one request to the org; `path` starts after /services/data/vNN.N. */
  send(method: 'GET' | 'POST', path: string, body?: string): Promise<UpstreamResponse>;
}

export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: string;
}

type TokenConnection = SalesforceConnection & { accessToken?: string | null; refreshAuth?: () => Promise<unknown> };

const TIMEOUT_MS = 60_000;

export function upstreamOf(conn: TokenConnection): Upstream {
  const instanceUrl = conn.instanceUrl.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: string): Promise<UpstreamResponse> => {
    const response = await fetch(`${instanceUrl}/services/data/v${conn.version}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${conn.accessToken ?? ''}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      body: await response.text(),
    };
  };
  return {
    instanceUrl,
    apiVersion: conn.version,
    async send(method, path, body) {
      const first = await call(method, path, body);
      if (first.status !== 401 || typeof conn.refreshAuth !== 'function') return first;
      await conn.refreshAuth();
      return call(method, path, body);
    },
  };
}

/** What the shell needs of a standard object the app shows (Account): labels and the fields users edit. */
export async function describeStandardObject(upstream: Upstream, apiName: string) {
  const response = await upstream.send('GET', `/sobjects/${encodeURIComponent(apiName)}/describe`);
  if (response.status !== 200)
    throw new Error(`The org did not describe ${apiName} (HTTP ${response.status}): ${response.body.slice(0, 300)}`);
  const describe = JSON.parse(response.body) as {
    label: string;
    labelPlural: string;
    fields: { name: string; label: string; type: string; updateable: boolean; nameField?: boolean }[];
  };
  const editable = describe.fields.filter((f) => f.nameField || (f.updateable && f.type !== 'reference'));
  editable.sort((a, b) => Number(Boolean(b.nameField)) - Number(Boolean(a.nameField)));
  return {
    apiName,
    label: describe.label,
    pluralLabel: describe.labelPlural,
    fields: editable.map((f) => ({ apiName: f.name, label: f.label, type: DESCRIBE_TYPES[f.type] ?? 'Text' })),
  };
}

/** Describe's field types in the metadata vocabulary the shell formats by. */
const DESCRIBE_TYPES: Record<string, string> = {
  double: 'Number',
  int: 'Number',
  currency: 'Number',
  percent: 'Number',
  date: 'Date',
  datetime: 'DateTime',
  boolean: 'Checkbox',
  picklist: 'Picklist',
};
