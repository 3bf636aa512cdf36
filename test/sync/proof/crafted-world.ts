/**
 * A local org plus the crafted Metronome double, with the sync pointed at them as a user would (instance URL +
 * SF_ACCESS_TOKEN, METRONOME_BEARER_TOKEN + METRONOME_BASE_URL): for data no generator of the sandbox makes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../../scripts/local-org/index.ts';
import { loadSchema, type PackageSchema } from '../../../scripts/metadata/index.ts';
import {
  adhocEnvironment,
  syncEnvironment,
  validateEnvironment,
  type SyncOptions,
} from '../../../scripts/sync/index.ts';
import type { SyncReport } from '../../../scripts/sync/types.ts';
import { FAST_RETRY } from '../world.ts';
import {
  startCraftedMetronome,
  type CraftedCustomer,
  type CraftedData,
  type CraftedMetronome,
} from './crafted-metronome.ts';

export interface CraftedWorld {
  org: LocalOrg;
  metronome: CraftedMetronome;
  schema: PackageSchema;
  conn: Connection;
  env: NodeJS.ProcessEnv;
  stateDirectory: string;
  sync(options?: { full?: boolean; options?: Partial<SyncOptions>; callTimeoutMs?: number }): Promise<SyncReport>;
  validate(): ReturnType<typeof validateEnvironment>;
  query<T = Record<string, unknown>>(soql: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startCraftedWorld(data: CraftedData = { customers: [] }): Promise<CraftedWorld> {
  const schema = await loadSchema();
  const org = await startLocalOrg();
  const metronome = await startCraftedMetronome(data);
  const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
  const env: NodeJS.ProcessEnv = {
    SF_ACCESS_TOKEN: org.accessToken,
    METRONOME_BEARER_TOKEN: metronome.bearerToken,
    METRONOME_BASE_URL: metronome.baseURL,
  };
  const stateDirectory = mkdtempSync(path.join(tmpdir(), 'nome-crafted-state-'));
  const spec = (options?: Partial<SyncOptions>) =>
    adhocEnvironment({
      name: 'crafted',
      instanceUrl: org.instanceUrl,
      selection: 'all',
      options: { refreshSampleSize: 3, metronomeMaxRetries: 1, ...options },
    });
  return {
    org,
    metronome,
    schema,
    conn,
    env,
    stateDirectory,
    sync: (o = {}) =>
      syncEnvironment(spec(o.options), {
        env,
        stateDirectory,
        schema,
        retry: FAST_RETRY,
        full: o.full,
        callTimeoutMs: o.callTimeoutMs,
      }),
    validate: () => validateEnvironment(spec(), { env, stateDirectory, schema, retry: FAST_RETRY }),
    query: async <T>(soql: string) =>
      (await conn.query<Record<string, unknown>>(soql).autoFetch(true).maxFetch(100_000).run())
        .records as unknown as T[],
    stop: async () => {
      await metronome.stop();
      await org.stop();
      rmSync(stateDirectory, { recursive: true, force: true });
    },
  };
}

const CREDIT = { id: 'usd-cents', name: 'USD (cents)' };

/** A customer Metronome would send, complete and well-formed, with one of everything; tests then spoil parts. */
export function wellFormedCustomer(n: number, id = `cust-${n}`, planId = 'plan-1'): CraftedCustomer {
  return {
    customer: { id, name: `Customer ${n}`, ingest_aliases: [`alias-${n}`], customer_config: {}, custom_fields: {} },
    plans: [{ id: `cp-${n}`, plan_id: planId, plan_name: 'Plan 1', starting_on: '2026-01-01T00:00:00Z' }],
    invoices: [
      {
        id: `inv-${n}`,
        customer_id: id,
        status: 'FINALIZED',
        total: 1000 + n,
        type: 'USAGE',
        credit_type: CREDIT,
        start_timestamp: '2026-01-01T00:00:00Z',
        end_timestamp: '2026-02-01T00:00:00Z',
        line_items: [
          { name: 'API calls', total: 600, quantity: 6, credit_type: CREDIT, type: 'usage' },
          { name: 'Storage', total: 400 + n, quantity: 4, credit_type: CREDIT, type: 'usage' },
        ],
      },
    ],
    creditGrants: [
      {
        id: `grant-${n}`,
        customer_id: id,
        name: `Grant ${n}`,
        grant_amount: { amount: 5000, credit_type: CREDIT },
        paid_amount: { amount: 0, credit_type: CREDIT },
        balance: { including_pending: 4000, excluding_pending: 4000, effective_at: '2026-01-01T00:00:00Z' },
        effective_at: '2026-01-01T00:00:00Z',
        expires_at: '2027-01-01T00:00:00Z',
        reason: 'welcome',
      },
    ],
  };
}

export const CATALOG: Pick<CraftedData, 'plans' | 'billableMetrics'> = {
  plans: [{ id: 'plan-1', name: 'Plan 1', description: 'the plan' }],
  billableMetrics: [{ id: 'metric-1', name: 'API calls' }],
};
