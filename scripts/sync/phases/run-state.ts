/**
 * The state as one run sees it, bound to its org and run. A real run records what it learns; a dry run reads the
 * same state and records nothing (a real run of the same environment may be going on, and takes what it did not
 * mark seen for gone from Metronome), keeping its own notes of what it met so its deletion count is right.
 */
import type { DeleteTarget } from '../writer.ts';
import type { ErrorToSave, StateRow, StateStore, WriteOutcome } from '../state/index.ts';

export interface RunState {
  readonly orgId: string;
  readonly runId: number;
  /** Registers the org; why a full sync is due, if it is. */
  openOrg(fingerprint: string): string | undefined;
  invalidateHashes(): void;
  rows(object: string, externalIds: string[]): Map<string, StateRow>;
  /** Still in Metronome this run: deletion spares them. */
  markSeen(object: string, externalIds: string[]): void;
  markSeenBySource(object: string, sourceId: string): void;
  saveError(error: ErrorToSave): void;
  saveErrors(errors: ErrorToSave[]): void;
  markIntent(records: { object: string; externalId: string; sourceId: string }[]): void;
  commitOutcomes(outcomes: WriteOutcome[]): void;
  /** When the run that sent an unanswered write started. */
  runStartedAt(runId: number): number | undefined;
  /** Unanswered first sends of records this run did not meet (see StateStore.unseenIntents). */
  unseenIntents(object: string): { externalId: string; sourceId: string; intentRun: number }[];
  /** Records the org showed the sync created. */
  claimCreated(object: string, claims: { externalId: string; sfId: string }[]): void;
  /** Records the sync created that this run did not meet: the ones to delete. */
  unseenOwned(object: string): DeleteTarget[];
  removeRecords(object: string, externalIds: string[]): void;
  forgetUnseenForeign(object: string): void;
  pruneErrors(): void;
}

export function liveState(store: StateStore, orgId: string, runId: number): RunState {
  return {
    orgId,
    runId,
    openOrg: (fingerprint) => store.openOrg(orgId, fingerprint),
    invalidateHashes: () => store.invalidateHashes(orgId),
    rows: (object, ids) => store.getRows(orgId, object, ids),
    markSeen: (object, ids) => store.markSeen(orgId, object, ids, runId),
    markSeenBySource: (object, sourceId) => store.markSeenBySource(orgId, object, sourceId, runId),
    saveError: (error) => store.saveError(orgId, error, runId),
    saveErrors: (errors) => store.saveErrors(orgId, errors, runId),
    markIntent: (records) => store.markIntent(orgId, records, runId),
    commitOutcomes: (outcomes) => store.commitOutcomes(orgId, outcomes, runId),
    runStartedAt: (id) => store.runStartedAt(id),
    unseenIntents: (object) => store.unseenIntents(orgId, object, runId),
    claimCreated: (object, claims) => store.claimCreated(orgId, object, claims),
    unseenOwned: (object) => store.unseenOwned(orgId, object, runId),
    removeRecords: (object, ids) => store.removeRecords(orgId, object, ids),
    forgetUnseenForeign: (object) => void store.forgetUnseenForeign(orgId, object, runId),
    pruneErrors: () => store.pruneErrors(orgId, runId),
  };
}

/** Reads the state, writes none of it. When the org was refreshed, what the state holds for it is void. */
export function dryRunState(store: StateStore, orgId: string, runId: number): RunState {
  let isVoid = false;
  const seen = new Map<string, { keys: Set<string>; sources: Set<string> }>();
  const seenOf = (object: string) =>
    seen.get(object) ?? seen.set(object, { keys: new Set(), sources: new Set() }).get(object)!;
  const nothing = () => undefined;
  return {
    orgId,
    runId,
    openOrg: (fingerprint) => {
      const change = store.orgChange(orgId, fingerprint);
      isVoid = change.stale;
      return change.reason;
    },
    invalidateHashes: nothing,
    rows: (object, ids) => (isVoid ? new Map() : store.getRows(orgId, object, ids)),
    markSeen: (object, ids) => ids.forEach((id) => seenOf(object).keys.add(id)),
    markSeenBySource: (object, sourceId) => void seenOf(object).sources.add(sourceId),
    saveError: nothing,
    saveErrors: nothing,
    markIntent: nothing,
    commitOutcomes: nothing,
    runStartedAt: (id) => store.runStartedAt(id),
    // A dry run leaves unanswered sends as they are: resolving them is the next real run's work.
    unseenIntents: () => [],
    claimCreated: nothing,
    unseenOwned: (object) =>
      isVoid
        ? []
        : store
            .unseenOwned(orgId, object, runId)
            .filter((t) => !seenOf(object).keys.has(t.externalId) && !seenOf(object).sources.has(t.sourceId)),
    removeRecords: nothing,
    forgetUnseenForeign: nothing,
    pruneErrors: nothing,
  };
}
