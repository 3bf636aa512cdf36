/**
 * The tables of a state file, and the upgrade of a file written in an earlier layout. The layout is numbered in the
 * file's `user_version`: 0 is a file nothing has been written to yet (or one from before layouts were numbered),
 * 1 that earlier layout (records keyed by org ID and object name, as text), 2 the current one (records keyed by a
 * small integer per org and object, its `scope`). Opening a file upgrades it in one transaction; a file from a
 * newer layout is refused, never guessed at.
 */
import type { DatabaseSync } from 'node:sqlite';

export const STATE_LAYOUT = 2;

const COMMON_TABLES = `
CREATE TABLE IF NOT EXISTS orgs (org_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS record_errors (
  org_id TEXT NOT NULL, object TEXT NOT NULL, error_key TEXT NOT NULL, external_id TEXT, source_id TEXT NOT NULL,
  code TEXT NOT NULL, field TEXT, message TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_run INTEGER,
  PRIMARY KEY (org_id, object, error_key)
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, environment TEXT NOT NULL, org_id TEXT NOT NULL, started_at TEXT NOT NULL,
  ended_at TEXT, status TEXT NOT NULL, dry_run INTEGER NOT NULL, summary TEXT, error TEXT, pid INTEGER
);
`;

/**
 * Each record's org and object are one integer, its scope, rather than the org ID and object API name written out
 * in every row and index entry (they were most of each key's bytes). A scope is never deleted or renumbered, so a
 * process may remember its number. There is no index on `seen_run`: every run marks every record it meets, and
 * rewriting that index entry per record cost more than the deletion phase's scan of an object's rows saves. The
 * source ID is indexed only where it differs from the external ID (most objects' external ID is their Metronome
 * ID): a record whose two IDs are equal is found by its key.
 */
const RECORDS = `
CREATE TABLE scopes (id INTEGER PRIMARY KEY, org_id TEXT NOT NULL, object TEXT NOT NULL, UNIQUE (org_id, object));
CREATE TABLE records (
  scope INTEGER NOT NULL, external_id TEXT NOT NULL, source_id TEXT NOT NULL,
  sf_id TEXT, hash TEXT, owned INTEGER NOT NULL DEFAULT 0, intent_run INTEGER, seen_run INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, external_id)
);
CREATE INDEX records_source ON records (scope, source_id) WHERE source_id <> external_id;
`;

/** Layout 1 → 2: every row kept, its org ID and object moved into `scopes`. */
const FROM_LAYOUT_1 = `
CREATE TABLE scopes (id INTEGER PRIMARY KEY, org_id TEXT NOT NULL, object TEXT NOT NULL, UNIQUE (org_id, object));
INSERT INTO scopes (org_id, object) SELECT DISTINCT org_id, object FROM records ORDER BY org_id, object;
DROP INDEX IF EXISTS records_source;
DROP INDEX IF EXISTS records_seen;
ALTER TABLE records RENAME TO records_layout_1;
CREATE TABLE records (
  scope INTEGER NOT NULL, external_id TEXT NOT NULL, source_id TEXT NOT NULL,
  sf_id TEXT, hash TEXT, owned INTEGER NOT NULL DEFAULT 0, intent_run INTEGER, seen_run INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, external_id)
);
INSERT INTO records (scope, external_id, source_id, sf_id, hash, owned, intent_run, seen_run, updated_at)
  SELECT s.id, r.external_id, r.source_id, r.sf_id, r.hash, r.owned, r.intent_run, r.seen_run, r.updated_at
  FROM records_layout_1 r JOIN scopes s ON s.org_id = r.org_id AND s.object = r.object ORDER BY r.rowid;
DROP TABLE records_layout_1;
CREATE INDEX records_source ON records (scope, source_id) WHERE source_id <> external_id;
`;

export class NewerStateLayoutError extends Error {
  constructor(file: string, layout: number) {
    super(
      `The state file ${file} is in layout ${layout}, written by a newer version of nome; this one reads layouts up ` +
        `to ${STATE_LAYOUT}. Upgrade nome. (Moving the file aside makes the next run start afresh: a full sync, ` +
        `after which records earlier runs created are no longer known as the sync's, so never deleted by it.)`,
    );
    this.name = 'NewerStateLayout';
  }
}

const layoutOf = (db: DatabaseSync) =>
  (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

/** The columns of the records table the file holds, if it holds one. */
function recordColumns(db: DatabaseSync): string[] {
  return (db.prepare("SELECT name FROM pragma_table_info('records')").all() as { name: string }[]).map((c) => c.name);
}

/** Brings the file to the current layout (creating it, or upgrading an earlier one) or refuses a newer one. */
export function openLayout(db: DatabaseSync, file: string): void {
  const layout = layoutOf(db);
  if (layout > STATE_LAYOUT) throw new NewerStateLayoutError(file, layout);
  if (layout === STATE_LAYOUT) return;
  // The write lock first: of several processes opening an old file at once, one upgrades and the others see it done.
  db.exec('BEGIN IMMEDIATE');
  try {
    upgrade(db, file);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function upgrade(db: DatabaseSync, file: string): void {
  const layout = layoutOf(db);
  if (layout > STATE_LAYOUT) throw new NewerStateLayoutError(file, layout);
  if (layout === STATE_LAYOUT) return;
  const columns = recordColumns(db);
  // Layout 1 had no number in the file: it is known by its records keyed by org ID.
  const layout1 = columns.includes('org_id') && columns.includes('object');
  if (columns.length && !layout1)
    throw new Error(`${file} holds a records table nome did not write: it is not a state file of this version`);
  db.exec(COMMON_TABLES);
  db.exec(layout1 ? FROM_LAYOUT_1 : RECORDS);
  db.exec(`PRAGMA user_version = ${STATE_LAYOUT}`);
}
