/**
 * What the benchmark's contenders run against: one Metronome sandbox, and fresh local orgs that are copies of one
 * template org holding the accounts the sandbox's customers link to (so every copy has the same Account IDs and
 * the same mapped records fit each of them). Servers live in the benchmark's own process; contenders run in
 * child processes, so a contender's peak RSS is its own.
 */
import { cpSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Connection } from 'jsforce';
import { DEFAULT_API_VERSION } from '../../salesforce/index.ts';
import type { PackageSchema } from '../../metadata/index.ts';
import { startLocalOrg, type LocalOrg } from '../../local-org/index.ts';
import { createMetronomeSource } from '../../metronome/index.ts';
import { linkOrgAccounts, startMetronomeSandbox, type MetronomeSandbox } from '../../metronome/sandbox/index.ts';
import { mappedSource } from '../source.ts';
import { syncObjects } from '../objects.ts';

const ACCOUNT_PREFIX = 'Bench account ';

export interface BenchWorld {
  dir: string;
  sandbox: MetronomeSandbox;
  accountIds: string[];
  /** A fresh org: a copy of the template (accounts only, no Metronome records). */
  freshOrg(name: string): Promise<LocalOrg>;
  /** Another sandbox linking to the same accounts (round-robin), for the size contender. */
  biggerSandbox(customers: number): Promise<MetronomeSandbox>;
  close(): Promise<void>;
}

export const connectionTo = (org: LocalOrg) =>
  new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: DEFAULT_API_VERSION });

export async function startBenchWorld(options: { customers: number; seed: number }): Promise<BenchWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-bench-'));
  const sandbox = await startMetronomeSandbox({ customers: options.customers, seed: options.seed });
  const templateDir = path.join(dir, 'template-org');
  const template = await startLocalOrg({ dataDir: templateDir });
  let accountIds: string[];
  try {
    accountIds = await linkOrgAccounts(connectionTo(template), sandbox, { prefix: ACCOUNT_PREFIX });
  } finally {
    await template.stop();
  }
  const sandboxes = [sandbox];
  const orgs: LocalOrg[] = [];
  return {
    dir,
    sandbox,
    accountIds,
    async freshOrg(name) {
      const orgDir = path.join(dir, `org-${name}`);
      cpSync(templateDir, orgDir, { recursive: true });
      const org = await startLocalOrg({ dataDir: orgDir });
      orgs.push(org);
      return org;
    },
    async biggerSandbox(customers) {
      const bigger = await startMetronomeSandbox({ customers, seed: options.seed, accountIds });
      sandboxes.push(bigger);
      return bigger;
    },
    async close() {
      for (const org of orgs) await org.stop().catch(() => undefined);
      for (const s of sandboxes) await s.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads the sandbox as the sync does (SDK, mapping) and saves every mapped record as one NDJSON line, in the order
 * the sync meets them: what the write-only contenders send. Returns the records per object.
 */
export async function saveMappedRecords(
  schema: PackageSchema,
  sandbox: MetronomeSandbox,
  file: string,
): Promise<Record<string, number>> {
  const reader = createMetronomeSource({ baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken });
  const source = mappedSource(schema, reader, { mode: 'all' });
  const out = createWriteStream(file);
  const counts: Record<string, number> = Object.fromEntries(syncObjects(schema).map((o) => [o.apiName, 0]));
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  for (const stream of [source.catalog(), source.customers()]) {
    for await (const batch of stream) {
      for (const record of batch.records) {
        counts[record.object] = (counts[record.object] ?? 0) + 1;
        await write(`${JSON.stringify(record)}\n`);
      }
    }
  }
  out.end();
  await once(out, 'finish');
  return counts;
}

/** Records of each package object the org holds (one COUNT() query per object, after a contender finished). */
export async function countOrgRecords(schema: PackageSchema, org: LocalOrg): Promise<Record<string, number>> {
  const conn = connectionTo(org);
  const counts: Record<string, number> = {};
  for (const object of syncObjects(schema))
    counts[object.apiName] = (await conn.query(`SELECT COUNT() FROM ${object.apiName}`)).totalSize;
  return counts;
}
