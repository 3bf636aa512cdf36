/**
 * One environment, end to end: connect to the org (auth store or instance URL + token), read Metronome through
 * the SDK (METRONOME_BEARER_TOKEN, METRONOME_BASE_URL), open the environment's state, run or validate.
 */
import type { Logger } from 'pino';
import { loadSchema, type PackageSchema } from '../metadata/index.ts';
import { createMetronomeSource } from '../metronome/index.ts';
import { connectToOrg, SalesforceClient, type RetryOptions } from '../salesforce/index.ts';
import { defaultOptions, type EnvironmentConfig, type SyncOptions } from './config.ts';
import { readOrgIdentity, runSync } from './run.ts';
import { mappedSource } from './source.ts';
import { stateDir, StateStore } from './state.ts';
import type { ProgressEvent, SyncReport } from './types.ts';
import { validateSync, type ValidationReport } from './validate.ts';

export interface EnvironmentSpec {
  name: string;
  targetOrg?: string;
  instanceUrl?: string;
  selection: 'all' | 'linked';
  schedule?: string;
  options: SyncOptions;
}

export function environmentFromConfig(name: string, env: EnvironmentConfig): EnvironmentSpec {
  return { name, targetOrg: env.targetOrg, instanceUrl: env.instanceUrl, selection: env.selection, schedule: env.schedule, options: env.options };
}

/** An environment given on the command line only (`--target-org` / `--instance-url`), with default options. */
export function adhocEnvironment(spec: { name?: string; targetOrg?: string; instanceUrl?: string; selection?: 'all' | 'linked'; options?: Partial<SyncOptions> }): EnvironmentSpec {
  const name = spec.name ?? (spec.targetOrg ? spec.targetOrg.replace(/[^A-Za-z0-9_.-]/g, '_') : `instance_${new URL(spec.instanceUrl!).host.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  return { name, targetOrg: spec.targetOrg, instanceUrl: spec.instanceUrl, selection: spec.selection ?? 'all', options: defaultOptions(spec.options) };
}

export interface ServiceOptions {
  dryRun?: boolean;
  /** Send every record, not only changed ones (see RunOptions.full). */
  full?: boolean;
  logger?: Logger;
  onProgress?: (event: ProgressEvent) => void;
  /** Defaults to NOME_STATE_DIR or .nome/state. */
  stateDirectory?: string;
  schema?: PackageSchema;
  /** Salesforce write retries (tests shorten the backoff). */
  retry?: Partial<RetryOptions>;
  env?: NodeJS.ProcessEnv;
}

function requireMetronomeToken(env: NodeJS.ProcessEnv): void {
  if (!env.METRONOME_BEARER_TOKEN) {
    throw Object.assign(new Error('METRONOME_BEARER_TOKEN is not set: the sync reads Metronome with it (and METRONOME_BASE_URL, when not api.metronome.com).'), {
      name: 'MissingMetronomeToken',
    });
  }
}

async function prepare(spec: EnvironmentSpec, options: ServiceOptions) {
  const env = options.env ?? process.env;
  requireMetronomeToken(env);
  const schema = options.schema ?? (await loadSchema());
  const { conn, description } = await connectToOrg({ targetOrg: spec.targetOrg, instanceUrl: spec.instanceUrl }, env);
  const client = new SalesforceClient(conn, {
    retry: options.retry,
    events: { onRetry: ({ what, attempt, error, delayMs }) => options.logger?.warn({ what, attempt: attempt + 1, delayMs, error: error instanceof Error ? error.message : String(error) }, 'retrying Salesforce call') },
  });
  const reader = createMetronomeSource({
    bearerToken: env.METRONOME_BEARER_TOKEN,
    ...(env.METRONOME_BASE_URL ? { baseURL: env.METRONOME_BASE_URL } : {}),
    concurrency: spec.options.metronomeConcurrency,
    maxRetries: spec.options.metronomeMaxRetries,
    // One customer whose reads keep failing must not stop the others; the run then mirrors no deletions.
    onCustomerError: () => 'skip',
  });
  const selection = { mode: spec.selection, ...(spec.options.extraAccountsField ? { extraAccountsField: spec.options.extraAccountsField } : {}) };
  const source = mappedSource(schema, reader, selection);
  return { schema, client, source, description };
}

export async function syncEnvironment(spec: EnvironmentSpec, options: ServiceOptions = {}): Promise<SyncReport> {
  const state = StateStore.forEnvironment(spec.name, options.stateDirectory ?? stateDir(options.env));
  try {
    let prepared;
    try {
      prepared = await prepare(spec, options);
    } catch (error) {
      state.recordFailedStart(spec.name, error instanceof Error ? error.message : String(error));
      throw error;
    }
    return await runSync(
      { schema: prepared.schema, client: prepared.client, source: prepared.source, state, target: prepared.description, logger: options.logger, onProgress: options.onProgress },
      {
        environment: spec.name,
        dryRun: options.dryRun,
        full: options.full,
        bulkThreshold: spec.options.bulkThreshold,
        customerBatchSize: spec.options.customerBatchSize,
        maxApiShare: spec.options.maxApiShare,
        refreshSampleSize: spec.options.refreshSampleSize,
        deletions: spec.options.deletions,
      },
    );
  } finally {
    state.close();
  }
}

export async function validateEnvironment(spec: EnvironmentSpec, options: ServiceOptions = {}): Promise<ValidationReport> {
  const prepared = await prepare(spec, options);
  const { orgId } = await readOrgIdentity(prepared.client);
  return validateSync({ schema: prepared.schema, client: prepared.client, source: prepared.source, orgId });
}
