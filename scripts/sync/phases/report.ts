/**
 * Phase 4, report: the run's end as a status (a budget stop or an exhausted daily limit is "stopped", not a
 * failure), the report built from the ledger and the call counters, and the run closed in the state's history.
 */
import { isDailyLimitExhausted } from '../../salesforce/index.ts';
import type { SyncReport, SyncStatus } from '../types.ts';
import { BudgetExceededError } from './budget.ts';
import { RunInterruptedError } from './interrupt.ts';
import type { RunContext } from './context.ts';

const DAILY_LIMIT_MESSAGE =
  "Stopped: Salesforce refused the run because the org's daily API request limit is used up (TotalRequests Limit exceeded). " +
  'What was written is kept in the state store; the next run, after the limit resets, carries on.';

export interface RunEnd {
  status: SyncStatus;
  message?: string;
}

/** How a run that threw ended, logged once. */
export function endOfError(run: RunContext, error: unknown): RunEnd {
  const { logger } = run.deps;
  if (error instanceof BudgetExceededError || isDailyLimitExhausted(error)) {
    const message = error instanceof BudgetExceededError ? error.message : DAILY_LIMIT_MESSAGE;
    logger?.warn({ orgId: run.orgId }, message);
    return { status: 'stopped', message };
  }
  if (error instanceof RunInterruptedError) {
    logger?.warn({ orgId: run.orgId }, error.message);
    return { status: 'interrupted', message: error.message };
  }
  logger?.error({ orgId: run.orgId, err: error }, 'sync failed');
  return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
}

export function buildReport(run: RunContext, end: RunEnd): SyncReport {
  const { deps, opts, ledger, budget } = run;
  const ended = Date.now();
  const metronomeByEndpoint = deps.source.callCounts();
  return {
    environment: opts.environment,
    orgId: run.orgId,
    target: deps.target,
    dryRun: opts.dryRun,
    status: end.status,
    ...(run.fullSyncReason ? { fullSyncReason: run.fullSyncReason } : {}),
    ...(end.message ? { message: end.message } : {}),
    startedAt: new Date(run.started).toISOString(),
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - run.started,
    objects: Object.fromEntries(ledger.counts),
    apiCalls: {
      salesforce: deps.client.callCount() - run.startCalls,
      salesforceByKind: deps.client.callCountsByKind(),
      metronome: Object.values(metronomeByEndpoint).reduce((a, b) => a + b, 0),
      metronomeByEndpoint,
    },
    apiBudget: { max: budget.limits.max, remaining: budget.limits.remaining, allowedForRun: budget.allowedForRun },
    recordErrors: ledger.errors,
    recordErrorCount: ledger.errorCount,
    warnings: ledger.warnings,
    warningCount: ledger.warningCount,
    runId: run.runId,
  };
}

/** Builds the report and closes the run in the state's history (its first 50 errors and warnings kept there). */
export function finishRun(run: RunContext, end: RunEnd): SyncReport {
  const report = buildReport(run, end);
  const summary = { ...report, recordErrors: report.recordErrors.slice(0, 50), warnings: report.warnings.slice(0, 50) };
  run.deps.state.finishRun(run.runId, end.status, summary, end.message);
  return report;
}
