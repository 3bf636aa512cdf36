/**
 * What the sync last confirmed written, per record (the `records` table, keyed by scope and external ID): the
 * digest of its mapped values, its Salesforce Id, whether the sync created it, an unanswered first send, and the
 * last run that met it. The hot path of a run: looked up while planning, written before and after every send.
 */
import { byObject, chunks, placeholders, valuesList } from './batch.ts';
import { now, type StateDatabase } from './db.ts';
import type { RecordErrors } from './errors.ts';

export interface StateRow {
  object: string;
  externalId: string;
  sourceId: string;
  sfId: string | null;
  hash: string | null;
  owned: boolean;
  /** The run that sent a first write whose outcome was never confirmed (it died or the connection dropped). */
  intentRun: number | null;
}

export interface WriteOutcome {
  object: string;
  externalId: string;
  sourceId: string;
  hash: string;
  success: boolean;
  sfId?: string;
  created?: boolean;
  /**
   * The call was sent more than once, so `created: false` may hide an earlier attempt's creation. The run settles
   * it (from the record's CreatedDate) and sets `created`; the state believes `created` only.
   */
  ambiguous?: boolean;
  /** The earlier run that sent this record without hearing back, if one did (the run settles ownership from it). */
  intentRun?: number;
  error?: { code: string; field?: string; message: string };
}

/** A row of `records` as getRows reads it (a type alias: node:sqlite's row type converts to it, not to an interface). */
type RecordRow = {
  external_id: string;
  source_id: string;
  sf_id: string | null;
  hash: string | null;
  owned: number;
  intent_run: number | null;
};

/** The scopes of one org's records (bound: org). */
const ORG_SCOPES = 'SELECT id FROM scopes WHERE org_id = ?';

/** An object's intents, `count` rows of (external ID, source ID); its scope, the run and the time are bound by name. */
function intentsSql(count: number): string {
  return `INSERT INTO records (scope, external_id, source_id, intent_run, seen_run, updated_at)
    VALUES ${valuesList('($scope, ?, ?, $run, $run, $at)', count)}
    ON CONFLICT (scope, external_id) DO UPDATE SET
      intent_run = CASE WHEN records.sf_id IS NULL THEN COALESCE(records.intent_run, excluded.intent_run) ELSE records.intent_run END`;
}

/**
 * An object's confirmed outcomes, `count` rows of (external ID, source ID, Id, digest, created); its scope, the run
 * and the time are bound by name. `sourceMoved` false writes the rows whose source ID is unchanged, true the
 * others: the source ID is indexed, so setting it on every row would rewrite an index entry per record for the
 * rare record Metronome moved.
 */
function outcomesSql(count: number, sourceMoved: boolean): string {
  return `INSERT INTO records (scope, external_id, source_id, sf_id, hash, owned, intent_run, seen_run, updated_at)
    VALUES ${valuesList('($scope, ?, ?, ?, ?, ?, NULL, $run, $at)', count)}
    ON CONFLICT (scope, external_id) DO UPDATE SET sf_id = excluded.sf_id, hash = excluded.hash,
      owned = MAX(records.owned, excluded.owned), intent_run = NULL, seen_run = excluded.seen_run,
      updated_at = excluded.updated_at${sourceMoved ? ', source_id = excluded.source_id' : ''}
    WHERE records.source_id IS ${sourceMoved ? 'NOT ' : ''}excluded.source_id`;
}

export class RecordState {
  private readonly db: StateDatabase;
  private readonly errors: RecordErrors;

  constructor(db: StateDatabase, errors: RecordErrors) {
    this.db = db;
    this.errors = errors;
  }

  /**
   * Per org and object, whether the records table holds none of its rows (asked once, forgotten when rows are
   * added): a first load plans every customer's records without a query each.
   */
  private readonly holdsNone = new Map<string, boolean>();

  private knownEmpty(orgId: string, object: string): boolean {
    const key = `${orgId}\u0000${object}`;
    let empty = this.holdsNone.get(key);
    if (empty === undefined) {
      const scope = this.db.scopeOf(orgId, object);
      empty = scope === undefined || !this.db.stmt('SELECT 1 FROM records WHERE scope = ? LIMIT 1').get(scope);
      this.holdsNone.set(key, empty);
    }
    return empty;
  }

  /** Rows of these objects are being added: they must be asked for again. */
  private rowsAdded(orgId: string, objects: Iterable<string>): void {
    for (const object of objects) this.holdsNone.delete(`${orgId}\u0000${object}`);
  }

  getRows(orgId: string, object: string, externalIds: string[]): Map<string, StateRow> {
    const out = new Map<string, StateRow>();
    const scope = this.db.scopeOf(orgId, object);
    if (!externalIds.length || scope === undefined || this.knownEmpty(orgId, object)) return out;
    for (const part of chunks(externalIds)) {
      const rows = this.db
        .stmt(
          `SELECT external_id, source_id, sf_id, hash, owned, intent_run FROM records
           WHERE scope = ? AND external_id IN (${placeholders(part.length)})`,
        )
        .all(scope, ...part) as RecordRow[];
      for (const r of rows) {
        out.set(r.external_id, {
          object,
          externalId: r.external_id,
          sourceId: r.source_id,
          sfId: r.sf_id,
          hash: r.hash,
          owned: r.owned === 1,
          intentRun: r.intent_run,
        });
      }
    }
    return out;
  }

  /** Records still present in Metronome this run (deletion spares them). */
  markSeen(orgId: string, object: string, externalIds: string[], runId: number): void {
    const scope = this.db.scopeOf(orgId, object);
    if (!externalIds.length || scope === undefined) return;
    this.db.transaction(() => {
      for (const part of chunks(externalIds)) {
        this.db
          .stmt(`UPDATE records SET seen_run = ? WHERE scope = ? AND external_id IN (${placeholders(part.length)})`)
          .run(runId, scope, ...part);
      }
    });
  }

  /** A record Metronome still has but the mapping could not build must not be deleted either. */
  markSeenBySource(orgId: string, object: string, sourceId: string, runId: number): void {
    const scope = this.db.scopeOf(orgId, object);
    if (scope === undefined) return;
    // The source index holds only the records whose source ID is not their external ID (layout.ts).
    this.db.transaction(() => {
      this.db
        .stmt('UPDATE records SET seen_run = ? WHERE scope = ? AND external_id = ? AND source_id = ?')
        .run(runId, scope, sourceId, sourceId);
      this.db
        .stmt('UPDATE records SET seen_run = ? WHERE scope = ? AND source_id = ? AND source_id <> external_id')
        .run(runId, scope, sourceId);
    });
  }

  /** Before sending new records: remember that we are about to, so a run killed now still knows they are ours. */
  markIntent(orgId: string, records: { object: string; externalId: string; sourceId: string }[], runId: number): void {
    if (!records.length) return;
    const at = now();
    this.db.transaction(() => {
      for (const [object, list] of byObject(records)) {
        const bound = { scope: this.db.scopeFor(orgId, object), run: runId, at };
        this.rowsAdded(orgId, [object]);
        for (const part of chunks(list))
          this.db.stmt(intentsSql(part.length)).run(bound, ...part.flatMap((r) => [r.externalId, r.sourceId]));
      }
    });
  }

  /**
   * Commits confirmed outcomes only: a record counts as written once Salesforce said so. Multi-row statements
   * (500 records each), so a Bulk job's results cost a few statements, not a few per record.
   */
  commitOutcomes(orgId: string, outcomes: WriteOutcome[], runId: number): void {
    if (!outcomes.length) return;
    const at = now();
    const ok = outcomes.filter((o) => o.success);
    const failed = outcomes.filter((o) => !o.success);
    this.db.transaction(() => {
      for (const [object, list] of byObject(ok)) {
        const bound = { scope: this.db.scopeFor(orgId, object), run: runId, at };
        this.rowsAdded(orgId, [object]);
        for (const part of chunks(list)) {
          const values = part.flatMap((o) => [o.externalId, o.sourceId, o.sfId ?? null, o.hash, o.created ? 1 : 0]);
          // Every row is inserted or updated by the first statement unless Metronome moved the record to another
          // source ID; the second, for those, runs only when the first did not write every row.
          const written = Number(this.db.stmt(outcomesSql(part.length, false)).run(bound, ...values).changes);
          if (written < part.length) this.db.stmt(outcomesSql(part.length, true)).run(bound, ...values);
        }
      }
      if (ok.length && this.errors.holdsAny(orgId)) this.errors.deleteErrors(orgId, ok);
      // A failure keeps an unanswered earlier intent: that send may still have created the record.
      for (const [object, list] of byObject(failed)) {
        const scope = this.db.scopeOf(orgId, object);
        if (scope !== undefined)
          this.db.forChunk(
            list.map((o) => o.externalId),
            (n) => `UPDATE records SET hash = NULL WHERE scope = ? AND external_id IN (${placeholders(n)})`,
            scope,
          );
      }
      this.errors.saveErrors(
        orgId,
        failed.map((o) => ({ object: o.object, externalId: o.externalId, sourceId: o.sourceId, ...o.error! })),
        runId,
      );
    });
  }

  recordCount(orgId: string): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM records WHERE scope IN (${ORG_SCOPES})`).get(orgId) as { n: number }
    ).n;
  }

  /** Whether the state holds any record of the org. */
  holdsAny(orgId: string): boolean {
    return Boolean(this.db.prepare(`SELECT 1 FROM records WHERE scope IN (${ORG_SCOPES}) LIMIT 1`).get(orgId));
  }

  /** A random handful of Salesforce Ids the sync wrote, per object, to check the org still holds them. */
  sampleIds(orgId: string, perObject: number): Map<string, string[]> {
    const rows = this.db
      .prepare(
        `SELECT scopes.object, sample.sf_id FROM (
           SELECT scope, sf_id, ROW_NUMBER() OVER (PARTITION BY scope ORDER BY random()) AS n
           FROM records WHERE scope IN (${ORG_SCOPES}) AND sf_id IS NOT NULL AND hash IS NOT NULL
         ) AS sample JOIN scopes ON scopes.id = sample.scope WHERE sample.n <= ?`,
      )
      .all(orgId, perObject) as { object: string; sf_id: string }[];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.object, [...(out.get(r.object) ?? []), r.sf_id]);
    return out;
  }

  /** Forces every record to be sent again on the next write, keeping what the sync knows it created. */
  invalidateHashes(orgId: string): void {
    this.db.prepare(`UPDATE records SET hash = NULL WHERE scope IN (${ORG_SCOPES})`).run(orgId);
  }

  /** Deletes every record of the org (org.ts: when they are void). */
  forgetOrg(orgId: string): void {
    this.db.prepare(`DELETE FROM records WHERE scope IN (${ORG_SCOPES})`).run(orgId);
  }
}
