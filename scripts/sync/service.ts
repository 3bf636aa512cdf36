/**
 * One environment, end to end: connect to the org (auth store or instance URL + token), read Metronome through
 * the SDK (METRONOME_BEARER_TOKEN, METRONOME_BASE_URL), open the environment's state, run or validate.
 */
import type { Logger } from 'pino';
import { loadSchema, type PackageSchema } from '../metadata/index.ts';
import { createMetronomeSource } from '../metronome/index.ts';
import {
  ConnectError,
  connectToOrg,
  OrgUnreachableError,
  SalesforceClient,
  type RetryOptions,
} from '../salesforce/index.ts';
import { defaultOptions, type EnvironmentConfig, type SyncOptions } from './config.ts';
import { readOrgIdentity, runSync } from './run.ts';
import { mappedSource } from './source.ts';
import { stateDir, StateStore } from './state/index.ts';
import { threadedSource } from './thread-source.ts';
import type { ProgressEvent, SyncReport, SyncSource } from './types.ts';
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
  return {
    name,
    targetOrg: env.targetOrg,
    instanceUrl: env.instanceUrl,
    selection: env.selection,
    schedule: env.schedule,
    options: env.options,
  };
}

/** An environment given on the command line only (`--target-org` / `--instance-url`), with default options. */
export function adhocEnvironment(spec: {
  name?: string;
  targetOrg?: string;
  instanceUrl?: string;
  selection?: 'all' | 'linked';
  options?: Partial<SyncOptions>;
}): EnvironmentSpec {
  const name =
    spec.name ??
    (spec.targetOrg
      ? spec.targetOrg.replace(/[^A-Za-z0-9_.-]/g, '_')
      : `instance_${instanceHost(spec.instanceUrl!).replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  return {
    name,
    targetOrg: spec.targetOrg,
    instanceUrl: spec.instanceUrl,
    selection: spec.selection ?? 'all',
    options: defaultOptions(spec.options),
  };
}

/** The host of an `--instance-url`, or an error naming the flag and the value and what a valid one looks like. */
function instanceHost(instanceUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(instanceUrl);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.host) {
    throw new ConnectError(`--instance-url ${JSON.stringify(instanceUrl)} is not an http(s) URL.`, [
      "Give the org's instance URL, for example --instance-url https://mydomain.my.salesforce.com (see `sf org display`)",
    ]);
  }
  return url.host;
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
  /** Longest wait for one Salesforce answer (tests shorten it). */
  callTimeoutMs?: number;
  /** Aborted on SIGTERM/SIGINT: the run ends after the call in flight, recorded as interrupted. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

function requireMetronomeToken(env: NodeJS.ProcessEnv): void {
  if (!env.METRONOME_BEARER_TOKEN) {
    throw Object.assign(
      new Error(
        'METRONOME_BEARER_TOKEN is not set: the sync reads Metronome with it (and METRONOME_BASE_URL, when not api.metronome.com).',
      ),
      {
        name: 'MissingMetronomeToken',
      },
    );
  }
}

/** Every input is checked (tokens present, URLs well-formed, the org known) before anything is written. */
async function prepare(spec: EnvironmentSpec, options: ServiceOptions) {
  const env = options.env ?? process.env;
  requireMetronomeToken(env);
  if (spec.instanceUrl) instanceHost(spec.instanceUrl);
  const metronomeUrl = metronomeBaseUrl(env);
  const schema = options.schema ?? (await loadSchema());
  const { conn, description } = await connectToOrg({ targetOrg: spec.targetOrg, instanceUrl: spec.instanceUrl }, env);
  const client = new SalesforceClient(conn, {
    retry: options.retry,
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
    events: {
      onRetry: ({ what, attempt, error, delayMs }) =>
        options.logger?.warn(
          { what, attempt: attempt + 1, delayMs, error: error instanceof Error ? error.message : String(error) },
          'retrying Salesforce call',
        ),
    },
  });
  const selection = {
    mode: spec.selection,
    ...(spec.options.extraAccountsField ? { extraAccountsField: spec.options.extraAccountsField } : {}),
  };
  const metronome = {
    bearerToken: env.METRONOME_BEARER_TOKEN!,
    ...(env.METRONOME_BASE_URL ? { baseURL: env.METRONOME_BASE_URL } : {}),
    concurrency: spec.options.metronomeConcurrency,
    maxRetries: spec.options.metronomeMaxRetries,
  };
  // One customer whose reads keep failing must not stop the others; the run then mirrors no deletions.
  // The reader thread is opt-in until it is measured faster (scripts/sync/README.md, "How reading works").
  const source: SyncSource & { close?(): Promise<void> } =
    env.NOME_READ_THREAD === 'on'
      ? threadedSource({
          schema,
          metronome,
          selection,
          baseUrl: metronomeUrl,
          skipFailedCustomers: true,
          signal: options.signal,
        })
      : mappedSource(
          schema,
          createMetronomeSource({ ...metronome, onCustomerError: () => 'skip' }),
          selection,
          metronomeUrl,
        );
  return { schema, client, source, description };
}

const DEFAULT_METRONOME_URL = 'https://api.metronome.com';

function metronomeBaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.METRONOME_BASE_URL || DEFAULT_METRONOME_URL;
  try {
    new URL(url);
  } catch {
    throw Object.assign(
      new Error(`METRONOME_BASE_URL ${JSON.stringify(url)} is not a URL (unset it for ${DEFAULT_METRONOME_URL}).`),
      { name: 'InvalidMetronomeUrl' },
    );
  }
  return url;
}

export async function syncEnvironment(spec: EnvironmentSpec, options: ServiceOptions = {}): Promise<SyncReport> {
  // Invalid inputs fail here, before the environment's state file exists.
  const prepared = await prepare(spec, options);
  const state = StateStore.forEnvironment(spec.name, options.stateDirectory ?? stateDir(options.env));
  try {
    return await runSync(
      {
        schema: prepared.schema,
        client: prepared.client,
        source: prepared.source,
        state,
        target: prepared.description,
        logger: options.logger,
        onProgress: options.onProgress,
        signal: options.signal,
      },
      {
        environment: spec.name,
        dryRun: options.dryRun,
        full: options.full,
        bulkThreshold: spec.options.bulkThreshold,
        customerBatchSize: spec.options.customerBatchSize,
        ...(spec.options.maxQueuedRecords ? { maxQueuedRecords: spec.options.maxQueuedRecords } : {}),
        maxApiShare: spec.options.maxApiShare,
        refreshSampleSize: spec.options.refreshSampleSize,
        deletions: spec.options.deletions,
      },
    );
  } catch (error) {
    // An org that never answered leaves a trace in the history (a schedule's failures show there).
    if (error instanceof OrgUnreachableError) state.recordFailedStart(spec.name, error.message);
    throw error;
  } finally {
    state.close();
    await prepared.source.close?.();
  }
}

export async function validateEnvironment(
  spec: EnvironmentSpec,
  options: ServiceOptions = {},
): Promise<ValidationReport> {
  const prepared = await prepare(spec, options);
  try {
    const { orgId } = await readOrgIdentity(prepared.client);
    return await validateSync({ schema: prepared.schema, client: prepared.client, source: prepared.source, orgId });
  } finally {
    await prepared.source.close?.();
  }
}
