/**
 * A small world for testing one phase at a time: two package objects (a parent and a child looking it up), an
 * in-memory state, and a SalesforceClient over a scripted connection that records every request it is sent.
 */
import type { FieldDef, ObjectDef } from '../../../scripts/metadata/index.ts';
import { SalesforceClient } from '../../../scripts/salesforce/index.ts';
import type { SyncObject } from '../../../scripts/sync/objects.ts';
import { ExternalIdRegistry } from '../../../scripts/sync/keys.ts';
import { ApiBudget } from '../../../scripts/sync/phases/budget.ts';
import type { RunContext } from '../../../scripts/sync/phases/context.ts';
import { RunLedger } from '../../../scripts/sync/phases/ledger.ts';
import { resolveOptions, type RunOptions } from '../../../scripts/sync/phases/options.ts';
import { dryRunState, liveState } from '../../../scripts/sync/phases/run-state.ts';
import { dryRunSink, liveSink } from '../../../scripts/sync/phases/sink.ts';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import type { MappedBatch, MappedRecord } from '../../../scripts/sync/types.ts';

export const ORG_ID = '00D000000000001AAA';

export const PARENT: SyncObject = {
  def: { name: 'Parent__c', apiName: 'P__c', nameField: { apiName: 'Name' }, fields: [] } as unknown as ObjectDef,
  apiName: 'P__c',
  externalIdField: 'PK__c',
  parents: new Map(),
  writableFields: [],
};

export const CHILD: SyncObject = {
  def: { name: 'Child__c', apiName: 'C__c', nameField: { apiName: 'Name' }, fields: [] } as unknown as ObjectDef,
  apiName: 'C__c',
  externalIdField: 'CK__c',
  parents: new Map([['P__r', { field: { apiName: 'P__c' } as FieldDef, parentApiName: 'P__c' }]]),
  writableFields: [],
};

export function parentRecord(key: string, fields: Record<string, unknown> = {}): MappedRecord {
  return {
    object: 'P__c',
    externalIdField: 'PK__c',
    externalId: key,
    sourceId: `src-${key}`,
    fields: { Name: key, ...fields },
  } as MappedRecord;
}

export function childRecord(key: string, parent: string): MappedRecord {
  return {
    object: 'C__c',
    externalIdField: 'CK__c',
    externalId: key,
    sourceId: `src-${key}`,
    fields: { Name: key, P__r: { PK__c: parent } },
  } as MappedRecord;
}

export interface SentRequest {
  method: string;
  url: string;
  body?: unknown;
}

export type Responder = (request: SentRequest) => unknown;

let nextId = 1;
const sfId = () => `a00${String(nextId++).padStart(15, '0')}`;

/** The answers a healthy org gives; a test passes its own responder for what it wants to differ. */
export const healthyOrg: Responder = ({ method, url, body }) => {
  if (url.endsWith('/limits')) return { DailyApiRequests: { Max: 15000, Remaining: 15000 } };
  if (url.includes('FROM%20Organization'))
    return { done: true, records: [{ Id: ORG_ID, CreatedDate: '2026-01-01T00:00:00.000Z' }] };
  if (url.includes('/query')) return { done: true, records: [] };
  // The scripted org holds no record: every row looked up in a composite call is missing.
  if (method === 'POST' && url.endsWith('/composite')) return compositeAnswer(body, () => 404);
  if (method === 'PATCH' && url.includes('/composite/sobjects/')) {
    return (body as { records: unknown[] }).records.map(() => ({
      id: sfId(),
      success: true,
      created: true,
      errors: [],
    }));
  }
  if (method === 'DELETE')
    return new URL(url).searchParams
      .get('ids')!
      .split(',')
      .map((id) => ({ id, success: true, errors: [] }));
  throw new Error(`the scripted org has no answer for ${method} ${url}`);
};

/** A Composite response answering each GET subrequest with the status `statusOf(url)` gives. */
export function compositeAnswer(body: unknown, statusOf: (url: string) => number) {
  const subrequests = (body as { compositeRequest: { url: string; referenceId: string }[] }).compositeRequest;
  return {
    compositeResponse: subrequests.map((r) => {
      if (r.url.includes('FROM%20Organization')) {
        return {
          referenceId: r.referenceId,
          httpStatusCode: 200,
          httpHeaders: {},
          body: { done: true, records: [{ Id: ORG_ID, CreatedDate: '2026-01-01T00:00:00.000Z' }] },
        };
      }
      const status = statusOf(r.url);
      const answer =
        status === 200
          ? { Id: r.url.split('/').pop()!.split('?')[0] }
          : [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];
      return { referenceId: r.referenceId, httpStatusCode: status, httpHeaders: {}, body: answer };
    }),
  };
}

/** A client over a scripted org; with `apiUsage`, every answer carries it as jsforce keeps Sforce-Limit-Info. */
export function scriptedClient(
  responder: Responder = healthyOrg,
  apiUsage?: { used: number; limit: number },
): { client: SalesforceClient; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const conn = {
    version: '62.0',
    instanceUrl: 'http://org.test',
    limitInfo: {} as { apiUsage?: { used: number; limit: number } },
    request: async (req: { method: string; url: string; body?: string | Buffer }) => {
      const text = req.body === undefined ? undefined : String(req.body);
      const request = { method: req.method, url: req.url, body: text?.startsWith('{') ? JSON.parse(text) : text };
      sent.push(request);
      if (apiUsage) conn.limitInfo = { apiUsage: { ...apiUsage, used: apiUsage.used + sent.length } };
      return responder(request);
    },
  };
  return { client: new SalesforceClient(conn, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }), sent };
}

export interface TestRun {
  run: RunContext;
  store: StateStore;
  sent: SentRequest[];
}

/** A run context as the open phase leaves it, over a fresh (or given) state and a scripted org. */
export function testRun(
  options: Partial<RunOptions> & { store?: StateStore; responder?: Responder; estimate?: number } = {},
): TestRun {
  const store = options.store ?? new StateStore(':memory:');
  const opts = resolveOptions({ environment: 'test', ...options });
  const { client, sent } = scriptedClient(options.responder);
  store.openOrg(ORG_ID, 'fp');
  const runId = store.startRun('test', ORG_ID, opts.dryRun);
  const state = (opts.dryRun ? dryRunState : liveState)(store, ORG_ID, runId);
  const budget = new ApiBudget(client, { max: 15000, remaining: 15000 }, opts.maxApiShare, options.estimate, 0);
  const objects = [PARENT, CHILD];
  const run: RunContext = {
    deps: { schema: { objects: [] } as never, client, source: emptySource(), state: store, target: 'test org' },
    opts,
    objects,
    ledger: new RunLedger(
      objects.map((o) => o.apiName),
      opts.reportErrorLimit,
    ),
    keys: new ExternalIdRegistry(objects),
    state,
    sink: opts.dryRun ? dryRunSink() : liveSink(client, state, budget, Date.now()),
    budget,
    orgId: ORG_ID,
    runId,
    started: Date.now(),
    startCalls: 0,
    ignoreHashes: opts.full,
  };
  return { run, store, sent };
}

export function emptySource(batches: MappedBatch[] = []) {
  return {
    async *catalog() {},
    async *customers() {
      yield* batches;
    },
    callCounts: () => ({}),
  };
}

export const writesSent = (sent: SentRequest[]) => sent.filter((r) => r.method !== 'GET');
