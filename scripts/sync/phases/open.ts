/**
 * Phase 1, open: who the org is (with the refresh check's sample, one request), the run claimed in the state (a second process syncing this environment is
 * refused before it reads or changes anything), why a full sync is due if it is, and the API budget.
 */
import { ExternalIdRegistry } from '../keys.ts';
import { syncObjects } from '../objects.ts';
import { ApiBudget } from './budget.ts';
import { RunLedger } from './ledger.ts';
import type { ResolvedOptions, RunDeps } from './options.ts';
import { checkOrg } from './refresh.ts';
import { dryRunState, liveState } from './run-state.ts';
import { dryRunSink, liveSink } from './sink.ts';
import { toleratingStaleAccounts } from './stale-accounts.ts';
import type { RunContext } from './context.ts';

export { readOrgIdentity, type OrgIdentity } from './refresh.ts';

export async function openRun(deps: RunDeps, opts: ResolvedOptions): Promise<RunContext> {
  const { client, logger } = deps;
  const started = Date.now();
  const startCalls = client.callCount();
  const usageBefore = client.lastApiUsage();
  const { identity, missing } = await checkOrg(client, deps.state, opts.environment, opts.refreshSampleSize);
  const runId = deps.state.startRun(opts.environment, identity.orgId, opts.dryRun);
  const state = (opts.dryRun ? dryRunState : liveState)(deps.state, identity.orgId, runId);
  try {
    let fullSyncReason = state.openOrg(identity.fingerprint) ?? (opts.full ? 'requested (--full)' : undefined);
    let ignoreHashes = opts.full;
    if (!fullSyncReason) {
      fullSyncReason = await missing();
      if (fullSyncReason) state.invalidateHashes();
      ignoreHashes ||= Boolean(fullSyncReason);
    }
    if (fullSyncReason) logger?.info({ orgId: identity.orgId, reason: fullSyncReason }, 'full sync');
    // The identity call's answer carries the day's usage (each call counts, so a fresh answer's differs from any
    // earlier one a long-lived connection remembers); /limits only if it did not.
    const usage = client.lastApiUsage();
    const fresh = usage && (!usageBefore || usage.remaining !== usageBefore.remaining || usage.max !== usageBefore.max);
    const limits = fresh ? usage : await client.limits();
    const estimate = deps.state.lastRunCalls(opts.environment, identity.orgId, Boolean(fullSyncReason));
    const budget = new ApiBudget(client, limits, opts.maxApiShare, estimate, startCalls);
    const objects = syncObjects(deps.schema);
    const ledger = new RunLedger(
      objects.map((o) => o.apiName),
      opts.reportErrorLimit,
      deps.onProgress,
    );
    const live = () =>
      toleratingStaleAccounts(liveSink(client, state, budget, started, deps.signal), deps.schema, ledger);
    const sink = opts.dryRun ? dryRunSink() : live();
    const keys = new ExternalIdRegistry(objects);
    return {
      deps,
      opts,
      objects,
      ledger,
      keys,
      state,
      sink,
      budget,
      orgId: identity.orgId,
      runId,
      started,
      startCalls,
      fullSyncReason,
      ignoreHashes,
    };
  } catch (error) {
    deps.state.finishRun(runId, 'failed', null, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
