/**
 * `nome` as a user runs it: a process of its own on the project's Node 22. Only for tests about the process (exit
 * codes, signals, what it loads, the ready line of a server); everything else runs the command in-process
 * (test/org/support/harness.ts `nome()`), which costs no Node start and no second load of the modules.
 */
import { execFile, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const NOME_JS = path.join(ROOT, 'scripts/nome.js');
/** The project's Node 22 (the `node` dev dependency), as `npx nome` would run. */
export const NODE = path.join(ROOT, 'node_modules/.bin/node');

const execNode = promisify(execFile);

export interface NomeProcessOptions {
  /** Set on top of this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Node options placed before the script (`--import`, say). */
  nodeArgs?: string[];
}

/** Starts `nome <args>` and returns the child; the caller reads its output and waits for its exit. */
export function spawnNome(args: string[], options: NomeProcessOptions & { stdio?: StdioOptions } = {}): ChildProcess {
  return spawn(NODE, [...(options.nodeArgs ?? []), NOME_JS, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `nome <args>` to its end: its exit code and what it printed, from a failing run too. */
export async function runNome(
  args: string[],
  options: NomeProcessOptions = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await execNode(NODE, [...(options.nodeArgs ?? []), NOME_JS, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      maxBuffer: 20e6,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
      ms: Date.now() - started,
    };
  }
}

/**
 * Starts a `nome … start --json` server (the Metronome sandbox, say) and waits for the one JSON line it prints
 * when ready; the caller stops it (`child.kill()`) and may wait for `exited`.
 */
export async function startNomeServer<T>(
  args: string[],
): Promise<{ child: ChildProcess; info: T; exited: Promise<number | null> }> {
  const child = spawnNome([...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, info: JSON.parse(line) as T, exited };
}
