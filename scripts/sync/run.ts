/**
 * One sync of one environment: Metronome (already mapped, streamed) → one org, as a pipeline of phases
 * (scripts/sync/phases): open → write → mirror deletions → report. Parents before children; only records whose
 * mapped values changed are sent; state is committed per confirmed chunk, so a run that dies is finished by the
 * next one; deletions only after a complete read, and only of records the sync created. How a run works:
 * scripts/sync/README.md.
 */
import type { SyncReport } from './types.ts';
import { mirrorDeletions, recordSkipped } from './phases/deletions.ts';
import { throwIfInterrupted } from './phases/interrupt.ts';
import { openRun } from './phases/open.ts';
import { resolveOptions, type RunDeps, type RunOptions } from './phases/options.ts';
import { endOfError, finishRun, type RunEnd } from './phases/report.ts';
import { writeAll } from './phases/transfer.ts';
import type { RunContext } from './phases/context.ts';

export { BudgetExceededError } from './phases/budget.ts';
export { RunInterruptedError } from './phases/interrupt.ts';
export { readOrgIdentity, type OrgIdentity } from './phases/open.ts';
export type { RunDeps, RunOptions } from './phases/options.ts';

/** Write and mirror deletions; how the run ended. */
async function transfer(run: RunContext): Promise<RunEnd> {
  try {
    run.sink.preflight();
    await writeAll(run);
    const message = recordSkipped(run, run.deps.source.skipped?.() ?? []);
    throwIfInterrupted(run.deps.signal);
    if (run.opts.deletions && !message) await mirrorDeletions(run);
    run.state.pruneErrors();
    return { status: run.ledger.errorCount ? 'partial' : 'succeeded', ...(message ? { message } : {}) };
  } catch (error) {
    return endOfError(run, error);
  }
}

export async function runSync(deps: RunDeps, options: RunOptions): Promise<SyncReport> {
  const run = await openRun(deps, resolveOptions(options));
  try {
    return finishRun(run, await transfer(run));
  } finally {
    run.keys.close();
  }
}
