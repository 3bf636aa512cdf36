/**
 * What the benchmark's contenders run against: one Metronome sandbox, and fresh local orgs that are copies of one
 * template org holding the accounts the sandbox's customers link to (so every copy has the same Account IDs and
 * the same mapped records fit each of them). Each server is its own process (`nome metronome-sandbox start`,
 * `nome local-org start`), as Metronome and Salesforce are separate services: a contender that reads and writes
 * at once is not slowed by both doubles sharing one event loop. Counters are read over HTTP (the org's
 * /__admin/info and /__admin/stats). Contenders run in child processes too, so a contender's peak RSS is its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Connection } from 'jsforce';
import { DEFAULT_API_VERSION } from '../../salesforce/index.ts';
import type { PackageSchema } from '../../metadata/index.ts';
import { createMetronomeSource } from '../../metronome/index.ts';
import { ensureNumberedAccounts, SandboxDataset, type Mutation } from '../../metronome/sandbox/index.ts';
import { mappedSource } from '../source.ts';
import { processCpuMs } from './proc.ts';
import { syncObjects } from '../objects.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NOME = path.join(ROOT, 'scripts/nome.js');
const ACCOUNT_PREFIX = 'Bench account ';

/** A local org in its own process, as the benchmark sees it: connection details and the org's own counters. */
export interface BenchOrg {
  instanceUrl: string;
  accessToken: string;
  /** DailyApiRequests used today, as the org counts them. */
  apiUsage(): Promise<number>;
  /** Write calls received since the last reset. */
  writeCalls(): Promise<number>;
  resetStats(): Promise<void>;
  /** CPU time the org's process has used so far (user + system), when the system says (Linux /proc). */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

export interface BenchSandbox {
  baseURL: string;
  bearerToken: string;
  /** The sandbox's data as generated (same customers and seed), to choose what to change. */
  dataset: SandboxDataset;
  mutate(mutation: Mutation): Promise<void>;
  /** CPU time the sandbox's process has used so far (user + system), when the system says (Linux /proc). */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

export interface BenchWorld {
  dir: string;
  sandbox: BenchSandbox;
  accountIds: string[];
  /** A fresh org: a copy of the template (accounts only, no Metronome records). */
  freshOrg(name: string): Promise<BenchOrg>;
  /** Another sandbox linking to the same accounts (round-robin), for the size contender. */
  biggerSandbox(customers: number): Promise<BenchSandbox>;
  close(): Promise<void>;
}

export const connectionTo = (org: Pick<BenchOrg, 'instanceUrl' | 'accessToken'>) =>
  new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: DEFAULT_API_VERSION });

/** `nome <command> start --json …` in its own process; resolves with the JSON line it prints when ready. */
async function startServer<T>(
  args: string[],
): Promise<{ info: T; stop: () => Promise<void>; cpuMs: () => number | undefined }> {
  const child = spawn(process.execPath, [NOME, ...args, '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = once(child, 'exit');
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then(([code]) => reject(new Error(`nome ${args.join(' ')} exited (${code}): ${stderr.trim()}`)));
  });
  const info = JSON.parse(await firstLine) as T;
  return { info, stop: () => stopChild(child, exited), cpuMs: () => processCpuMs(child.pid) };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

async function startOrg(dataDir: string): Promise<BenchOrg> {
  const { info, stop, cpuMs } = await startServer<{ instanceUrl: string; accessToken: string }>([
    'local-org',
    'start',
    '--data-dir',
    dataDir,
  ]);
  const admin = async (route: string, method = 'GET') => {
    const response = await fetch(`${info.instanceUrl}/__admin/${route}`, { method });
    if (!response.ok) throw new Error(`${method} /__admin/${route} of the bench org: HTTP ${response.status}`);
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };
  return {
    instanceUrl: info.instanceUrl,
    accessToken: info.accessToken,
    apiUsage: async () => Number((await admin('info')).apiUsage),
    writeCalls: async () => Number((await admin('stats')).writes),
    resetStats: async () => void (await admin('stats', 'DELETE')),
    cpuMs,
    stop,
  };
}

async function startSandbox(options: { customers: number; seed: number; accountIdsFile?: string }) {
  const { info, stop, cpuMs } = await startServer<{ baseURL: string; bearerToken: string; accountSlots: number }>([
    'metronome-sandbox',
    'start',
    '--customers',
    String(options.customers),
    '--seed',
    String(options.seed),
    ...(options.accountIdsFile ? ['--account-ids-file', options.accountIdsFile] : []),
  ]);
  const admin = async (route: string, method: string, body: unknown) => {
    const response = await fetch(`${info.baseURL}/__admin/${route}`, {
      method,
      headers: { authorization: `Bearer ${info.bearerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /__admin/${route} of the sandbox: ${await response.text()}`);
  };
  const sandbox: BenchSandbox = {
    baseURL: info.baseURL,
    bearerToken: info.bearerToken,
    dataset: new SandboxDataset({ customers: options.customers, seed: options.seed }),
    mutate: (mutation) => admin('mutations', 'POST', mutation),
    cpuMs,
    stop,
  };
  return {
    sandbox,
    accountSlots: info.accountSlots,
    useAccountIds: (ids: string[]) => admin('account-ids', 'PUT', { accountIds: ids }),
  };
}

export async function startBenchWorld(options: { customers: number; seed: number }): Promise<BenchWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-bench-'));
  const first = await startSandbox(options);
  const sandboxes = [first.sandbox];
  const orgs: BenchOrg[] = [];
  const templateDir = path.join(dir, 'template-org');
  const template = await startOrg(templateDir);
  let accountIds: string[];
  try {
    accountIds = await ensureNumberedAccounts(connectionTo(template), first.accountSlots, ACCOUNT_PREFIX);
    await first.useAccountIds(accountIds);
  } finally {
    await template.stop();
  }
  return {
    dir,
    sandbox: first.sandbox,
    accountIds,
    async freshOrg(name) {
      const orgDir = path.join(dir, `org-${name}`);
      cpSync(templateDir, orgDir, { recursive: true });
      const org = await startOrg(orgDir);
      orgs.push(org);
      return org;
    },
    async biggerSandbox(customers) {
      const accountIdsFile = path.join(dir, 'account-ids.json');
      writeFileSync(accountIdsFile, JSON.stringify(accountIds));
      const bigger = await startSandbox({ customers, seed: options.seed, accountIdsFile });
      sandboxes.push(bigger.sandbox);
      return bigger.sandbox;
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
  sandbox: Pick<BenchSandbox, 'baseURL' | 'bearerToken'>,
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
export async function countOrgRecords(schema: PackageSchema, org: BenchOrg): Promise<Record<string, number>> {
  const conn = connectionTo(org);
  const counts: Record<string, number> = {};
  for (const object of syncObjects(schema))
    counts[object.apiName] = (await conn.query(`SELECT COUNT() FROM ${object.apiName}`)).totalSize;
  return counts;
}
