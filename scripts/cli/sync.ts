import { Command, Option } from 'commander';
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
  type SyncReport,
} from '../sync/index.ts';
import { integerFlag, numberFlag } from './flags.ts';
import { CommandError, printResult } from './output.ts';
import { abortOnSignals, untilStopped } from './signals.ts';

/**
 * Exit codes of `nome sync run`: scripts and schedulers can tell a partial run from a failed one, and a run the
 * API budget stopped from one refused because another process is syncing the environment.
 */
export const RUN_EXIT = { succeeded: 0, failed: 1, partial: 2, stopped: 3, busy: 4, interrupted: 5 } as const;

interface TargetFlags {
  env?: string;
  config: string;
  targetOrg?: string;
  instanceUrl?: string;
  selection?: 'all' | 'linked';
  json?: boolean;
  logLevel?: string;
}

function addTargetFlags(command: Command): Command {
  return command
    .option('--env <name>', `environment of the config file (its target org, selection, options)`)
    .option('--config <file>', 'sync configuration file', DEFAULT_CONFIG_FILE)
    .option('-o, --target-org <alias|username>', 'org known to the sf CLI (overrides the environment\'s)')
    .option('--instance-url <url>', 'org instance URL; the access token comes from SF_ACCESS_TOKEN')
    .addOption(new Option('--selection <mode>', 'customers to sync (overrides the environment\'s)').choices(['all', 'linked']))
    .option('--json', 'print one {status, result} JSON document')
    .addOption(new Option('--log-level <level>', 'structured log level on stderr').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']));
}

/** The environment a command acts on: from the config file (`--env`), from flags, or both (flags win). */
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
    throw new CommandError('Say which org to sync: --env <name> (from the config file), --target-org <alias|username>, or --instance-url <url> with SF_ACCESS_TOKEN.', {
      name: 'NoTargetOrg',
      actions: [`nome sync run --env production   (environments are in ${DEFAULT_CONFIG_FILE})`],
    });
  }
  return adhocEnvironment({ targetOrg: flags.targetOrg, instanceUrl: flags.instanceUrl, selection: flags.selection });
}

/** Known failures become sf-style errors with a hint; anything else surfaces as is. */
function asCommandError(error: unknown): unknown {
  if (error instanceof ConfigError) return new CommandError(error.message, { name: 'InvalidSyncConfig', data: { file: error.file, issues: error.issues } });
  if (error instanceof ConnectError) return new CommandError(error.message, { name: 'NoOrgConnection', actions: error.actions });
  if (error instanceof SalesforceCallError && error.errorCode === 'INVALID_SESSION_ID') {
    return new CommandError(error.message, {
      name: 'SessionExpired',
      actions: ['With --instance-url: export a fresh SF_ACCESS_TOKEN', 'With --target-org: sf org login web|jwt again (the sf CLI refreshes sessions it can)'],
    });
  }
  if (error instanceof Error && error.name === 'RunInProgress') return new CommandError(error.message, { name: error.name, exitCode: RUN_EXIT.busy });
  if (error instanceof Error && error.name === 'MissingMetronomeToken') {
    return new CommandError(error.message, { name: error.name, actions: ['export METRONOME_BEARER_TOKEN=<token>  (and METRONOME_BASE_URL for a sandbox)'] });
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

function runCommand(): Command {
  const command = addTargetFlags(new Command('run').description('Sync one environment now: Metronome → Salesforce, only what changed.'))
    .option('--dry-run', 'report what would change; write nothing to the org')
    .option('--full', 'send every record, not only what changed in Metronome: repairs hand edits and deletions `nome sync validate` reports')
    .option('--bulk-threshold <n>', 'records of one object per batch from which Bulk API 2.0 is used', integerFlag('--bulk-threshold', 1))
    .option('--max-api-share <share>', 'share (0–1] of the remaining daily API requests this run may use', numberFlag('--max-api-share', 'a share above 0 and at most 1', (n) => n > 0 && n <= 1))
    .action(async (flags: TargetFlags & { dryRun?: boolean; full?: boolean; bulkThreshold?: number; maxApiShare?: number }) => {
      const report = await guarded(async () => {
        const spec = resolveEnvironment(flags);
        if (flags.bulkThreshold) spec.options.bulkThreshold = flags.bulkThreshold;
        if (flags.maxApiShare) spec.options.maxApiShare = flags.maxApiShare;
        const logger = createLogger({ level: flags.logLevel, defaultLevel: flags.json ? 'silent' : 'warn' });
        const progress = flags.json ? undefined : createProgress();
        const stop = abortOnSignals();
        try {
          return await syncEnvironment(spec, { dryRun: flags.dryRun, full: flags.full, logger, onProgress: progress?.update, signal: stop.signal });
        } finally {
          stop.dispose();
          progress?.stop();
        }
      });
      printResult(report, flags, () => process.stdout.write(`${summaryTable(report)}\n`), RUN_EXIT[report.status]);
    });
  return command;
}

function validateCommand(): Command {
  return addTargetFlags(new Command('validate').description('Compare Metronome with what the org holds (by querying it); exit 1 on drift.')).action(
    async (flags: TargetFlags) => {
      const report = await guarded(async () => {
        const spec = resolveEnvironment(flags);
        return validateEnvironment(spec, { logger: createLogger({ level: flags.logLevel, defaultLevel: 'warn' }) });
      });
      printResult(report, flags, () => process.stdout.write(`${validationTable(report)}\n`), report.inSync ? 0 : 1);
    },
  );
}

function scheduleCommand(): Command {
  return new Command('schedule')
    .description('Run every enabled environment of the config file on its schedule (default daily 07:00 UTC) until stopped.')
    .option('--config <file>', 'sync configuration file', DEFAULT_CONFIG_FILE)
    .option('--env <name...>', 'only these environments')
    .option('--run-now', 'also run each environment once at start')
    .addOption(new Option('--log-level <level>', 'structured log level on stderr').choices(['trace', 'debug', 'info', 'warn', 'error']).default('info'))
    .action(async (flags: { config: string; env?: string[]; runNow?: boolean; logLevel: string }) => {
      const specs = await guarded(async () => {
        const config = loadSyncConfig(flags.config);
        const names = flags.env ?? Object.keys(config.environments).filter((n) => config.environments[n]!.enabled);
        return names.map((n) => environmentFromConfig(n, getEnvironment(config, n, flags.config)));
      });
      const logger = createLogger({ level: flags.logLevel });
      // SIGTERM/SIGINT: no new run starts; runs going on end after their call in flight, recorded as interrupted.
      const stop = abortOnSignals();
      let interrupted = 0;
      const onReport = (r: SyncReport) => void (r.status === 'interrupted' && interrupted++);
      const schedule = startSchedule(specs, syncEnvironment, { logger, service: { signal: stop.signal }, onReport });
      for (const e of schedule.environments()) logger.info({ environment: e.name, cron: e.pattern, nextRun: e.nextRun?.toISOString() }, 'scheduled');
      const stopped = new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
      if (flags.runNow) await Promise.race([Promise.all(specs.map((s) => schedule.trigger(s.name))), stopped]);
      await stopped;
      schedule.stop();
      await schedule.drain();
      stop.dispose();
      logger.info({ interrupted }, 'schedule stopped');
      process.exitCode = interrupted ? RUN_EXIT.interrupted : 0;
    });
}

function withState<T>(environment: string, read: (state: StateStore) => T): T {
  const state = StateStore.forEnvironment(environment, stateDir());
  try {
    return read(state);
  } finally {
    state.close();
  }
}

function historyCommand(): Command {
  return new Command('history')
    .description('List recorded runs of an environment (from its state store).')
    .requiredOption('--env <name>', 'environment name (as in the config file, or the alias used with --target-org)')
    .option('--limit <n>', 'most recent runs to list', integerFlag('--limit', 1), 20)
    .option('--json', 'print one {status, result} JSON document')
    .action(async (flags: { env: string; limit: number; json?: boolean }) => {
      const runs = await guarded(async () => withState(flags.env, (state) => state.runs(flags.limit)));
      printResult(runs, flags, () => {
        if (!runs.length) return void process.stdout.write(`No runs recorded for ${flags.env} (state in ${stateDir()}).\n`);
        for (const r of runs) {
          const s = r.summary as Partial<SyncReport> | null;
          const totals = s?.objects ? Object.values(s.objects).reduce((a, c) => ({ w: a.w + c.created + c.updated + c.deleted, f: a.f + c.failed }), { w: 0, f: 0 }) : undefined;
          process.stdout.write(
            `#${r.id} ${r.startedAt} → ${r.endedAt ?? '…'} ${r.status}${r.dryRun ? ' (dry run)' : ''} org ${r.orgId || '-'}` +
              (totals ? ` written ${totals.w}, failed ${totals.f}, Salesforce calls ${s?.apiCalls?.salesforce ?? '?'}` : '') +
              (r.error ? ` — ${r.error}` : '') +
              '\n',
          );
        }
      });
    });
}

function errorsCommand(): Command {
  return new Command('errors')
    .description('List the record errors still outstanding for an environment (they are retried on every run).')
    .requiredOption('--env <name>', 'environment name')
    .option('--json', 'print one {status, result} JSON document')
    .action(async (flags: { env: string; json?: boolean }) => {
      const errors = await guarded(async () => withState(flags.env, (state) => state.errors()));
      printResult(errors, flags, () => {
        if (!errors.length) return void process.stdout.write(`No outstanding record errors for ${flags.env}.\n`);
        for (const e of errors) {
          process.stdout.write(`${e.object} ${e.externalId ?? '-'} (Metronome ${e.sourceId}) ${e.code}${e.field ? ` [${e.field}]` : ''}: ${e.message} (since ${e.firstSeen})\n`);
        }
      });
    });
}

function startCommand(): Command {
  return new Command('start')
    .description('Start the local org and the Metronome sandbox, sync once, print a query to try, then keep the schedule running (npm start).')
    .option('--customers <n>', 'sandbox customers', integerFlag('--customers', 10, 100_000), 50)
    .option('--org-dir <dir>', 'local org data directory', '.nome/local-org')
    .option('--sf-alias <alias>', "alias to save the local org under in the sf CLI's auth store ('' to skip)", 'nome-local')
    .addOption(new Option('--log-level <level>', 'structured log level on stderr').choices(['trace', 'debug', 'info', 'warn', 'error']).default('warn'))
    .action(async (flags: { customers: number; orgDir: string; sfAlias: string; logLevel: string }) => {
      const { startDemo } = await import('../sync/start.ts');
      const started = await startDemo({ customers: flags.customers, orgDir: flags.orgDir, sfAlias: flags.sfAlias, logger: createLogger({ level: flags.logLevel }) });
      await untilStopped();
      await started.stop();
    });
}

/** `nome sync …`: the companion sync. */
export function syncCommand(): Command {
  return new Command('sync')
    .description('The companion sync: Metronome → Salesforce, incremental and safe to re-run.')
    .addCommand(runCommand())
    .addCommand(validateCommand())
    .addCommand(scheduleCommand())
    .addCommand(historyCommand())
    .addCommand(errorsCommand())
    .addCommand(startCommand());
}
