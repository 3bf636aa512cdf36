/**
 * The incremental state of one environment: for each org (by org ID) what the sync last confirmed written — a
 * digest of each record's mapped values, the Salesforce Id it got, and whether the sync created it (only those are
 * ever deleted) — plus outstanding record errors and the history of runs. node:sqlite, one file per environment;
 * no secrets are stored.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { openLayout } from './state-layout.ts';

export const DEFAULT_STATE_DIR = '.nome/state';

export function stateDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env.NOME_STATE_DIR || DEFAULT_STATE_DIR);
}

export function stateFile(environment: string, dir = stateDir()): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(environment))
    throw new Error(`Environment name ${JSON.stringify(environment)} must be letters, digits, _ . or -`);
  return path.join(dir, `${environment}.sqlite`);
}

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

export interface ErrorToSave {
  object: string;
  externalId?: string;
  sourceId: string;
  code: string;
  field?: string;
  message: string;
}

export interface StoredRecordError {
  orgId: string;
  object: string;
  externalId: string | null;
  sourceId: string;
  code: string;
  field: string | null;
  message: string;
  firstSeen: string;
  lastSeen: string;
}

export interface RunRecord {
  id: number;
  environment: string;
  orgId: string;
  startedAt: string;
  endedAt: string | null;
  status: string;
  dryRun: boolean;
  summary: unknown;
  error: string | null;
}

const now = () => new Date().toISOString();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunInProgressError extends Error {
  constructor(environment: string, pid: number, runId: number) {
    super(
      `Another sync of ${environment} is running (run #${runId}, process ${pid}); two runs never write one org at once. Wait for it or stop that process.`,
    );
    this.name = 'RunInProgress';
  }
}
/**
 * The state names customers, records and orgs: readable by its owner only. The file is made 0600 before SQLite
 * opens it, since SQLite gives its -wal and -shm files the database file's permissions.
 */
function createPrivately(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

const CHUNK = 500;

/** Salesforce Ids of the records this run met (bound: scope, run). */
const SEEN_SF_IDS = 'SELECT sf_id FROM records WHERE scope = ? AND seen_run = ? AND sf_id IS NOT NULL';
/** Salesforce Ids of the sync's own records this run did not meet (bound: scope, run). */
const UNSEEN_OWNED_SF_IDS =
  'SELECT sf_id FROM records WHERE scope = ? AND owned = 1 AND sf_id IS NOT NULL AND (seen_run IS NULL OR seen_run <> ?)';
/** The scopes of one org's records (bound: org). */
const ORG_SCOPES = 'SELECT id FROM scopes WHERE org_id = ?';

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `(?, ?, …)` for one row of `n` values, `count` times: a multi-row VALUES list. */
const valuesList = (row: string, count: number) => Array.from({ length: count }, () => row).join(', ');
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(',');

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

/** Items grouped by object (one statement per object and chunk). */
function byObject<T extends { object: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.object);
    if (list) list.push(item);
    else out.set(item.object, [item]);
  }
  return out;
}

export class StateStore {
  readonly file: string;
  private readonly db: DatabaseSync;
  /** Prepared once per SQL text: the multi-row statements of a run repeat with the same chunk sizes. */
  private readonly statements = new Map<string, StatementSync>();

  constructor(file: string) {
    this.file = file;
    if (file !== ':memory:') createPrivately(file);
    this.db = new DatabaseSync(file);
    // The busy timeout first: another process may hold the file's lock while this one switches it to WAL.
    this.db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    // A first load writes every record twice (intent, outcome) at random places of its indexes: with SQLite's
    // default 2 MiB page cache and a checkpoint every 1,000 WAL pages, half its state time went to page I/O. 8 MiB
    // and a checkpoint every 10,000 pages (40 MiB of WAL on disk at most) took a quarter off it (measured).
    this.db.exec('PRAGMA cache_size = -8192; PRAGMA wal_autocheckpoint = 10000;');
    try {
      openLayout(this.db, file);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  static forEnvironment(environment: string, dir = stateDir()): StateStore {
    return new StateStore(stateFile(environment, dir));
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private stmt(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** `immediate` takes the write lock before reading, for a check-then-write another process must not interleave. */
  private depth = 0;

  /** One transaction; a nested call joins the one already open. */
  private transaction<T>(fn: () => T, immediate = false): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      return this.outerTransaction(fn, immediate);
    } finally {
      this.depth--;
    }
  }

  private outerTransaction<T>(fn: () => T, immediate: boolean): T {
    this.db.exec(immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      // A scope made in this transaction is gone with it (and its number may be given to another).
      this.scopes.clear();
      throw error;
    }
  }

  /** Scope numbers by org and object (`org\0object`): a scope is never deleted or renumbered (state-layout.ts). */
  private readonly scopes = new Map<string, number>();

  /** The scope of an org's object, if the state has one. */
  private scopeOf(orgId: string, object: string): number | undefined {
    const key = `${orgId}\u0000${object}`;
    let scope = this.scopes.get(key);
    if (scope === undefined) {
      const row = this.stmt('SELECT id FROM scopes WHERE org_id = ? AND object = ?').get(orgId, object) as
        { id: number } | undefined;
      if (row) this.scopes.set(key, (scope = row.id));
    }
    return scope;
  }

  /** The scope of an org's object, made if it has none yet. */
  private scopeFor(orgId: string, object: string): number {
    const scope = this.scopeOf(orgId, object);
    if (scope !== undefined) return scope;
    this.stmt('INSERT INTO scopes (org_id, object) VALUES (?, ?) ON CONFLICT DO NOTHING').run(orgId, object);
    return this.scopeOf(orgId, object)!;
  }

  /**
   * Why a full sync is due for this org, if it is, and whether what the state holds for it is void (the org ID is
   * known with another fingerprint: a refreshed sandbox keeps nothing of what we wrote). Reads only.
   */
  orgChange(orgId: string, fingerprint: string): { reason?: string; stale: boolean } {
    const row = this.db.prepare('SELECT fingerprint FROM orgs WHERE org_id = ?').get(orgId) as
      { fingerprint: string } | undefined;
    if (!row) {
      const known = this.db.prepare(`SELECT 1 FROM records WHERE scope IN (${ORG_SCOPES}) LIMIT 1`).get(orgId);
      return { reason: known ? undefined : `no state for org ${orgId} yet`, stale: false };
    }
    if (row.fingerprint !== fingerprint) {
      return {
        reason: `org ${orgId} changed (${row.fingerprint || 'unknown'} → ${fingerprint || 'unknown'}): a refresh wipes its data`,
        stale: true,
      };
    }
    return { stale: false };
  }

  /** Registers the org (forgetting its records when they are void, see orgChange); returns why a full sync is due. */
  openOrg(orgId: string, fingerprint: string): string | undefined {
    const change = this.orgChange(orgId, fingerprint);
    this.db
      .prepare(
        'INSERT INTO orgs (org_id, fingerprint, first_seen, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET last_seen = excluded.last_seen, fingerprint = excluded.fingerprint',
      )
      .run(orgId, fingerprint, now(), now());
    if (change.stale) this.forgetOrg(orgId);
    return change.reason;
  }

  forgetOrg(orgId: string): void {
    this.transaction(() => {
      this.db.prepare(`DELETE FROM records WHERE scope IN (${ORG_SCOPES})`).run(orgId);
      this.db.prepare('DELETE FROM record_errors WHERE org_id = ?').run(orgId);
    });
  }

  /** Forces every record to be sent again on the next write, keeping what the sync knows it created. */
  invalidateHashes(orgId: string): void {
    this.db.prepare(`UPDATE records SET hash = NULL WHERE scope IN (${ORG_SCOPES})`).run(orgId);
  }

  recordCount(orgId: string): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM records WHERE scope IN (${ORG_SCOPES})`).get(orgId) as { n: number }
    ).n;
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

  /**
   * Per org and object, whether the records table holds none of its rows (asked once, forgotten when rows are
   * added): a first load plans every customer's records without a query each.
   */
  private readonly holdsNone = new Map<string, boolean>();

  private knownEmpty(orgId: string, object: string): boolean {
    const key = `${orgId}\u0000${object}`;
    let empty = this.holdsNone.get(key);
    if (empty === undefined) {
      const scope = this.scopeOf(orgId, object);
      empty = scope === undefined || !this.stmt('SELECT 1 FROM records WHERE scope = ? LIMIT 1').get(scope);
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
    const scope = this.scopeOf(orgId, object);
    if (!externalIds.length || scope === undefined || this.knownEmpty(orgId, object)) return out;
    for (const part of chunks(externalIds)) {
      const rows = this.stmt(
        `SELECT external_id, source_id, sf_id, hash, owned, intent_run FROM records
           WHERE scope = ? AND external_id IN (${placeholders(part.length)})`,
      ).all(scope, ...part) as {
        external_id: string;
        source_id: string;
        sf_id: string | null;
        hash: string | null;
        owned: number;
        intent_run: number | null;
      }[];
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
    const scope = this.scopeOf(orgId, object);
    if (!externalIds.length || scope === undefined) return;
    this.transaction(() => {
      for (const part of chunks(externalIds)) {
        this.stmt(
          `UPDATE records SET seen_run = ? WHERE scope = ? AND external_id IN (${placeholders(part.length)})`,
        ).run(runId, scope, ...part);
      }
    });
  }

  /** A record Metronome still has but the mapping could not build must not be deleted either. */
  markSeenBySource(orgId: string, object: string, sourceId: string, runId: number): void {
    const scope = this.scopeOf(orgId, object);
    if (scope === undefined) return;
    // The source index holds only the records whose source ID is not their external ID (state-layout.ts).
    this.transaction(() => {
      this.stmt('UPDATE records SET seen_run = ? WHERE scope = ? AND external_id = ? AND source_id = ?').run(
        runId,
        scope,
        sourceId,
        sourceId,
      );
      this.stmt('UPDATE records SET seen_run = ? WHERE scope = ? AND source_id = ? AND source_id <> external_id').run(
        runId,
        scope,
        sourceId,
      );
    });
  }

  /** Before sending new records: remember that we are about to, so a run killed now still knows they are ours. */
  markIntent(orgId: string, records: { object: string; externalId: string; sourceId: string }[], runId: number): void {
    if (!records.length) return;
    const at = now();
    this.transaction(() => {
      for (const [object, list] of byObject(records)) {
        const bound = { scope: this.scopeFor(orgId, object), run: runId, at };
        this.rowsAdded(orgId, [object]);
        for (const part of chunks(list))
          this.stmt(intentsSql(part.length)).run(bound, ...part.flatMap((r) => [r.externalId, r.sourceId]));
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
    this.transaction(() => {
      for (const [object, list] of byObject(ok)) {
        const bound = { scope: this.scopeFor(orgId, object), run: runId, at };
        this.rowsAdded(orgId, [object]);
        for (const part of chunks(list)) {
          const values = part.flatMap((o) => [o.externalId, o.sourceId, o.sfId ?? null, o.hash, o.created ? 1 : 0]);
          // Every row is inserted or updated by the first statement unless Metronome moved the record to another
          // source ID; the second, for those, runs only when the first did not write every row.
          const written = Number(this.stmt(outcomesSql(part.length, false)).run(bound, ...values).changes);
          if (written < part.length) this.stmt(outcomesSql(part.length, true)).run(bound, ...values);
        }
      }
      if (ok.length && this.stmt('SELECT 1 FROM record_errors WHERE org_id = ? LIMIT 1').get(orgId))
        this.deleteErrors(orgId, ok);
      // A failure keeps an unanswered earlier intent: that send may still have created the record.
      for (const [object, list] of byObject(failed)) {
        const scope = this.scopeOf(orgId, object);
        if (scope !== undefined)
          this.forChunk(
            list.map((o) => o.externalId),
            (n) => `UPDATE records SET hash = NULL WHERE scope = ? AND external_id IN (${placeholders(n)})`,
            scope,
          );
      }
      this.saveErrors(
        orgId,
        failed.map((o) => ({ object: o.object, externalId: o.externalId, sourceId: o.sourceId, ...o.error! })),
        runId,
      );
    });
  }

  /** Runs a statement over these keys a chunk at a time, the keys bound after `bound`. */
  private forChunk(keys: string[], sql: (count: number) => string, ...bound: (string | number)[]): void {
    for (const part of chunks(keys)) this.stmt(sql(part.length)).run(...bound, ...part);
  }

  /** Deletes the stored errors of these records. */
  private deleteErrors(orgId: string, items: { object: string; externalId: string }[]): void {
    for (const [object, list] of byObject(items))
      this.forChunk(
        list.map((i) => i.externalId),
        (n) => `DELETE FROM record_errors WHERE org_id = ? AND object = ? AND error_key IN (${placeholders(n)})`,
        orgId,
        object,
      );
  }

  saveError(orgId: string, e: ErrorToSave, runId: number): void {
    this.saveErrors(orgId, [e], runId);
  }

  /** Record errors of one run, in one transaction with one prepared statement. */
  saveErrors(orgId: string, errors: ErrorToSave[], runId: number): void {
    if (!errors.length) return;
    this.transaction(() => {
      const upsert = this.stmt(
        `INSERT INTO record_errors (org_id, object, error_key, external_id, source_id, code, field, message, first_seen, last_seen, last_run)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (org_id, object, error_key) DO UPDATE SET code = excluded.code, field = excluded.field,
           message = excluded.message, last_seen = excluded.last_seen, last_run = excluded.last_run`,
      );
      const at = now();
      for (const e of errors) {
        const key = e.externalId ?? `source:${e.sourceId}:${e.field ?? ''}`;
        upsert.run(
          orgId,
          e.object,
          key,
          e.externalId ?? null,
          e.sourceId,
          e.code,
          e.field ?? null,
          e.message,
          at,
          at,
          runId,
        );
      }
    });
  }

  /** After a complete run, errors it did not meet again are gone (fixed in Metronome, or the record is). */
  pruneErrors(orgId: string, runId: number): void {
    this.db
      .prepare('DELETE FROM record_errors WHERE org_id = ? AND (last_run IS NULL OR last_run <> ?)')
      .run(orgId, runId);
  }

  /** Outstanding record errors, of one org or (without an org ID) of every org this environment synced to. */
  errors(orgId?: string): StoredRecordError[] {
    const sql = `SELECT org_id, object, external_id, source_id, code, field, message, first_seen, last_seen FROM record_errors ${orgId ? 'WHERE org_id = ?' : ''} ORDER BY org_id, object, source_id`;
    return (
      (orgId ? this.db.prepare(sql).all(orgId) : this.db.prepare(sql).all()) as Record<string, string | null>[]
    ).map((r) => ({
      orgId: r.org_id!,
      object: r.object!,
      externalId: r.external_id,
      sourceId: r.source_id!,
      code: r.code!,
      field: r.field,
      message: r.message!,
      firstSeen: r.first_seen!,
      lastSeen: r.last_seen!,
    }));
  }

  /** Records the sync created that this run did not meet in Metronome: the ones to delete. */
  unseenOwned(orgId: string, object: string, runId: number): { externalId: string; sfId: string; sourceId: string }[] {
    const scope = this.scopeOf(orgId, object);
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
    const scope = this.scopeOf(orgId, object);
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
    const scope = this.scopeOf(orgId, object);
    if (scope === undefined) return;
    this.transaction(() => {
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
    const scope = this.scopeOf(orgId, object);
    if (scope === undefined) return 0;
    // Each statement below scans the object's rows (seen_run is not indexed, see state-layout.ts); when the run met
    // every record, as most runs do, one scan shows there is nothing to do.
    if (
      !this.stmt('SELECT 1 FROM records WHERE scope = ? AND (seen_run IS NULL OR seen_run <> ?) LIMIT 1').get(
        scope,
        runId,
      )
    )
      return 0;
    const bound = [scope, runId, scope, runId] as const;
    return this.transaction(() => {
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

  removeRecords(orgId: string, object: string, externalIds: string[]): void {
    const scope = this.scopeOf(orgId, object);
    this.transaction(() => {
      if (scope !== undefined)
        this.forChunk(
          externalIds,
          (n) => `DELETE FROM records WHERE scope = ? AND external_id IN (${placeholders(n)})`,
          scope,
        );
      this.deleteErrors(
        orgId,
        externalIds.map((externalId) => ({ object, externalId })),
      );
    });
  }

  /**
   * Records a run as started. Another process still running a (non-dry) run of this environment → refused, so
   * a manual run and a scheduled one never write the same org at once; a run marked running whose process is
   * gone was killed → marked interrupted.
   */
  startRun(environment: string, orgId: string, dryRun: boolean, pid = process.pid): number {
    return this.transaction(() => this.claimRun(environment, orgId, dryRun, pid), true);
  }

  private claimRun(environment: string, orgId: string, dryRun: boolean, pid: number): number {
    const running = this.db
      .prepare("SELECT id, pid, dry_run FROM runs WHERE environment = ? AND status = 'running'")
      .all(environment) as { id: number; pid: number | null; dry_run: number }[];
    for (const r of running) {
      const elsewhere = r.pid !== null && r.pid !== pid && processAlive(r.pid);
      if (elsewhere && !dryRun && r.dry_run === 0) throw new RunInProgressError(environment, r.pid!, r.id);
      if (!elsewhere)
        this.db
          .prepare("UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, ?) WHERE id = ?")
          .run(now(), r.id);
    }
    const result = this.db
      .prepare(
        "INSERT INTO runs (environment, org_id, started_at, status, dry_run, pid) VALUES (?, ?, ?, 'running', ?, ?)",
      )
      .run(environment, orgId, now(), dryRun ? 1 : 0, pid);
    return Number(result.lastInsertRowid);
  }

  /** When a run started (epoch ms), or undefined for a run the store does not know. */
  runStartedAt(runId: number): number | undefined {
    const row = this.db.prepare('SELECT started_at FROM runs WHERE id = ?').get(runId) as
      { started_at: string } | undefined;
    return row ? Date.parse(row.started_at) : undefined;
  }

  finishRun(runId: number, status: string, summary: unknown, error?: string): void {
    this.db
      .prepare('UPDATE runs SET ended_at = ?, status = ?, summary = ?, error = ? WHERE id = ?')
      .run(now(), status, JSON.stringify(summary), error ?? null, runId);
  }

  /** Records a run that failed before it could reach an org (no org ID yet). */
  recordFailedStart(environment: string, error: string): number {
    const result = this.db
      .prepare(
        "INSERT INTO runs (environment, org_id, started_at, ended_at, status, dry_run, error) VALUES (?, '', ?, ?, 'failed', 0, ?)",
      )
      .run(environment, now(), now(), error);
    return Number(result.lastInsertRowid);
  }

  runs(limit = 20): RunRecord[] {
    return (
      this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as Record<
        string,
        string | number | null
      >[]
    ).map((r) => ({
      id: Number(r.id),
      environment: String(r.environment),
      orgId: String(r.org_id),
      startedAt: String(r.started_at),
      endedAt: r.ended_at === null ? null : String(r.ended_at),
      status: String(r.status),
      dryRun: r.dry_run === 1,
      summary: r.summary ? JSON.parse(String(r.summary)) : null,
      error: r.error === null ? null : String(r.error),
    }));
  }

  /** The org the environment's latest run reached, if any: most likely the one the next run reaches. */
  lastOrgId(environment: string): string | undefined {
    const row = this.db
      .prepare("SELECT org_id FROM runs WHERE environment = ? AND org_id <> '' ORDER BY id DESC LIMIT 1")
      .get(environment) as { org_id: string } | undefined;
    return row?.org_id;
  }

  /**
   * Salesforce calls the last complete run of the same kind (full or incremental) used against this org: the
   * estimate for the next one.
   */
  lastRunCalls(environment: string, orgId: string, fullSync = false): number | undefined {
    const rows = this.db
      .prepare(
        "SELECT summary FROM runs WHERE environment = ? AND org_id = ? AND status IN ('succeeded','partial') AND dry_run = 0 ORDER BY id DESC LIMIT 20",
      )
      .all(environment, orgId) as { summary: string | null }[];
    for (const row of rows) {
      if (!row.summary) continue;
      const summary = JSON.parse(row.summary) as { apiCalls?: { salesforce?: number }; fullSyncReason?: string };
      if (Boolean(summary.fullSyncReason) === fullSync) return summary.apiCalls?.salesforce;
    }
    return undefined;
  }
}
