/**
 * Records live in memory (maps and unique/external-ID indexes, so queries and upserts are fast) and are
 * written through to one SQLite file on commit; an org started in memory has no file and writes nothing through
 * (its records are the maps: a commit only ends the undo log). DML runs against an undo log: a savepoint per record
 * gives allOrNone:false, rolling back to the start gives allOrNone:true.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

export type Values = Record<string, unknown>;

export interface Row {
  /** Object API name in its canonical casing. */
  type: string;
  /** Field API name (canonical casing) → stored value. Includes Id, IsDeleted and the audit fields. */
  v: Values;
}

export const DB_FILE = 'local-org.sqlite';

/** The SQLite file an org's records are written through to, and its statements. */
class Persisted {
  readonly db: DatabaseSync;
  readonly upsertRow: StatementSync;
  readonly deleteRow: StatementSync;
  readonly setMeta: StatementSync;
  readonly deleteMeta: StatementSync;

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    this.db.exec(`PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL);`);
    this.upsertRow = this.db.prepare('INSERT OR REPLACE INTO records (id, type, data) VALUES (?, ?, ?)');
    this.deleteRow = this.db.prepare('DELETE FROM records WHERE id = ?');
    this.setMeta = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.deleteMeta = this.db.prepare('DELETE FROM meta WHERE key = ?');
  }
}

export class Store {
  /** None for an org kept in memory only. */
  private readonly file: Persisted | undefined;
  private readonly rows = new Map<string, Row>();
  private readonly byType = new Map<string, Map<string, Row>>();
  /** `type|field` (lower case) → index key → ids of live rows. */
  private readonly keyIndex = new Map<string, Map<string, Set<string>>>();
  private indexed = new Map<string, { field: string; caseSensitive: boolean }[]>();
  private undo: [string, Row | undefined][] = [];
  private held = 0;
  private readonly dirty = new Set<string>();
  private readonly meta = new Map<string, string>();
  private readonly dirtyMeta = new Set<string>();

  constructor(dataDir: string | undefined) {
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    this.file = new Persisted(path.join(dataDir, DB_FILE));
    const { db } = this.file;
    for (const r of db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[])
      this.meta.set(r.key, r.value);
    for (const r of db.prepare('SELECT type, data FROM records').iterate() as Iterable<{
      type: string;
      data: string;
    }>) {
      const row: Row = { type: r.type, v: JSON.parse(r.data) };
      this.rows.set(row.v.Id as string, row);
      this.typeMap(row.type).set(row.v.Id as string, row);
    }
  }

  getMeta(key: string): string | undefined {
    return this.meta.get(key);
  }

  /** Meta values are written with the next commit (or immediately when `now`). */
  setMeta(key: string, value: string, now = false): void {
    this.meta.set(key, value);
    if (now) this.file?.setMeta.run(key, value);
    else this.dirtyMeta.add(key);
  }

  deleteMeta(key: string): void {
    this.meta.delete(key);
    this.dirtyMeta.delete(key);
    this.file?.deleteMeta.run(key);
  }

  /** Declares which fields of each type are indexed for uniqueness and external-ID lookups, then rebuilds. */
  setIndexedFields(indexed: Map<string, { field: string; caseSensitive: boolean }[]>): void {
    this.indexed = new Map([...indexed].map(([t, f]) => [t.toLowerCase(), f]));
    this.keyIndex.clear();
    for (const row of this.rows.values()) this.index(row, true);
  }

  get(id: string): Row | undefined {
    return this.rows.get(id);
  }

  /** Rows of a type in creation order, deleted ones included. */
  rowsOf(type: string): Iterable<Row> {
    return this.typeMap(type).values();
  }

  countOf(type: string): number {
    return this.typeMap(type).size;
  }

  /** Live rows whose field matches the value (case-insensitively unless the field is case sensitive). */
  findByKey(type: string, field: string, value: unknown): string[] {
    const spec = this.indexed.get(type.toLowerCase())?.find((f) => f.field === field);
    if (!spec) {
      const wanted = String(value).toLowerCase();
      return [...this.rowsOf(type)]
        .filter((r) => !r.v.IsDeleted && r.v[field] != null && String(r.v[field]).toLowerCase() === wanted)
        .map((r) => r.v.Id as string);
    }
    const ids = this.keyIndex.get(`${type}|${field}`.toLowerCase())?.get(indexKey(value, spec.caseSensitive));
    return ids ? [...ids] : [];
  }

  put(row: Row): void {
    const id = row.v.Id as string;
    const previous = this.rows.get(id);
    this.undo.push([id, previous]);
    this.replace(id, previous, row);
  }

  /** Removes a row entirely (hard delete). */
  remove(id: string): void {
    const previous = this.rows.get(id);
    if (!previous) return;
    this.undo.push([id, previous]);
    this.replace(id, previous, undefined);
  }

  savepoint(): number {
    return this.undo.length;
  }

  rollbackTo(savepoint: number): void {
    while (this.undo.length > savepoint) {
      const [id, previous] = this.undo.pop()!;
      this.replace(id, this.rows.get(id), previous);
    }
  }

  /**
   * Runs synchronous work as one transaction: the commits it makes wait, so `rollbackTo` a savepoint taken before it
   * still undoes everything (a Composite request with allOrNone, a composite tree).
   */
  transaction<T>(work: () => T): T {
    this.held += 1;
    try {
      return work();
    } finally {
      this.held -= 1;
    }
  }

  /** Makes every change since the last commit durable in one SQLite transaction (of an org with a file). */
  commit(): void {
    if (this.held > 0) return;
    if (this.file && (this.dirty.size > 0 || this.dirtyMeta.size > 0)) this.writeThrough(this.file);
    this.dirty.clear();
    this.dirtyMeta.clear();
    this.undo = [];
  }

  private writeThrough(file: Persisted): void {
    file.db.exec('BEGIN');
    try {
      for (const id of this.dirty) {
        const row = this.rows.get(id);
        if (row) file.upsertRow.run(id, row.type, JSON.stringify(row.v));
        else file.deleteRow.run(id);
      }
      for (const key of this.dirtyMeta) file.setMeta.run(key, this.meta.get(key)!);
      file.db.exec('COMMIT');
    } catch (error) {
      file.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    this.commit();
    this.file?.db.close();
  }

  private replace(id: string, previous: Row | undefined, next: Row | undefined): void {
    if (previous) {
      this.index(previous, false);
      this.typeMap(previous.type).delete(id);
    }
    if (next) {
      this.rows.set(id, next);
      this.typeMap(next.type).set(id, next);
      this.index(next, true);
    } else {
      this.rows.delete(id);
    }
    this.dirty.add(id);
  }

  private typeMap(type: string): Map<string, Row> {
    const key = type.toLowerCase();
    let map = this.byType.get(key);
    if (!map) this.byType.set(key, (map = new Map()));
    return map;
  }

  private index(row: Row, add: boolean): void {
    if (row.v.IsDeleted) return;
    for (const spec of this.indexed.get(row.type.toLowerCase()) ?? []) {
      const value = row.v[spec.field];
      if (value === null || value === undefined) continue;
      const name = `${row.type}|${spec.field}`.toLowerCase();
      let values = this.keyIndex.get(name);
      if (!values) this.keyIndex.set(name, (values = new Map()));
      const key = indexKey(value, spec.caseSensitive);
      let ids = values.get(key);
      if (add) {
        if (!ids) values.set(key, (ids = new Set()));
        ids.add(row.v.Id as string);
      } else if (ids) {
        ids.delete(row.v.Id as string);
        if (ids.size === 0) values.delete(key);
      }
    }
  }
}

function indexKey(value: unknown, caseSensitive: boolean): string {
  const s = String(value);
  return caseSensitive ? s : s.toLowerCase();
}
