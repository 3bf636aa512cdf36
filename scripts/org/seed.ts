/**
 * Seeding an org with realistic data = running the Metronome → Salesforce sync into it, then its validation.
 * The sync lives in scripts/sync and is reached through one seam, `SyncRunner`: by default the project's own
 * commands `nome sync run` / `nome sync validate --target-org <alias> --json` in a child process (so the sync's
 * own flags, config and Metronome client apply unchanged); tests inject a runner.
 * Metronome source: a real Metronome account when METRONOME_BEARER_TOKEN is set, otherwise the local Metronome
 * sandbox; the sync command makes that choice from the environment, which the child process inherits.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CommandError } from '../cli/output.ts';
import { PROJECT_DIR } from '../metadata/index.ts';

export type SyncStep = 'run' | 'validate';

export interface SyncRunOptions {
  targetOrg: string;
  projectDir: string;
}

/** Runs one sync step and returns its `--json` result; throws a CommandError when the step fails. */
export type SyncRunner = (step: SyncStep, options: SyncRunOptions) => Promise<unknown>;

export interface SeedResult {
  targetOrg: string;
  metronome: 'live' | 'sandbox';
  run: unknown;
  validate: unknown;
}

export function metronomeSource(env: NodeJS.ProcessEnv = process.env): 'live' | 'sandbox' {
  return env.METRONOME_BEARER_TOKEN ? 'live' : 'sandbox';
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
export const syncCommandAt = (cli: string): SyncRunner => (step, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'sync', step, '--target-org', options.targetOrg, '--json'], {
      cwd: options.projectDir,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (/unknown command 'sync'|unknown command "sync"/.test(stderr)) {
        reject(
          new CommandError('The sync (`nome sync run`, scripts/sync) is not part of this checkout yet, so the org cannot be seeded.', {
            name: 'SyncUnavailableError',
            actions: ['Update your checkout, or skip seeding with --no-seed and seed later with `npx nome org seed --target-org <alias>`.'],
          }),
        );
        return;
      }
      const document = parseLastJson(stdout);
      if (code === 0 && document && (document.status ?? 0) === 0) {
        resolve(document.result);
        return;
      }
      reject(
        new CommandError(`nome sync ${step} failed for ${options.targetOrg}: ${document?.message ?? (stderr.trim() || `exit code ${code}`)}`, {
          name: step === 'validate' ? 'SyncValidationError' : 'SyncRunError',
          actions: document?.actions ?? [],
          data: document,
        }),
      );
    });
  });

/** Replaces the default seam for this process (tests; an embedding that calls the sync in-process). Returns the previous one. */
export function setSyncRunner(runner: SyncRunner): SyncRunner {
  const previous = defaultRunner;
  defaultRunner = runner;
  return previous;
}

/** The default seam: the project's own `nome sync` commands. */
export const nomeSyncCommand: SyncRunner = syncCommandAt(path.join(PROJECT_DIR, 'scripts', 'nome.js'));
let defaultRunner: SyncRunner = nomeSyncCommand;

export async function seedOrg(options: SyncRunOptions & { sync?: SyncRunner; onStep?: (message: string) => void }): Promise<SeedResult> {
  const sync = options.sync ?? defaultRunner;
  const metronome = metronomeSource();
  options.onStep?.(`Seeding ${options.targetOrg} with the sync from ${metronome === 'live' ? 'Metronome (METRONOME_BEARER_TOKEN)' : 'the local Metronome sandbox'}…`);
  const run = await sync('run', options);
  options.onStep?.('Validating the synced data (nome sync validate)…');
  const validate = await sync('validate', options);
  return { targetOrg: options.targetOrg, metronome, run, validate };
}
