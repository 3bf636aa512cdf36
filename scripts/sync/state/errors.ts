/**
 * The records Salesforce or the mapping refused, kept until they succeed or a complete run no longer meets them
 * (the `record_errors` table): what `nome sync errors` lists.
 */
import { byObject, placeholders } from './batch.ts';
import { now, type StateDatabase } from './db.ts';

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

export class RecordErrors {
  private readonly db: StateDatabase;

  constructor(db: StateDatabase) {
    this.db = db;
  }

  saveError(orgId: string, e: ErrorToSave, runId: number): void {
    this.saveErrors(orgId, [e], runId);
  }

  /** Record errors of one run, in one transaction with one prepared statement. */
  saveErrors(orgId: string, errors: ErrorToSave[], runId: number): void {
    if (!errors.length) return;
    this.db.transaction(() => {
      const upsert = this.db.stmt(
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

  /** Whether the org has any stored error: an outcome clears errors only when it does. */
  holdsAny(orgId: string): boolean {
    return Boolean(this.db.stmt('SELECT 1 FROM record_errors WHERE org_id = ? LIMIT 1').get(orgId));
  }

  /** Deletes the stored errors of these records. */
  deleteErrors(orgId: string, items: { object: string; externalId: string }[]): void {
    for (const [object, list] of byObject(items))
      this.db.forChunk(
        list.map((i) => i.externalId),
        (n) => `DELETE FROM record_errors WHERE org_id = ? AND object = ? AND error_key IN (${placeholders(n)})`,
        orgId,
        object,
      );
  }

  /** After a complete run, errors it did not meet again are gone (fixed in Metronome, or the record is). */
  pruneErrors(orgId: string, runId: number): void {
    this.db
      .prepare('DELETE FROM record_errors WHERE org_id = ? AND (last_run IS NULL OR last_run <> ?)')
      .run(orgId, runId);
  }

  /** Deletes every stored error of the org (org.ts: when its records are void). */
  forgetOrg(orgId: string): void {
    this.db.prepare('DELETE FROM record_errors WHERE org_id = ?').run(orgId);
  }

  /** Outstanding record errors, of one org or (without an org ID) of every org this environment synced to. */
  list(orgId?: string): StoredRecordError[] {
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
}
