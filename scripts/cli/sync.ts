/** `nome sync …`: the companion sync (run, validate, schedule, history, errors, and the `npm start` demo). */
import { Writable } from 'node:stream';
import { ConnectError, SalesforceCallError } from '../salesforce/index.ts';
import {
  adhocEnvironment,
  ConfigError,
  createLogger,
  createProgress,
  DEFAULT_CONFIG_FILE,
  environmentFromConfig,
  getEnvironment,
  loadSyncConfig,
  startSchedule,
  stateDir,
  StateStore,
  summaryTable,
  syncEnvironment,
  validateEnvironment,
  validationTable,
  type EnvironmentSpec,
  type RunRecord,
  type StoredRecordError,
  type SyncRecordError,
  type SyncReport,
} from '../sync/index.ts';
import { defineCommand, type CommandTree } from './command.ts';
import { boundHeapGrowth } from './heap.ts';
import { Flags, logLevelFlag, targetOrgFlag, type FlagValues } from './flags.ts';
import { CommandError, printReady, type Outcome } from './output.ts';
import { abortOnSignals, untilStopped } from './signals.ts';

/**
 * Exit codes of `nome sync run`: scripts and schedulers can tell a partial run from a failed one, and a run the
 * API budget stopped from one refused because another process is syncing the environment.
 */
export const RUN_EXIT = { succeeded: 0, failed: 1, partial: 2, stopped: 3, busy: 4, interrupted: 5 } as const;

const configFlag = Flags.string({
  placeholder: '<file>',
  summary: 'sync configuration file',
  default: DEFAULT_CONFIG_FILE,
});

/** Where a run or validation goes: an environment of the config file, flags, or both (flags win). */
const targetFlags = {
  env: Flags.string({
    placeholder: '<name>',
    summary: 'environment of the config file (its target org, selection, options)',
  }),
  config: configFlag,
  'target-org': {
    ...targetOrgFlag,
    summary: "org alias or username known to the sf CLI (overrides the environment's)",
  },
  'instance-url': Flags.string({
    placeholder: '<url>',
    summary: 'org instance URL; the access token comes from SF_ACCESS_TOKEN',
  }),
  selection: Flags.option({
    placeholder: '<mode>',
    summary: "customers to sync (overrides the environment's)",
    choices: ['all', 'linked'],
  }),
  'log-level': logLevelFlag(),
};

type TargetFlags = FlagValues<typeof targetFlags>;

function resolveEnvironment(flags: TargetFlags): EnvironmentSpec {
  if (flags.env) {
    const config = loadSyncConfig(flags.config);
    const spec = environmentFromConfig(flags.env, getEnvironment(config, flags.env, flags.config));
    if (flags.targetOrg || flags.instanceUrl) {
      spec.targetOrg = flags.targetOrg;
      spec.instanceUrl = flags.instanceUrl;
    }
    if (flags.selection) spec.selection = flags.selection;
    return spec;
  }
  if (!flags.targetOrg && !flags.instanceUrl) {
    throw new CommandError(
      'Say which org to sync: --env <name> (from the config file), --target-org <alias|username>, ' +
        'or --instance-url <url> with SF_ACCESS_TOKEN.',
      {
        name: 'NoTargetOrg',
        actions: [`nome sync run --env production   (environments are in ${DEFAULT_CONFIG_FILE})`],
      },
    );
  }
  return adhocEnvironment({ targetOrg: flags.targetOrg, instanceUrl: flags.instanceUrl, selection: flags.selection });
}

/** The sync's own failures, given the name, actions and exit code a user of the CLI acts on. */
function asCommandError(error: unknown): unknown {
  if (error instanceof ConfigError) {
    return new CommandError(error.message, {
      name: 'InvalidSyncConfig',
      data: { file: error.file, issues: error.issues },
    });
  }
  if (error instanceof ConnectError)
    return new CommandError(error.message, { name: 'NoOrgConnection', actions: error.actions });
  if (error instanceof SalesforceCallError && error.errorCode === 'INVALID_SESSION_ID') {
    return new CommandError(error.message, {
      name: 'SessionExpired',
      actions: [
        'With --instance-url: export a fresh SF_ACCESS_TOKEN',
        'With --target-org: sf org login web|jwt again (the sf CLI refreshes sessions it can)',
      ],
    });
  }
  if (error instanceof Error && error.name === 'RunInProgress') {
    return new CommandError(error.message, { name: error.name, exitCode: RUN_EXIT.busy });
  }
  if (error instanceof Error && error.name === 'MissingMetronomeToken') {
    return new CommandError(error.message, {
      name: error.name,
      actions: ['export METRONOME_BEARER_TOKEN=<token>  (and METRONOME_BASE_URL for a sandbox)'],
    });
  }
  return error;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asCommandError(error);
  }
}

function warningText(w: SyncRecordError): string {
  return `${w.object} ${w.externalId ?? w.metronomeId}${w.field ? ` [${w.field}]` : ''}: ${w.message}`;
}

/** The report's warnings for the envelope: the listed ones, and a line for any beyond the report's limit. */
function runWarnings(report: SyncReport): string[] {
  const unlisted = report.warningCount - report.warnings.length;
  return [...report.warnings.map(warningText), ...(unlisted > 0 ? [`… and ${unlisted} more value(s) adjusted`] : [])];
}

const run = defineCommand({
  summary: 'Sync one environment now: Metronome → Salesforce, only what changed.',
  examples: [
    {
      summary: 'Sync the production environment of config/sync.config.json:',
      command: 'nome sync run --env production',
    },
    { summary: 'Sync an org the sf CLI knows, as JSON:', command: 'nome sync run --target-org uat --json' },
    {
      summary: 'See what a full sync would change, writing nothing:',
      command: 'nome sync run -o uat --full --dry-run',
    },
  ],
  flags: {
    ...targetFlags,
    'dry-run': Flags.boolean({ summary: 'report what would change; write nothing to the org' }),
    full: Flags.boolean({
      summary:
        'send every record, not only what changed in Metronome: ' +
        'repairs hand edits and deletions `nome sync validate` reports',
    }),
    'bulk-threshold': Flags.integer('bulk-threshold', {
      summary: 'records of one object per batch from which Bulk API 2.0 is used',
      min: 1,
    }),
    'max-api-share': Flags.number('max-api-share', {
      placeholder: '<share>',
      summary: 'share (0–1] of the remaining daily API requests this run may use',
      expected: 'a share above 0 and at most 1',
      check: (n) => n > 0 && n <= 1,
    }),
  },
  async run(flags): Promise<Outcome<SyncReport>> {
    boundHeapGrowth();
    const report = await guarded(async () => {
      const spec = resolveEnvironment(flags);
      if (flags.bulkThreshold) spec.options.bulkThreshold = flags.bulkThreshold;
      if (flags.maxApiShare) spec.options.maxApiShare = flags.maxApiShare;
      const logger = createLogger({ level: flags.logLevel, defaultLevel: flags.json ? 'silent' : 'warn' });
      const progress = flags.json ? undefined : createProgress();
      const stop = abortOnSignals();
      try {
        return await syncEnvironment(spec, {
          dryRun: flags.dryRun,
          full: flags.full,
          logger,
          onProgress: progress?.update,
          signal: stop.signal,
        });
      } finally {
        stop.dispose();
        progress?.stop();
      }
    });
    return {
      result: report,
      warnings: runWarnings(report),
      warningsInHumanText: true,
      exitCode: RUN_EXIT[report.status],
    };
  },
  human: summaryTable,
});

const validate = defineCommand({
  summary: 'Compare Metronome with what the org holds (by querying it); exit 1 on drift.',
  examples: [
    { summary: 'Check the production environment:', command: 'nome sync validate --env production' },
    {
      summary: 'Check an org reached by URL (token in SF_ACCESS_TOKEN):',
      command: 'nome sync validate --instance-url https://acme.my.salesforce.com',
    },
  ],
  flags: targetFlags,
  async run(flags) {
    const report = await guarded(async () =>
      validateEnvironment(resolveEnvironment(flags), {
        logger: createLogger({ level: flags.logLevel, defaultLevel: 'warn' }),
      }),
    );
    return { result: report, exitCode: report.inSync ? 0 : 1 };
  },
  human: validationTable,
});

const schedule = defineCommand({
  summary: 'Run every enabled environment of the config file on its schedule (default daily 07:00 UTC) until stopped.',
  description:
    'Run every enabled environment of the config file on its schedule (default daily 07:00 UTC) ' +
    'until SIGINT/SIGTERM. ' +
    'Logs go to stderr as JSON lines; with --json, stdout gets one line listing the scheduled environments.',
  examples: [
    { summary: 'Run the enabled environments on their schedules:', command: 'nome sync schedule' },
    {
      summary: 'Only production, once now and then on schedule:',
      command: 'nome sync schedule --env production --run-now',
    },
  ],
  jsonSummary: 'print one JSON line listing the scheduled environments when scheduled',
  flags: {
    config: configFlag,
    env: Flags.multiple({ placeholder: '<name>', summary: 'only these environments' }),
    'run-now': Flags.boolean({ summary: 'also run each environment once at start' }),
    'log-level': logLevelFlag(),
  },
  async run(flags) {
    boundHeapGrowth();
    const specs = await guarded(async () => {
      const config = loadSyncConfig(flags.config);
      const names = flags.env ?? Object.keys(config.environments).filter((n) => config.environments[n]!.enabled);
      return names.map((n) => environmentFromConfig(n, getEnvironment(config, n, flags.config)));
    });
    const logger = createLogger({ level: flags.logLevel, defaultLevel: 'info' });
    // SIGTERM/SIGINT: no new run starts; runs going on end after their call in flight, recorded as interrupted.
    const stop = abortOnSignals();
    let interrupted = 0;
    const onReport = (r: SyncReport) => void (r.status === 'interrupted' && interrupted++);
    const running = startSchedule(specs, syncEnvironment, { logger, service: { signal: stop.signal }, onReport });
    const environments = running
      .environments()
      .map((e) => ({ name: e.name, cron: e.pattern, nextRun: e.nextRun?.toISOString() }));
    for (const e of environments) logger.info({ environment: e.name, cron: e.cron, nextRun: e.nextRun }, 'scheduled');
    const stopped = new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
    if (flags.json) printReady({ environments }, true, () => '');
    if (flags.runNow) await Promise.race([Promise.all(specs.map((s) => running.trigger(s.name))), stopped]);
    await stopped;
    running.stop();
    await running.drain();
    stop.dispose();
    logger.info({ interrupted }, 'schedule stopped');
    process.exitCode = interrupted ? RUN_EXIT.interrupted : 0;
  },
});

function withState<T>(environment: string, read: (state: StateStore) => T): T {
  const state = StateStore.forEnvironment(environment, stateDir());
  try {
    return read(state);
  } finally {
    state.close();
  }
}

function runLine(r: RunRecord): string {
  const s = r.summary as Partial<SyncReport> | null;
  const counts = s?.objects ? Object.values(s.objects) : undefined;
  const written = counts?.reduce((n, c) => n + c.created + c.updated + c.deleted, 0);
  const failed = counts?.reduce((n, c) => n + c.failed, 0);
  return (
    `#${r.id} ${r.startedAt} → ${r.endedAt ?? '…'} ${r.status}${r.dryRun ? ' (dry run)' : ''} ` +
    `org ${r.orgId || '-'}` +
    (counts ? ` written ${written}, failed ${failed}, Salesforce calls ${s?.apiCalls?.salesforce ?? '?'}` : '') +
    (r.error ? ` — ${r.error}` : '')
  );
}

const envFlag = Flags.string({
  placeholder: '<name>',
  summary: 'environment name (as in the config file, or the alias used with --target-org)',
  required: true,
});

const history = defineCommand({
  summary: 'List recorded runs of an environment (from its state store).',
  examples: [
    { summary: 'The last 20 runs of production:', command: 'nome sync history --env production' },
    { summary: 'The last run, as JSON:', command: 'nome sync history --env production --limit 1 --json' },
  ],
  flags: { env: envFlag, limit: Flags.integer('limit', { summary: 'most recent runs to list', min: 1, default: 20 }) },
  async run(flags): Promise<Outcome<RunRecord[]>> {
    return { result: await guarded(async () => withState(flags.env, (state) => state.runs(flags.limit))) };
  },
  human: (runs, flags) =>
    runs.length ? runs.map(runLine).join('\n') : `No runs recorded for ${flags.env} (state in ${stateDir()}).`,
});

function errorLine(e: StoredRecordError): string {
  const field = e.field ? ` [${e.field}]` : '';
  const record = `${e.object} ${e.externalId ?? '-'} (Metronome ${e.sourceId})`;
  return `${record} ${e.code}${field}: ${e.message} (since ${e.firstSeen})`;
}

const errors = defineCommand({
  summary: 'List the record errors still outstanding for an environment (they are retried on every run).',
  examples: [{ summary: 'What production still refuses:', command: 'nome sync errors --env production' }],
  flags: { env: envFlag },
  async run(flags): Promise<Outcome<StoredRecordError[]>> {
    return { result: await guarded(async () => withState(flags.env, (state) => state.errors())) };
  },
  human: (list, flags) =>
    list.length ? list.map(errorLine).join('\n') : `No outstanding record errors for ${flags.env}.`,
});

/** Swallows the demo's human text under --json, where stdout holds only the ready line. */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const start = defineCommand({
  summary:
    'Start the local org and the Metronome sandbox, sync once, print a query to try, then keep the schedule running.',
  description:
    'What `npm start` runs: start the local org and the Metronome sandbox, sync once, print a query to try, ' +
    'then keep the schedule running until SIGINT/SIGTERM. With --json, stdout gets one line (where the org and ' +
    'the sandbox are, and the first run) when the first sync is done.',
  examples: [
    { summary: 'The demo with 50 customers:', command: 'nome sync start' },
    {
      summary: 'A bigger sandbox, without saving the org in the sf CLI:',
      command: "nome sync start --customers 2000 --sf-alias ''",
    },
  ],
  jsonSummary: 'print one JSON line (the org, the sandbox, the first run) when the first sync is done',
  flags: {
    customers: Flags.integer('customers', { summary: 'sandbox customers', min: 10, max: 100_000, default: 50 }),
    'org-dir': Flags.string({ placeholder: '<dir>', summary: 'local org data directory', default: '.nome/local-org' }),
    'sf-alias': Flags.string({
      placeholder: '<alias>',
      summary: "alias to save the local org under in the sf CLI's auth store ('' to skip)",
      default: 'nome-local',
    }),
    app: Flags.negated({ summary: 'do not serve the Metronome app (the sync and its schedule only)' }),
    'log-level': logLevelFlag(),
  },
  async run(flags) {
    boundHeapGrowth();
    const { startDemo } = await import('../sync/start.ts');
    // Listening from the start: a SIGTERM during the first sync (or right after the ready line) stops it cleanly.
    const stopped = untilStopped();
    const logger = createLogger({ level: flags.logLevel, defaultLevel: 'warn' });
    const out = flags.json ? discard() : process.stdout;
    const started = await startDemo({
      customers: flags.customers,
      orgDir: flags.orgDir,
      sfAlias: flags.sfAlias,
      app: flags.app,
      logger,
      out,
    });
    const { org, sandbox, report, schedule: running } = started;
    if (flags.json) {
      const nextRun = running.environments()[0]?.nextRun?.toISOString();
      const ready = {
        org: { instanceUrl: org.instanceUrl, orgId: org.orgId, username: org.username },
        metronome: { baseURL: sandbox.baseURL },
        run: report,
        nextRun,
      };
      printReady(ready, true, () => '');
    }
    await stopped;
    await started.stop();
  },
});

export const syncCommands: CommandTree = { run, validate, schedule, history, errors, start };
