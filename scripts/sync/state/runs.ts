/**
 * The history of an environment's runs (the `runs` table), which is also its run lock: a run is claimed before it
 * writes, and a second live process syncing the same environment is refused.
 */
import { now, type StateDatabase } from './db.ts';

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

export class RunInProgressError extends Error {
  constructor(environment: string, pid: number, runId: number) {
    super(
      `Another sync of ${environment} is running (run #${runId}, process ${pid}); two runs never write one org at once. Wait for it or stop that process.`,
    );
    this.name = 'RunInProgress';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunHistory {
  private readonly db: StateDatabase;

  constructor(db: StateDatabase) {
    this.db = db;
  }

  /**
   * Records a run as started. Another process still running a (non-dry) run of this environment → refused, so
   * a manual run and a scheduled one never write the same org at once; a run marked running whose process is
   * gone was killed → marked interrupted.
   */
  start(environment: string, orgId: string, dryRun: boolean, pid = process.pid): number {
    return this.db.transaction(() => this.claim(environment, orgId, dryRun, pid), true);
  }

  private claim(environment: string, orgId: string, dryRun: boolean, pid: number): number {
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
  startedAt(runId: number): number | undefined {
    const row = this.db.prepare('SELECT started_at FROM runs WHERE id = ?').get(runId) as
      { started_at: string } | undefined;
    return row ? Date.parse(row.started_at) : undefined;
  }

  finish(runId: number, status: string, summary: unknown, error?: string): void {
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

  /** The latest runs, newest first. */
  list(limit = 20): RunRecord[] {
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
