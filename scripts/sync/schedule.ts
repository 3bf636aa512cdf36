/**
 * `nome sync schedule`: each environment on its own cron (default 07:00 UTC daily). A run of an environment
 * never overlaps the previous one (croner's protect, plus our own flag), and a failed run is logged and recorded
 * in the state store's history; the schedule goes on.
 */
import { Cron } from 'croner';
import type { Logger } from 'pino';
import { DEFAULT_SCHEDULE } from './config.ts';
import type { EnvironmentSpec, ServiceOptions } from './service.ts';
import type { SyncReport } from './types.ts';

export interface ScheduledEnvironment {
  name: string;
  pattern: string;
  nextRun: Date | null;
  running: boolean;
}

export interface Schedule {
  environments(): ScheduledEnvironment[];
  /** Runs an environment now (respecting the no-overlap rule); resolves when done, undefined if one was running. */
  trigger(name: string): Promise<SyncReport | undefined>;
  stop(): void;
  /** Resolves when no run is going on (after `stop`, and an abort of the runs' signal, they end soon). */
  drain(): Promise<void>;
}

export type RunEnvironment = (spec: EnvironmentSpec, options: ServiceOptions) => Promise<SyncReport>;

export function startSchedule(
  specs: EnvironmentSpec[],
  run: RunEnvironment,
  options: {
    logger?: Logger;
    service?: ServiceOptions;
    onReport?: (report: SyncReport) => void;
    onError?: (env: string, error: unknown) => void;
  } = {},
): Schedule {
  const running = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const { logger } = options;

  const runOnce = (spec: EnvironmentSpec): Promise<SyncReport | undefined> => {
    const run = runTracked(spec);
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  };

  const runTracked = async (spec: EnvironmentSpec): Promise<SyncReport | undefined> => {
    if (running.has(spec.name)) {
      logger?.warn({ environment: spec.name }, 'previous run still going: this one is skipped');
      return undefined;
    }
    running.add(spec.name);
    logger?.info({ environment: spec.name }, 'scheduled sync starting');
    try {
      const report = await run(spec, { ...options.service, logger });
      logger?.info(
        {
          environment: spec.name,
          status: report.status,
          durationMs: report.durationMs,
          errors: report.recordErrorCount,
          apiCalls: report.apiCalls.salesforce,
        },
        'scheduled sync finished',
      );
      options.onReport?.(report);
      return report;
    } catch (error) {
      // Already recorded in the environment's history by the service; the schedule carries on.
      logger?.error(
        { environment: spec.name, error: error instanceof Error ? error.message : String(error) },
        'scheduled sync failed',
      );
      options.onError?.(spec.name, error);
      return undefined;
    } finally {
      running.delete(spec.name);
    }
  };

  const jobs = specs.map((spec) => ({
    spec,
    job: new Cron(
      spec.schedule ?? DEFAULT_SCHEDULE,
      { timezone: 'UTC', protect: true, name: `sync:${spec.name}` },
      async () => {
        await runOnce(spec);
      },
    ),
  }));

  return {
    environments: () =>
      jobs.map(({ spec, job }) => ({
        name: spec.name,
        pattern: spec.schedule ?? DEFAULT_SCHEDULE,
        nextRun: job.nextRun(),
        running: running.has(spec.name),
      })),
    trigger: (name) => {
      const entry = jobs.find((j) => j.spec.name === name);
      if (!entry) throw new Error(`No scheduled environment named ${name}`);
      return runOnce(entry.spec);
    },
    stop: () => jobs.forEach(({ job }) => job.stop()),
    drain: async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
