/**
 * Seeding an org with realistic data = running the Metronome → Salesforce sync into it, then its validation.
 * The sync lives in scripts/sync and is reached through one seam, `SyncRunner`: by default the project's own
 * commands `nome sync run` / `nome sync validate --target-org <alias> --json` in a child process (so the sync's
 * own flags, config and Metronome client apply unchanged); tests inject a runner.
 * Metronome source: a real Metronome account when METRONOME_BEARER_TOKEN is set (the child inherits it), otherwise
 * a local Metronome sandbox started for the seed and handed to the sync through the same environment variables.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ActionableError } from './errors.ts';
import { PROJECT_DIR } from '../metadata/index.ts';
import type { Org } from '@salesforce/core';
import { linkOrgAccounts, startMetronomeSandbox } from '../metronome/sandbox/index.ts';

export type SyncStep = 'run' | 'validate';

export interface SyncRunOptions {
  targetOrg: string;
  projectDir: string;
  /** Added to the sync's environment: where Metronome is (METRONOME_BASE_URL, METRONOME_BEARER_TOKEN). */
  env?: Record<string, string>;
}

/** Runs one sync step and returns its `--json` result; throws an ActionableError when the step fails. */
export type SyncRunner = (step: SyncStep, options: SyncRunOptions) => Promise<unknown>;

export interface SeedResult {
  targetOrg: string;
  metronome: 'live' | 'sandbox';
  run: unknown;
  validate: unknown;
  warnings: string[];
}

/** A partial run seeds the org; the refused records are worth a line, not a failure. */
function runWarnings(run: unknown): string[] {
  const report = run as { status?: string; recordErrors?: unknown[] } | undefined;
  if (report?.status !== 'partial') return [];
  return [
    `The sync refused ${report.recordErrors?.length ?? 'some'} record(s) Salesforce would reject (see run.recordErrors); everything else is in.`,
  ];
}

export function metronomeSource(env: NodeJS.ProcessEnv = process.env): 'live' | 'sandbox' {
  return env.METRONOME_BEARER_TOKEN ? 'live' : 'sandbox';
}

const PARTIAL_RUN_EXIT = 2;

/** What went wrong, from the sync's own error, else its report (a validation's drift, a run's status), else stderr. */
function failureSummary(
  step: SyncStep,
  document: JsonDocument | undefined,
  stderr: string,
  code: number | null,
): string {
  if (document?.message) return document.message;
  const report = document?.result as
    | {
        status?: string;
        missing?: unknown[];
        stale?: unknown[];
        orphaned?: unknown[];
        recordErrors?: { message?: string }[];
      }
    | undefined;
  if (report && step === 'validate') {
    return `the org differs from Metronome (${report.missing?.length ?? 0} missing, ${report.stale?.length ?? 0} stale, ${report.orphaned?.length ?? 0} orphaned record(s))`;
  }
  if (report?.status)
    return `the run ended ${report.status}${report.recordErrors?.[0]?.message ? ` (first error: ${report.recordErrors[0].message})` : ''}`;
  const lines = stderr.split('\n').filter((line) => line.trim() && !/^\(node:\d+\)|--trace-warnings/.test(line));
  return lines.join('\n').trim() || `exit code ${code}`;
}

interface JsonDocument {
  status?: number;
  result?: unknown;
  name?: string;
  message?: string;
  actions?: string[];
}

function parseLastJson(stdout: string): JsonDocument | undefined {
  const start = stdout.indexOf('{');
  if (start === -1) return undefined;
  try {
    return JSON.parse(stdout.slice(start)) as JsonDocument;
  } catch {
    return undefined;
  }
}

/** Runs `<cli> sync <step> --target-org <alias> --json` with this Node; `cli` is scripts/nome.js by default. */
export const syncCommandAt =
  (cli: string): SyncRunner =>
  (step, options) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'sync', step, '--target-org', options.targetOrg, '--json'], {
        cwd: options.projectDir,
        env: { ...process.env, NODE_NO_WARNINGS: '1', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        const document = parseLastJson(stdout);
        // `nome sync run` exits 2 for a partial run: every record it could write is in, the rest are reported
        // (the sandbox serves some records Salesforce must refuse, on purpose). That seeds the org.
        const acceptable = code === 0 || (step === 'run' && code === PARTIAL_RUN_EXIT);
        if (acceptable && document && [0, PARTIAL_RUN_EXIT].includes(document.status ?? 0)) {
          resolve(document.result);
          return;
        }
        reject(
          new ActionableError(
            `nome sync ${step} failed for ${options.targetOrg}: ${failureSummary(step, document, stderr, code)}`,
            {
              name: step === 'validate' ? 'SyncValidationError' : 'SyncRunError',
              actions: document?.actions ?? [],
              data: document,
            },
          ),
        );
      });
    });

/** The default seam: the project's own `nome sync` commands. */
export const nomeSyncCommand: SyncRunner = syncCommandAt(path.join(PROJECT_DIR, 'scripts', 'nome.js'));
let defaultRunner: SyncRunner = nomeSyncCommand;

/** Replaces the default seam for this process (tests; an embedding that calls the sync in-process). Returns the previous one. */
export function setSyncRunner(runner: SyncRunner): SyncRunner {
  const previous = defaultRunner;
  defaultRunner = runner;
  return previous;
}

export interface SeedOptions extends SyncRunOptions {
  sync?: SyncRunner;
  onStep?: (message: string) => void;
  /** Customers the sandbox generates when seeding from it (default 50). */
  sandboxCustomers?: number;
  /** The target org: with the sandbox, the accounts its customers link to are created there first. */
  org?: Org;
}

/**
 * Without METRONOME_BEARER_TOKEN, a local Metronome sandbox serves the data for the length of the seed; the sync
 * reaches it through METRONOME_BASE_URL / METRONOME_BEARER_TOKEN in its environment, as it would a real account.
 */
async function withMetronome<T>(options: SeedOptions, run: (env: Record<string, string>) => Promise<T>): Promise<T> {
  if (metronomeSource() === 'live') return run({});
  const customers = options.sandboxCustomers ?? 50;
  const sandbox = await startMetronomeSandbox({ customers });
  try {
    if (options.org) {
      options.onStep?.(`Creating the accounts the sandbox's ${customers} customers link to…`);
      await linkOrgAccounts(options.org.getConnection(), sandbox);
    }
    return await run({ METRONOME_BASE_URL: sandbox.baseURL, METRONOME_BEARER_TOKEN: sandbox.bearerToken });
  } finally {
    await sandbox.stop();
  }
}

export async function seedOrg(options: SeedOptions): Promise<SeedResult> {
  const sync = options.sync ?? defaultRunner;
  const metronome = metronomeSource();
  options.onStep?.(
    `Seeding ${options.targetOrg} with the sync from ${metronome === 'live' ? 'Metronome (METRONOME_BEARER_TOKEN)' : 'the local Metronome sandbox'}…`,
  );
  return withMetronome(options, async (env) => {
    const stepOptions = {
      targetOrg: options.targetOrg,
      projectDir: options.projectDir,
      env: { ...options.env, ...env },
    };
    const run = await sync('run', stepOptions);
    options.onStep?.('Validating the synced data (nome sync validate)…');
    const validate = await sync('validate', stepOptions);
    return { targetOrg: options.targetOrg, metronome, run, validate, warnings: runWarnings(run) };
  });
}
