/**
 * The records a run did not meet, for the deletion phase: the sync's own to delete in Salesforce, unanswered first
 * sends whose ownership the org must settle, and the others, forgotten but never deleted.
 */
import { placeholders } from './batch.ts';
import { now, type StateDatabase } from './db.ts';
import type { RecordErrors } from './errors.ts';

/** Salesforce Ids of the records this run met (bound: scope, run). */
const SEEN_SF_IDS = 'SELECT sf_id FROM records WHERE scope = ? AND seen_run = ? AND sf_id IS NOT NULL';
/** Salesforce Ids of the sync's own records this run did not meet (bound: scope, run). */
const UNSEEN_OWNED_SF_IDS =
  'SELECT sf_id FROM records WHERE scope = ? AND owned = 1 AND sf_id IS NOT NULL AND (seen_run IS NULL OR seen_run <> ?)';

export class RecordRemoval {
  private readonly db: StateDatabase;
  private readonly errors: RecordErrors;

  constructor(db: StateDatabase, errors: RecordErrors) {
    this.db = db;
    this.errors = errors;
  }

  /** Records the sync created that this run did not meet in Metronome: the ones to delete. */
  unseenOwned(orgId: string, object: string, runId: number): { externalId: string; sfId: string; sourceId: string }[] {
    const scope = this.db.scopeOf(orgId, object);
    if (scope === undefined) return [];
    return (
      this.db
        .prepare(
          `SELECT external_id, sf_id, source_id FROM records WHERE scope = ? AND owned = 1 AND sf_id IS NOT NULL AND (seen_run IS NULL OR seen_run <> ?)
           AND sf_id NOT IN (${SEEN_SF_IDS})`,
        )
        .all(scope, runId, scope, runId) as { external_id: string; sf_id: string; source_id: string }[]
    ).map((r) => ({ externalId: r.external_id, sfId: r.sf_id, sourceId: r.source_id }));
  }

  /**
   * Records this run did not meet whose only trace is an unanswered first send (a killed run, a lost answer, a
   * Bulk job reported Failed): the org must say whether that send created them before they may be forgotten.
   */
  unseenIntents(
    orgId: string,
    object: string,
    runId: number,
  ): { externalId: string; sourceId: string; intentRun: number }[] {
    const scope = this.db.scopeOf(orgId, object);
    if (scope === undefined) return [];
    return (
      this.db
        .prepare(
          'SELECT external_id, source_id, intent_run FROM records WHERE scope = ? AND sf_id IS NULL AND intent_run IS NOT NULL AND (seen_run IS NULL OR seen_run <> ?)',
        )
        .all(scope, runId) as { external_id: string; source_id: string; intent_run: number }[]
    ).map((r) => ({ externalId: r.external_id, sourceId: r.source_id, intentRun: r.intent_run }));
  }

  /** The org showed these records were created by the sync's own unanswered sends: they are the sync's. */
  claimCreated(orgId: string, object: string, claims: { externalId: string; sfId: string }[]): void {
    const scope = this.db.scopeOf(orgId, object);
    if (scope === undefined) return;
    this.db.transaction(() => {
      const claim = this.db.prepare(
        'UPDATE records SET sf_id = ?, owned = 1, intent_run = NULL, updated_at = ? WHERE scope = ? AND external_id = ?',
      );
      for (const c of claims) claim.run(c.sfId, now(), scope, c.externalId);
    });
  }

  /**
   * Records no longer in Metronome that the sync did not create: forgotten, never deleted. So is the old row of an
   * ID Metronome now spells with another case: the org matched the new spelling to the same record (its Id is on a
   * row seen this run), which inherits the old row's ownership.
   */
  forgetUnseenForeign(orgId: string, object: string, runId: number): number {
    const scope = this.db.scopeOf(orgId, object);
    if (scope === undefined) return 0;
    // Each statement below scans the object's rows (seen_run is not indexed, see layout.ts); when the run met
    // every record, as most runs do, one scan shows there is nothing to do.
    if (
      !this.db
        .stmt('SELECT 1 FROM records WHERE scope = ? AND (seen_run IS NULL OR seen_run <> ?) LIMIT 1')
        .get(scope, runId)
    )
      return 0;
    const bound = [scope, runId, scope, runId] as const;
    return this.db.transaction(() => {
      this.db
        .prepare(`UPDATE records SET owned = 1 WHERE scope = ? AND seen_run = ? AND sf_id IN (${UNSEEN_OWNED_SF_IDS})`)
        .run(...bound);
      this.db
        .prepare(
          `DELETE FROM records WHERE scope = ? AND (seen_run IS NULL OR seen_run <> ?) AND sf_id IN (${SEEN_SF_IDS})`,
        )
        .run(...bound);
      const result = this.db
        .prepare(
          'DELETE FROM records WHERE scope = ? AND (owned = 0 OR sf_id IS NULL) AND (seen_run IS NULL OR seen_run <> ?)',
        )
        .run(scope, runId);
      return Number(result.changes);
    });
  }

  /** Records deleted from the org: forgotten with their stored errors. */
  removeRecords(orgId: string, object: string, externalIds: string[]): void {
    const scope = this.db.scopeOf(orgId, object);
    this.db.transaction(() => {
      if (scope !== undefined)
        this.db.forChunk(
          externalIds,
          (n) => `DELETE FROM records WHERE scope = ? AND external_id IN (${placeholders(n)})`,
          scope,
        );
      this.errors.deleteErrors(
        orgId,
        externalIds.map((externalId) => ({ object, externalId })),
      );
    });
  }
}
