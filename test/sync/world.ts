/**
 * The e2e world: a local org and a Metronome sandbox over real HTTP, with the sync pointed at them exactly as a
 * user would point it (instance URL + SF_ACCESS_TOKEN, METRONOME_BEARER_TOKEN + METRONOME_BASE_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { loadSchema, type PackageSchema } from '../../scripts/metadata/index.ts';
import { startLocalOrg, type LocalOrg } from '../../scripts/local-org/index.ts';
import {
  linkOrgAccounts,
  startMetronomeSandbox,
  type MetronomeSandbox,
} from '../../scripts/metronome/sandbox/index.ts';
import { adhocEnvironment, syncEnvironment, validateEnvironment, type SyncOptions } from '../../scripts/sync/index.ts';
import type { SyncReport } from '../../scripts/sync/types.ts';

export interface World {
  org: LocalOrg;
  sandbox: MetronomeSandbox;
  schema: PackageSchema;
  conn: Connection;
  env: NodeJS.ProcessEnv;
  stateDirectory: string;
  accountIds: string[];
  sync(options?: {
    selection?: 'all' | 'linked';
    dryRun?: boolean;
    full?: boolean;
    options?: Partial<SyncOptions>;
    name?: string;
    callTimeoutMs?: number;
  }): Promise<SyncReport>;
  validate(options?: { selection?: 'all' | 'linked' }): ReturnType<typeof validateEnvironment>;
  query<T = Record<string, unknown>>(soql: string): Promise<T[]>;
  stop(): Promise<void>;
}

export const FAST_RETRY = { attempts: 6, baseDelayMs: 20, maxDelayMs: 200 };

export async function startWorld(
  options: { customers?: number; seed?: number; dailyApiLimit?: number } = {},
): Promise<World> {
  const customers = options.customers ?? 30;
  const schema = await loadSchema();
  const org = await startLocalOrg({ ...(options.dailyApiLimit ? { dailyApiLimit: options.dailyApiLimit } : {}) });
  const sandbox = await startMetronomeSandbox({ customers, seed: options.seed ?? 7 });
  const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
  const accountIds = await linkOrgAccounts(conn, sandbox, { prefix: 'Account ' });
  const env: NodeJS.ProcessEnv = {
    SF_ACCESS_TOKEN: org.accessToken,
    METRONOME_BEARER_TOKEN: sandbox.bearerToken,
    METRONOME_BASE_URL: sandbox.baseURL,
  };
  const stateDirectory = mkdtempSync(path.join(tmpdir(), 'nome-sync-state-'));
  const spec = (o: { selection?: 'all' | 'linked'; options?: Partial<SyncOptions>; name?: string } = {}) =>
    adhocEnvironment({
      name: o.name ?? 'e2e',
      instanceUrl: org.instanceUrl,
      selection: o.selection ?? 'all',
      options: { refreshSampleSize: 3, ...o.options },
    });
  return {
    org,
    sandbox,
    schema,
    conn,
    env,
    stateDirectory,
    accountIds,
    sync: (o = {}) =>
      syncEnvironment(spec(o), {
        env,
        stateDirectory,
        schema,
        retry: FAST_RETRY,
        dryRun: o.dryRun,
        full: o.full,
        callTimeoutMs: o.callTimeoutMs,
      }),
    validate: (o = {}) => validateEnvironment(spec(o), { env, stateDirectory, schema, retry: FAST_RETRY }),
    query: async <T>(soql: string) =>
      (await conn.query<Record<string, unknown>>(soql).autoFetch(true).maxFetch(100_000).run())
        .records as unknown as T[],
    stop: async () => {
      await sandbox.stop();
      await org.stop();
      rmSync(stateDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * The oracle: what the org should hold, computed independently of the sync's state and writer: the sandbox read
 * through the source and the mapping, as object → external ID → digest of mapped values.
 */
export async function expectedRecords(
  world: World,
  selection: 'all' | 'linked' = 'all',
): Promise<Map<string, Map<string, string>>> {
  const { createMetronomeSource } = await import('../../scripts/metronome/index.ts');
  const { mappedSource } = await import('../../scripts/sync/source.ts');
  const { recordHash } = await import('../../scripts/sync/hash.ts');
  const source = mappedSource(
    world.schema,
    createMetronomeSource({ baseURL: world.sandbox.baseURL, bearerToken: world.sandbox.bearerToken }),
    { mode: selection },
  );
  const out = new Map<string, Map<string, string>>();
  const add = (batch: { records: { object: string; externalId: string }[] }) => {
    for (const r of batch.records) {
      const m = out.get(r.object) ?? new Map<string, string>();
      m.set(r.externalId, recordHash(r as Parameters<typeof recordHash>[0]));
      out.set(r.object, m);
    }
  };
  for await (const b of source.catalog()) add(b);
  for await (const b of source.customers()) add(b);
  return out;
}

/** Per object: external IDs added, changed and removed between two oracle snapshots. */
export function diffExpected(before: Map<string, Map<string, string>>, after: Map<string, Map<string, string>>) {
  const objects = new Set([...before.keys(), ...after.keys()]);
  const diff: Record<string, { created: string[]; updated: string[]; deleted: string[] }> = {};
  for (const object of objects) {
    const b = before.get(object) ?? new Map();
    const a = after.get(object) ?? new Map();
    diff[object] = {
      created: [...a.keys()].filter((k) => !b.has(k)),
      updated: [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)),
      deleted: [...b.keys()].filter((k) => !a.has(k)),
    };
  }
  return diff;
}

/** External IDs per object as the org holds them (queried through jsforce). */
export async function orgExternalIds(world: World): Promise<Map<string, Set<string>>> {
  const { syncObjects } = await import('../../scripts/sync/objects.ts');
  const out = new Map<string, Set<string>>();
  for (const o of syncObjects(world.schema)) {
    const rows = await world.query<Record<string, string>>(`SELECT ${o.externalIdField} FROM ${o.apiName}`);
    out.set(o.apiName, new Set(rows.map((r) => r[o.externalIdField]!)));
  }
  return out;
}
