/**
 * When to check a closed Bulk API 2.0 job. Every status check is an API request against the daily limit, so a
 * check should find the job complete: the first one waits about as long as the org needs for the jobs ahead of it
 * (an org works through its queue: this client's jobs closed before it and not yet done) and for the job's own
 * rows. A job costs a fixed part and a part per row ("Get Information About an Ingest Job" reports rows processed
 * and `totalProcessingTime`): from the jobs completed so far, both are fitted, so a large job is not judged by
 * small ones' fixed costs. A check that finds the job still in progress waits for the rows left (at the rate learned,
 * or at the job's own pace so far if slower; the jobs behind it move later too), or backs off.
 *
 * A check is due with a margin (a check a little late costs less than one too early, which costs a call), a
 * narrower one while the caller is hurried (`hurry()`): when it has nothing left to do but wait for its jobs,
 * lateness is wall time. A job a hurried check found still in progress goes back to the wide margin, so hurrying
 * costs at most one early check per job.
 */

/** Rows a millisecond assumed until the org has reported its own rate. */
const DEFAULT_ROWS_PER_MS = 20;
/** What a job is assumed to cost until the org has reported one: a quarter second and 20 rows a millisecond. */
const DEFAULT_COST: JobCost = { fixedMs: 250, msPerRow: 1 / DEFAULT_ROWS_PER_MS };

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
  /** When the job was created and last changed (its completion, once complete), by the org's clock. */
  createdDate?: string;
  systemModstamp?: string;
}

/** When the next check is due, in ms from now: with the margin, and with the narrow one (when hurried). */
export interface CheckDelay {
  margin: number;
  hurried: number;
}

/** Margin over the expected time: a check a little late costs less than one too early (a call). */
const SLACK = 1.25;
/** The margin while hurried: a late check is wall time, an early one a call (at most one per job). */
const HURRIED_SLACK = 1.1;
/** The margin while the rate rests on few rows (objects differ in cost per row): the early jobs wait longer. */
const EARLY_SLACK = 1.6;
const WELL_KNOWN_ROWS = 5_000;
/** A status call's own round trip, at least. */
const MIN_DELAY_MS = 100;
const MAX_FIRST_DELAY_MS = 5_000;
/** Jobs this small say little about the cost per row: without a fit, they are left out of the pooled rate. */
const SMALL_JOB_ROWS = 500;
/** The jobs remembered for the fit: the latest ones (a long-lived client's org may change pace). */
const SAMPLES_KEPT = 50;

/** A job's expected processing time: a fixed part and a part per row. */
export interface JobCost {
  fixedMs: number;
  msPerRow: number;
}

interface Sample {
  rows: number;
  ms: number;
}

/**
 * The least-squares line through the jobs' (rows, ms), when their sizes differ enough to tell the fixed part from
 * the per-row one (the largest at least twice the smallest) and the line makes sense (positive cost per row, fixed
 * part between 0 and the quickest job's time).
 */
export function fitJobCost(samples: readonly Sample[]): JobCost | undefined {
  if (samples.length < 2) return undefined;
  const rows = samples.map((s) => s.rows);
  if (Math.max(...rows) < 2 * Math.min(...rows)) return undefined;
  const meanRows = rows.reduce((a, b) => a + b, 0) / samples.length;
  const meanMs = samples.reduce((a, s) => a + s.ms, 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.rows - meanRows) * (s.ms - meanMs);
    variance += (s.rows - meanRows) ** 2;
  }
  const msPerRow = covariance / variance;
  const fixedMs = meanMs - msPerRow * meanRows;
  if (!(msPerRow > 0) || fixedMs < 0 || fixedMs > Math.min(...samples.map((s) => s.ms))) return undefined;
  return { fixedMs, msPerRow };
}

/** Rows over time of the jobs large enough to say something about the rate (no fixed part). */
function pooledJobCost(samples: readonly Sample[]): JobCost | undefined {
  let rows = 0;
  let ms = 0;
  for (const s of samples) {
    if (s.rows < SMALL_JOB_ROWS) continue;
    rows += s.rows;
    ms += s.ms;
  }
  return rows > 0 && ms > 0 ? { fixedMs: 0, msPerRow: ms / rows } : undefined;
}

/** One closed job's checks: when each is due, and what the pace learns when the job is over. */
export interface JobPace {
  /** When the first check is due, from the job's close (it moves when a job ahead turns out done earlier or later). */
  readonly first: CheckDelay;
  /** Waits until the first check is due. */
  untilFirst(): Promise<void>;
  /** When to check again after check number `poll` (from 0) found the job still in progress. */
  next(poll: number, progress: JobProgress): CheckDelay;
  /** Waits until a check is due: after the margin, or the narrow one while hurried (a waiting check included). */
  wait(delay: CheckDelay): Promise<void>;
  over(done?: JobProgress): void;
}

/** A job closed and not over. */
interface Flight {
  closedAt: number;
  /** When its create call was answered (this client's clock), to read the org's dates against. */
  createdAt: number;
  /** Its own expected processing time. */
  ownMs: number;
  /** When it is expected to start: at its close, or when the job it queues behind is (or was) done. */
  startAt: number;
  /** When it is expected done: after the job it queues behind, if any, then its own time. */
  doneAt: number;
  behind: Flight | undefined;
}

export class BulkPace {
  private readonly inFlight = new Set<Flight>();
  private samples: Sample[] = [];
  private hurried = 0;
  private readonly sleepers = new Set<() => void>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** A job of `rows` rows was closed (its create call answered at `createdAt`): its checks. */
  closed(rows: number, createdAt = this.now()): JobPace {
    const now = this.now();
    // Until the org has reported a job, a guess, checked with the wide margin.
    const { fixedMs, msPerRow } = this.cost() ?? DEFAULT_COST;
    const ownMs = fixedMs + rows * msPerRow;
    // The org works through its queue: this job starts when the last one closed before it is expected done.
    let behind: Flight | undefined;
    for (const other of this.inFlight)
      if (other.doneAt > now && (!behind || other.doneAt > behind.doneAt)) behind = other;
    const startAt = behind?.doneAt ?? now;
    const flight: Flight = { closedAt: now, createdAt, ownMs, startAt, doneAt: startAt + ownMs, behind };
    this.inFlight.add(flight);
    /** Set once a hurried check found the job in progress: its later checks keep the wide margin. */
    let missedWhileHurried = false;
    const hurried = () => this.hurried > 0 && !missedWhileHurried;
    const first = (): CheckDelay => this.delay(flight.doneAt - flight.closedAt, MAX_FIRST_DELAY_MS);
    return {
      get first() {
        return first();
      },
      untilFirst: () => this.until(flight.closedAt, first, hurried),
      next: (poll, progress) => {
        if (this.hurried > 0) missedWhileHurried = true;
        return this.next(flight, poll, rows, progress);
      },
      wait: (delay) => this.until(this.now(), () => delay, hurried),
      over: (done) => {
        if (!this.inFlight.delete(flight)) return;
        if (!done) return;
        this.learn(done);
        const finishedAt = finishedAtOn(flight, done);
        if (finishedAt !== undefined) this.replanBehind(flight, finishedAt);
      },
    };
  }

  /**
   * The caller has nothing left to do but wait for its jobs: checks are due with the narrow margin, those already
   * waiting included, until the returned function is called.
   */
  hurry(): () => void {
    this.hurried++;
    this.wakeAll();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.hurried--;
    };
  }

  /**
   * The jobs queued behind one start when it finishes: when it did (by the org's dates), or when it is now expected
   * to (a check found it still in progress); and so on for those behind them.
   */
  private replanBehind(ahead: Flight, finishedAt: number): void {
    for (const flight of this.inFlight) {
      if (flight.behind !== ahead) continue;
      flight.startAt = Math.max(flight.closedAt, finishedAt);
      flight.doneAt = flight.startAt + flight.ownMs;
      this.replanBehind(flight, flight.doneAt);
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private next(flight: Flight, poll: number, rows: number, progress: JobProgress): CheckDelay {
    const processed = progress.numberRecordsProcessed ?? 0;
    const known = this.cost();
    if (!known || processed <= 0 || processed >= rows) {
      const backoff = bulkPollDelay(poll + 1);
      return { margin: backoff, hurried: backoff };
    }
    // The fixed part is behind it: only the rows left, at the rate learned or at this job's own pace so far if that
    // is slower (a job larger than any seen, or an org busier than before). Its pace is measured from when it was
    // expected to start: if it started later it is faster than that, and the check only a little late.
    const now = this.now();
    const ownPace = now > flight.startAt ? (now - flight.startAt) / processed : 0;
    const expected = (rows - processed) * Math.max(known.msPerRow, ownPace);
    // The jobs queued behind it start later than planned too.
    if (now + expected > flight.doneAt) {
      flight.doneAt = now + expected;
      this.replanBehind(flight, flight.doneAt);
    }
    return this.delay(expected, Infinity);
  }

  private delay(expected: number, max: number): CheckDelay {
    return {
      margin: Math.min(max, Math.round(MIN_DELAY_MS + expected * this.slack())),
      hurried: Math.min(max, Math.round(Math.max(MIN_DELAY_MS, expected * HURRIED_SLACK))),
    };
  }

  /** Waits until `from` + the delay is past, the delay asked again whenever something changed (a hurry, a replan). */
  private async until(from: number, delay: () => CheckDelay, hurried: () => boolean): Promise<void> {
    for (;;) {
      const current = delay();
      const left = from + (hurried() ? current.hurried : current.margin) - this.now();
      if (left <= 0) return;
      if (!(await this.sleep(left))) return;
    }
  }

  /** True when woken early (a hurry, a replan). */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(false);
      }, ms);
      this.sleepers.add(wake);
    });
  }

  private cost(): JobCost | undefined {
    return fitJobCost(this.samples) ?? pooledJobCost(this.samples);
  }

  private slack(): number {
    const rows = this.samples.reduce((a, s) => a + s.rows, 0);
    return rows < WELL_KNOWN_ROWS ? EARLY_SLACK : SLACK;
  }

  private learn({ numberRecordsProcessed: rows, totalProcessingTime: ms }: JobProgress): void {
    if (!rows || !ms) return;
    this.samples = [...this.samples.slice(1 - SAMPLES_KEPT), { rows, ms }];
  }
}

/**
 * When a complete job finished, by this client's clock: its creation and its last change (the completion) by the
 * org's clock, measured from when its create call was answered. Undefined when the org did not say.
 */
function finishedAtOn(flight: Flight, done: JobProgress): number | undefined {
  const created = Date.parse(done.createdDate ?? '');
  const finished = Date.parse(done.systemModstamp ?? '');
  if (!Number.isFinite(created) || !Number.isFinite(finished) || finished < created) return undefined;
  return flight.createdAt + (finished - created);
}
