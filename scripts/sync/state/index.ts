/**
 * The incremental state of one environment: for each org (by org ID) what the sync last confirmed written — a
 * digest of each record's mapped values, the Salesforce Id it got, and whether the sync created it (only those are
 * ever deleted) — plus outstanding record errors and the history of runs. node:sqlite, one file per environment;
 * no secrets are stored.
 *
 * `StateStore` is the one door: each of its methods hands the call to the part that owns the tables it touches
 * (records.ts, removal.ts, errors.ts, runs.ts, org.ts), all working through one open file (db.ts).
 */
import { StateDatabase } from './db.ts';
import { RecordErrors, type ErrorToSave, type StoredRecordError } from './errors.ts';
import { stateDir, stateFile } from './file.ts';
import { OrgIdentity } from './org.ts';
import { RecordState, type StateRow, type WriteOutcome } from './records.ts';
import { RecordRemoval } from './removal.ts';
import { RunHistory, type RunRecord } from './runs.ts';

export { DEFAULT_STATE_DIR, stateDir, stateFile } from './file.ts';
export { RunInProgressError } from './runs.ts';
export type { ErrorToSave, RunRecord, StateRow, StoredRecordError, WriteOutcome };

export class StateStore {
  readonly file: string;
  private readonly db: StateDatabase;
  private readonly org: OrgIdentity;
  private readonly records: RecordState;
  private readonly removal: RecordRemoval;
  private readonly recordErrors: RecordErrors;
  private readonly history: RunHistory;

  constructor(file: string) {
    this.file = file;
    this.db = new StateDatabase(file);
    this.recordErrors = new RecordErrors(this.db);
    this.records = new RecordState(this.db, this.recordErrors);
    this.removal = new RecordRemoval(this.db, this.recordErrors);
    this.org = new OrgIdentity(this.db, this.records, this.recordErrors);
    this.history = new RunHistory(this.db);
  }

  static forEnvironment(environment: string, dir = stateDir()): StateStore {
    return new StateStore(stateFile(environment, dir));
  }

  close(): void {
    this.db.close();
  }

  // The org (org.ts).
  orgChange(orgId: string, fingerprint: string): { reason?: string; stale: boolean } {
    return this.org.change(orgId, fingerprint);
  }
  openOrg(orgId: string, fingerprint: string): string | undefined {
    return this.org.open(orgId, fingerprint);
  }
  forgetOrg(orgId: string): void {
    this.org.forget(orgId);
  }

  // Each record's state (records.ts).
  invalidateHashes(orgId: string): void {
    this.records.invalidateHashes(orgId);
  }
  recordCount(orgId: string): number {
    return this.records.recordCount(orgId);
  }
  sampleIds(orgId: string, perObject: number): Map<string, string[]> {
    return this.records.sampleIds(orgId, perObject);
  }
  getRows(orgId: string, object: string, externalIds: string[]): Map<string, StateRow> {
    return this.records.getRows(orgId, object, externalIds);
  }
  markSeen(orgId: string, object: string, externalIds: string[], runId: number): void {
    this.records.markSeen(orgId, object, externalIds, runId);
  }
  markSeenBySource(orgId: string, object: string, sourceId: string, runId: number): void {
    this.records.markSeenBySource(orgId, object, sourceId, runId);
  }
  markIntent(orgId: string, records: { object: string; externalId: string; sourceId: string }[], runId: number): void {
    this.records.markIntent(orgId, records, runId);
  }
  commitOutcomes(orgId: string, outcomes: WriteOutcome[], runId: number): void {
    this.records.commitOutcomes(orgId, outcomes, runId);
  }

  // The records a run did not meet (removal.ts).
  unseenOwned(orgId: string, object: string, runId: number): { externalId: string; sfId: string; sourceId: string }[] {
    return this.removal.unseenOwned(orgId, object, runId);
  }
  unseenIntents(
    orgId: string,
    object: string,
    runId: number,
  ): { externalId: string; sourceId: string; intentRun: number }[] {
    return this.removal.unseenIntents(orgId, object, runId);
  }
  claimCreated(orgId: string, object: string, claims: { externalId: string; sfId: string }[]): void {
    this.removal.claimCreated(orgId, object, claims);
  }
  forgetUnseenForeign(orgId: string, object: string, runId: number): number {
    return this.removal.forgetUnseenForeign(orgId, object, runId);
  }
  removeRecords(orgId: string, object: string, externalIds: string[]): void {
    this.removal.removeRecords(orgId, object, externalIds);
  }

  // Record errors (errors.ts).
  saveError(orgId: string, e: ErrorToSave, runId: number): void {
    this.recordErrors.saveError(orgId, e, runId);
  }
  saveErrors(orgId: string, errors: ErrorToSave[], runId: number): void {
    this.recordErrors.saveErrors(orgId, errors, runId);
  }
  pruneErrors(orgId: string, runId: number): void {
    this.recordErrors.pruneErrors(orgId, runId);
  }
  errors(orgId?: string): StoredRecordError[] {
    return this.recordErrors.list(orgId);
  }

  // Runs and the run lock (runs.ts).
  startRun(environment: string, orgId: string, dryRun: boolean, pid = process.pid): number {
    return this.history.start(environment, orgId, dryRun, pid);
  }
  runStartedAt(runId: number): number | undefined {
    return this.history.startedAt(runId);
  }
  finishRun(runId: number, status: string, summary: unknown, error?: string): void {
    this.history.finish(runId, status, summary, error);
  }
  recordFailedStart(environment: string, error: string): number {
    return this.history.recordFailedStart(environment, error);
  }
  runs(limit = 20): RunRecord[] {
    return this.history.list(limit);
  }
  lastOrgId(environment: string): string | undefined {
    return this.history.lastOrgId(environment);
  }
  lastRunCalls(environment: string, orgId: string, fullSync = false): number | undefined {
    return this.history.lastRunCalls(environment, orgId, fullSync);
  }
}
