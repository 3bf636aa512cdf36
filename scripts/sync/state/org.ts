/**
 * Which org the state describes (the `orgs` table): each org ID with its fingerprint, the org's CreatedDate. The
 * same ID with another fingerprint is a refreshed sandbox, which keeps nothing the sync wrote: what the state
 * holds for it is void and forgotten.
 */
import { now, type StateDatabase } from './db.ts';
import type { RecordErrors } from './errors.ts';
import type { RecordState } from './records.ts';

export class OrgIdentity {
  private readonly db: StateDatabase;
  private readonly records: RecordState;
  private readonly errors: RecordErrors;

  constructor(db: StateDatabase, records: RecordState, errors: RecordErrors) {
    this.db = db;
    this.records = records;
    this.errors = errors;
  }

  /**
   * Why a full sync is due for this org, if it is, and whether what the state holds for it is void (the org ID is
   * known with another fingerprint: a refreshed sandbox keeps nothing of what we wrote). Reads only.
   */
  change(orgId: string, fingerprint: string): { reason?: string; stale: boolean } {
    const row = this.db.prepare('SELECT fingerprint FROM orgs WHERE org_id = ?').get(orgId) as
      { fingerprint: string } | undefined;
    if (!row) {
      const known = this.records.holdsAny(orgId);
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

  /** Registers the org (forgetting its records when they are void, see change); returns why a full sync is due. */
  open(orgId: string, fingerprint: string): string | undefined {
    const change = this.change(orgId, fingerprint);
    this.db
      .prepare(
        'INSERT INTO orgs (org_id, fingerprint, first_seen, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET last_seen = excluded.last_seen, fingerprint = excluded.fingerprint',
      )
      .run(orgId, fingerprint, now(), now());
    if (change.stale) this.forget(orgId);
    return change.reason;
  }

  /** Forgets the org's records and their errors at once. */
  forget(orgId: string): void {
    this.db.transaction(() => {
      this.records.forgetOrg(orgId);
      this.errors.forgetOrg(orgId);
    });
  }
}
