/**
 * Running one contender in a child process and measuring it from outside: wall time from spawn to exit, the
 * Salesforce API calls the org counted (DailyApiRequests, as Salesforce counts them) and its write calls, and the
 * child's peak RSS (reported by the child itself, or by the preloaded probe for `nome sync run`).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SyncReport } from '../types.ts';
import type { ContenderResult, ContenderTask } from './contenders.ts';
import type { BenchOrg } from './world.ts';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../../..');

export interface Measured {
  wallMs: number;
  /** API requests the org counted during the contender. */
  salesforceCalls: number;
  salesforceWrites: number;
  maxRssKiB: number;
  /** The contender's CPU time (user + system), as the process counted it. */
  cpuMs: number;
  /** CPU time the doubles (Metronome sandbox, local org) spent meanwhile, when the system says. */
  serversCpuMs?: number;
}

/** The doubles a contender talks to, for their CPU time. */
type Servers = { cpuMs(): number | undefined }[];

function serversCpu(servers: Servers): number | undefined {
  let total = 0;
  for (const s of servers) {
    const ms = s.cpuMs();
    if (ms === undefined) return undefined;
    total += ms;
  }
  return total;
}

interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Calls counted by the org while `work` runs (a UTC-midnight reset of the daily count is allowed for). */
async function counted<T>(
  org: BenchOrg | undefined,
  servers: Servers,
  work: () => Promise<T>,
): Promise<{ result: T; wallMs: number; calls: number; writes: number; serversCpuMs?: number }> {
  const before = (await org?.apiUsage()) ?? 0;
  await org?.resetStats();
  const cpuBefore = serversCpu(servers);
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const cpuAfter = serversCpu(servers);
  const after = (await org?.apiUsage()) ?? 0;
  const writes = (await org?.writeCalls()) ?? 0;
  const serversCpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return { result, wallMs, calls: after >= before ? after - before : after, writes, serversCpuMs };
}

export async function measureContender(
  task: ContenderTask,
  org?: BenchOrg,
  servers: Servers = org ? [org] : [],
): Promise<Measured & { child: ContenderResult }> {
  const { result, wallMs, calls, writes, serversCpuMs } = await counted(org, servers, () =>
    runChild([path.join(HERE, 'contenders.ts')], { NOME_BENCH_TASK: JSON.stringify(task) }),
  );
  if (result.code !== 0)
    throw new Error(`contender ${task.kind} failed (exit ${result.code}): ${result.stderr.trim().slice(-2000)}`);
  const child = JSON.parse(result.stdout.trim().split('\n').pop()!) as ContenderResult;
  return {
    wallMs,
    salesforceCalls: calls,
    salesforceWrites: writes,
    maxRssKiB: child.maxRssKiB,
    cpuMs: child.cpuMs,
    serversCpuMs,
    child,
  };
}

export interface SyncRun {
  org: BenchOrg;
  /** The sandbox's process, for its CPU time. */
  sandbox: { cpuMs(): number | undefined };
  stateDir: string;
  metronome: { baseURL: string; bearerToken: string };
  probeFile: string;
}

/** `nome sync run --instance-url … --json`, exactly as a user runs it. */
export async function measureSyncRun(
  run: SyncRun,
): Promise<Measured & { report: SyncReport; firstRequestMs?: number }> {
  const args = [
    '--import',
    pathToFileURL(path.join(HERE, 'rss-probe.ts')).href,
    path.join(ROOT, 'scripts/nome.js'),
    'sync',
    'run',
    '--instance-url',
    run.org.instanceUrl,
    '--json',
  ];
  const env = {
    SF_ACCESS_TOKEN: run.org.accessToken,
    METRONOME_BEARER_TOKEN: run.metronome.bearerToken,
    METRONOME_BASE_URL: run.metronome.baseURL,
    NOME_STATE_DIR: run.stateDir,
    NOME_BENCH_PROBE_FILE: run.probeFile,
  };
  rmSync(run.probeFile, { force: true });
  const { result, wallMs, calls, writes, serversCpuMs } = await counted(run.org, [run.org, run.sandbox], () =>
    runChild(args, env),
  );
  let document: { result?: SyncReport } | undefined;
  try {
    document = JSON.parse(result.stdout) as { result?: SyncReport };
  } catch {
    document = undefined;
  }
  // Exit 2 is a partial run (the sandbox's deliberately bad records): still a measured run.
  if (!document?.result?.objects || (result.code !== 0 && result.code !== 2)) {
    throw new Error(
      `nome sync run failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(-2000)}`,
    );
  }
  const probe = JSON.parse(readFileSync(run.probeFile, 'utf8')) as {
    maxRssKiB: number;
    cpuMs: number;
    firstRequestMs?: number;
  };
  return {
    wallMs,
    salesforceCalls: calls,
    salesforceWrites: writes,
    maxRssKiB: probe.maxRssKiB,
    cpuMs: probe.cpuMs,
    serversCpuMs,
    firstRequestMs: probe.firstRequestMs,
    report: document.result,
  };
}
