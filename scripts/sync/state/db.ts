/**
 * The open state file every part of the store works through: SQLite set up for the sync's writes, statements
 * prepared once per SQL text, transactions that nest, and the scope numbers that key the records.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { chunks } from './batch.ts';
import { createPrivately } from './file.ts';
import { openLayout } from './layout.ts';

export const now = () => new Date().toISOString();

export class StateDatabase {
  private readonly db: DatabaseSync;
  /** Prepared once per SQL text: the multi-row statements of a run repeat with the same chunk sizes. */
  private readonly statements = new Map<string, StatementSync>();

  constructor(file: string) {
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

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** A statement prepared for this call only: for the ones a run makes a few times at most. */
  prepare(sql: string): StatementSync {
    return this.db.prepare(sql);
  }

  /** A statement prepared once and kept: for the ones a run repeats per batch. */
  stmt(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a statement over these keys a chunk at a time, the keys bound after `bound`. */
  forChunk(keys: string[], sql: (count: number) => string, ...bound: (string | number)[]): void {
    for (const part of chunks(keys)) this.stmt(sql(part.length)).run(...bound, ...part);
  }

  private depth = 0;

  /**
   * One transaction; a nested call joins the one already open. `immediate` takes the write lock before reading,
   * for a check-then-write another process must not interleave.
   */
  transaction<T>(fn: () => T, immediate = false): T {
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

  /** Scope numbers by org and object (`org\0object`): a scope is never deleted or renumbered (layout.ts). */
  private readonly scopes = new Map<string, number>();

  /** The scope of an org's object, if the state has one. */
  scopeOf(orgId: string, object: string): number | undefined {
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
  scopeFor(orgId: string, object: string): number {
    const scope = this.scopeOf(orgId, object);
    if (scope !== undefined) return scope;
    this.stmt('INSERT INTO scopes (org_id, object) VALUES (?, ?) ON CONFLICT DO NOTHING').run(orgId, object);
    return this.scopeOf(orgId, object)!;
  }
}
