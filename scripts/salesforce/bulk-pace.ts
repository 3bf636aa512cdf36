/**
 * When to check a closed Bulk API 2.0 job. Every status check is an API request against the daily limit, so a
 * check should find the job complete: the first one waits about as long as the org needs for the rows ahead of
 * the job (what this client's jobs closed before it likely still have to do: an org works through its queue) and
 * the job's own. Until a job of this client has completed, that is a few thousand rows a second; from then on, the
 * rate the org itself reported (rows processed ÷ `totalProcessingTime`, "Get Information About an Ingest Job").
 * A check that finds the job still in progress waits for the rows left at that rate, or backs off.
 */

/** Rows a millisecond assumed until the org has reported its own rate. */
const DEFAULT_ROWS_PER_MS = 20;

/** Salesforce processes a few thousand rows a second: the first check waits for about that, within 250 ms–5 s. */
export function bulkFirstPollDelay(rows: number): number {
  return Math.min(5_000, 250 + Math.round(rows / DEFAULT_ROWS_PER_MS));
}

/**
 * Every status check is an API request against the daily limit: quick at first (small jobs finish in a second),
 * then backing off, so a ten-minute job costs a few dozen checks rather than a thousand.
 */
export function bulkPollDelay(poll: number): number {
  return Math.min(10_000, Math.round(250 * 1.5 ** poll));
}

/** What a status check says of a job's progress (the fields of Salesforce's job info the pacing reads). */
export interface JobProgress {
  numberRecordsProcessed?: number;
  totalProcessingTime?: number;
}

/** Margin over the expected time: a check a little late costs less than one too early (a call). */
const SLACK = 1.25;
/** The margin while the rate rests on few rows (objects differ in cost per row): the early jobs wait longer. */
const EARLY_SLACK = 1.6;
const WELL_KNOWN_ROWS = 5_000;
/** A status call's own round trip, at least. */
const MIN_DELAY_MS = 100;

export class BulkPace {
  private readonly inFlight = new Set<{ rows: number; closedAt: number }>();
  /** Rows and milliseconds the org reported for this client's completed jobs. */
  private learned = { rows: 0, ms: 0 };
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** A job was closed: the wait before its first check, and what to call when the job is over. */
  closed(rows: number): { firstDelay: number; over: (done?: JobProgress) => void } {
    const rowsAhead = this.rowsAhead();
    const job = { rows, closedAt: this.now() };
    this.inFlight.add(job);
    return {
      firstDelay: this.expected(rows + rowsAhead) ?? bulkFirstPollDelay(rows + rowsAhead),
      over: (done) => {
        if (!this.inFlight.delete(job)) return;
        if (done) this.learn(done);
      },
    };
  }

  /** The wait after check number `poll` (from 0) found the job still in progress. */
  nextDelay(poll: number, rows: number, progress: JobProgress): number {
    const left = rows - (progress.numberRecordsProcessed ?? 0);
    const expected = left > 0 && (progress.numberRecordsProcessed ?? 0) > 0 ? this.expected(left) : undefined;
    return expected ?? bulkPollDelay(poll + 1);
  }

  /** Rows of jobs closed before, that the org has likely not processed yet at its rate. */
  private rowsAhead(): number {
    const rate = this.rate() ?? DEFAULT_ROWS_PER_MS;
    const now = this.now();
    let rows = 0;
    for (const job of this.inFlight) rows += Math.max(0, job.rows - rate * (now - job.closedAt));
    return Math.round(rows);
  }

  /** Rows a millisecond over every job learned from: a large job weighs as much as its rows. */
  private rate(): number | undefined {
    return this.learned.ms > 0 ? this.learned.rows / this.learned.ms : undefined;
  }

  private expected(rows: number): number | undefined {
    const rate = this.rate();
    if (!rate) return undefined;
    const slack = this.learned.rows < WELL_KNOWN_ROWS ? EARLY_SLACK : SLACK;
    return Math.min(5_000, Math.round(MIN_DELAY_MS + (rows / rate) * slack));
  }

  private learn({ numberRecordsProcessed: rows, totalProcessingTime: ms }: JobProgress): void {
    // Small jobs say little about the rate (their time is mostly fixed costs).
    if (!rows || !ms || rows < 500) return;
    this.learned.rows += rows;
    this.learned.ms += ms;
  }
}
