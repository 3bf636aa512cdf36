/**
 * How fast `nome sync run` gets to work: the time from spawning the process to its first HTTP request (to the org,
 * and to anything), and the process's resident memory at that moment. The local org and the Metronome sandbox run
 * in this process behind TCP relays that note when the first connection arrives and read the child's VmRSS from
 * /proc (Linux) then; the child is stopped as soon as the org saw its first request.
 *
 *   node scripts/cli/startup-benchmark.ts [runs=5] [path/to/nome.js]
 *
 * The second argument measures another checkout's CLI (e.g. the main branch's) against the same doubles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startLocalOrg } from '../local-org/index.ts';
import { PROJECT_DIR } from '../metadata/project.ts';
import { startMetronomeSandbox } from '../metronome/sandbox/index.ts';
import { processCpuMs as cpuMs } from '../sync/bench/proc.ts';
import { quietKnownWarnings } from './quiet-warnings.js';

interface FirstContact {
  ms: number;
  /** CPU time the child had used (user + system): unlike wall time, barely moved by other processes' load. */
  cpuMs: number | undefined;
  rssMiB: number | undefined;
}

interface Sample {
  org?: FirstContact;
  metronome?: FirstContact;
}

function rssMiB(pid: number | undefined): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** A TCP relay to `target` that calls `onFirst` when its first connection of the current sample arrives. */
async function relay(target: URL, onConnection: () => void): Promise<{ url: string; close: () => void }> {
  const server = net.createServer((socket) => {
    onConnection();
    const upstream = net.connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  quietKnownWarnings();
  const runs = Number(process.argv[2] ?? 5);
  const cli = path.resolve(process.argv[3] ?? path.join(PROJECT_DIR, 'scripts', 'nome.js'));
  const org = await startLocalOrg({ port: 0 });
  const sandbox = await startMetronomeSandbox({ customers: 10 });
  let sample: Sample = {};
  let child: ChildProcess | undefined;
  let started = 0;
  const contact = (): FirstContact => ({
    ms: performance.now() - started,
    cpuMs: cpuMs(child?.pid),
    rssMiB: rssMiB(child?.pid),
  });
  const orgRelay = await relay(new URL(org.instanceUrl), () => {
    sample.org ??= contact();
    child?.kill('SIGKILL');
  });
  const metronomeRelay = await relay(new URL(sandbox.baseURL), () => void (sample.metronome ??= contact()));
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const stateDir = mkdtempSync(path.join(os.tmpdir(), 'nome-startup-'));
      sample = {};
      started = performance.now();
      child = spawn(process.execPath, [cli, 'sync', 'run', '--instance-url', orgRelay.url, '--json'], {
        cwd: path.dirname(path.dirname(cli)),
        env: {
          ...process.env,
          SF_ACCESS_TOKEN: org.accessToken,
          METRONOME_BASE_URL: metronomeRelay.url,
          METRONOME_BEARER_TOKEN: sandbox.bearerToken,
          NOME_STATE_DIR: stateDir,
        },
        stdio: 'ignore',
      });
      await new Promise((resolve) => child!.once('exit', resolve));
      rmSync(stateDir, { recursive: true, force: true });
      if (!sample.org) throw new Error(`run ${i + 1}: the sync exited without a request to the org`);
      samples.push(sample);
      process.stderr.write(
        `run ${i + 1}: first org request after ${Math.round(sample.org.ms)} ms ` +
          `(CPU ${sample.org.cpuMs} ms), RSS ${sample.org.rssMiB} MiB\n`,
      );
    }
  } finally {
    orgRelay.close();
    metronomeRelay.close();
    await sandbox.stop();
    await org.stop();
  }
  const first = samples.map((s) => Math.min(s.org!.ms, s.metronome?.ms ?? Infinity));
  const known = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
  const rss = known(samples.map((s) => s.org!.rssMiB));
  const cpu = known(samples.map((s) => s.org!.cpuMs));
  const summary = {
    cli,
    runs,
    cores: os.availableParallelism(),
    firstRequestMs: {
      median: Math.round(median(first)),
      min: Math.round(Math.min(...first)),
      max: Math.round(Math.max(...first)),
    },
    firstOrgRequestMs: Math.round(median(samples.map((s) => s.org!.ms))),
    cpuMsAtFirstOrgRequest: cpu.length ? median(cpu) : null,
    rssAtFirstRequestMiB: rss.length ? median(rss) : null,
    loadAverage: os.loadavg()[0]!.toFixed(1),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

await main();
