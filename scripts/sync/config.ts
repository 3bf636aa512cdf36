/**
 * The sync's environments (config/sync.config.json): each names its target org, which customers it syncs,
 * when it runs and how. Secrets never live here: tokens come from the environment or the sf CLI's auth store.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';

export const DEFAULT_CONFIG_FILE = 'config/sync.config.json';
export const DEFAULT_SCHEDULE = '0 7 * * *';

const SECRET_KEY = /token|secret|password|private.?key|bearer|session/i;

const cron = z.string().refine(
  (pattern) => {
    try {
      new Cron(pattern, { paused: true, timezone: 'UTC' }).stop();
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid cron expression (minute hour day month weekday, e.g. "0 7 * * *")' },
);

export const syncOptionsSchema = z
  .object({
    /** Records of one object per batch at or above this go through Bulk API 2.0; fewer through sObject Collections. */
    bulkThreshold: z.number().int().min(1).default(1000),
    /**
     * Write what is queued at least every this many customers (a checkpoint). Unset, records wait in per-object
     * queues until a call's worth or the end, which takes the fewest API calls.
     */
    customerBatchSize: z.number().int().min(1).max(10_000).optional(),
    /** Queued records held in memory; beyond, the write queues spill to a private temp file (no extra API call). */
    maxQueuedRecords: z.number().int().min(1).optional(),
    /** Share of the org's remaining daily API requests one run may use. */
    maxApiShare: z.number().gt(0).max(1).default(0.5),
    /** Ids per object checked to still exist before an incremental run (a refreshed or wiped org → full sync). */
    refreshSampleSize: z.number().int().min(0).max(200).default(5),
    /** Mirror deletions of records the sync created (archived customers and plans, removed line items, aliases, links). */
    deletions: z.boolean().default(true),
    /** Parallel per-customer reads from Metronome. */
    metronomeConcurrency: z.number().int().min(1).max(64).default(4),
    /** SDK retries per Metronome request (429 honouring Retry-After, 5xx, connection errors). */
    metronomeMaxRetries: z.number().int().min(0).max(20).default(5),
    /** Customer custom field holding further Salesforce Account IDs (comma-separated) of a customer. */
    extraAccountsField: z.string().min(1).optional(),
  })
  .strict();

export type SyncOptions = z.output<typeof syncOptionsSchema>;

const environmentSchema = z
  .object({
    description: z.string().optional(),
    /** sf CLI alias or username (JWT or web login, production or sandbox). */
    targetOrg: z.string().min(1).optional(),
    /** Alternative to targetOrg: the instance URL; the token comes from SF_ACCESS_TOKEN. */
    instanceUrl: z.url().optional(),
    selection: z.enum(['all', 'linked']).default('all'),
    /** Cron expression, evaluated in UTC. */
    schedule: cron.default(DEFAULT_SCHEDULE),
    enabled: z.boolean().default(true),
    options: syncOptionsSchema.prefault({}),
  })
  .strict()
  .refine((e) => e.targetOrg || e.instanceUrl, {
    message: 'needs targetOrg (an sf CLI alias or username) or instanceUrl',
  });

export const syncConfigSchema = z
  .object({
    $schema: z.string().optional(),
    environments: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'environment names are letters, digits, _ . or -'),
        environmentSchema,
      )
      .refine((e) => Object.keys(e).length > 0, {
        message: 'names no environment',
      }),
  })
  .strict();

export type SyncConfig = z.output<typeof syncConfigSchema>;
export type EnvironmentConfig = SyncConfig['environments'][string];

export class ConfigError extends Error {
  readonly file: string;
  readonly issues: string[];
  constructor(file: string, issues: string[]) {
    super(`${file} is not a valid sync configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

function findSecrets(value: unknown, at: string[] = []): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(SECRET_KEY.test(key) ? [[...at, key].join('.')] : []),
    ...findSecrets(v, [...at, key]),
  ]);
}

/** Validates a parsed configuration; errors name the file and the path of each bad value. */
export function parseSyncConfig(raw: unknown, file: string): SyncConfig {
  const secrets = findSecrets(raw);
  if (secrets.length) {
    throw new ConfigError(
      file,
      secrets.map(
        (p) =>
          `${p}: secrets do not belong in the config file; use SF_ACCESS_TOKEN / METRONOME_BEARER_TOKEN or the sf CLI's auth store`,
      ),
    );
  }
  const parsed = syncConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      file,
      parsed.error.issues.map(
        (issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}

export function loadSyncConfig(file = DEFAULT_CONFIG_FILE, cwd = process.cwd()): SyncConfig {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`is not JSON: ${(error as Error).message}`]);
  }
  return parseSyncConfig(raw, file);
}

export function getEnvironment(config: SyncConfig, name: string, file = DEFAULT_CONFIG_FILE): EnvironmentConfig {
  const env = config.environments[name];
  if (!env)
    throw new ConfigError(file, [
      `environments.${name}: no such environment (known: ${Object.keys(config.environments).join(', ')})`,
    ]);
  return env;
}

/** Options for an ad-hoc run (no config file): the schema's defaults. */
export function defaultOptions(overrides: Partial<SyncOptions> = {}): SyncOptions {
  return syncOptionsSchema.parse(overrides);
}
