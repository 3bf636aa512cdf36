import { afterEach, describe, expect, it, vi } from 'vitest';
import { BulkPace, bulkPollDelay, fitJobCost } from '../../scripts/salesforce/bulk-pace.ts';

/** A pace that has seen one job of `rows` rows take `ms` (its cost per row, pooled: no fixed part). */
function paceAfter(rows: number, ms: number, now: () => number = () => 0): BulkPace {
  const pace = new BulkPace(now);
  pace.closed(rows).over({ numberRecordsProcessed: rows, totalProcessingTime: ms });
  return pace;
}

/** Resolves `wait` under fake timers and says how long it took. */
async function waited(wait: Promise<void>, step = 5): Promise<number> {
  let done = false;
  void wait.then(() => (done = true));
  let ms = 0;
  while (!done && ms < 60_000) {
    await vi.advanceTimersByTimeAsync(step);
    ms += step;
  }
  return ms;
}

describe('pacing the status checks of Bulk jobs', () => {
  afterEach(() => vi.useRealTimers());

  it('before any job completed: a few thousand rows a second, after the jobs closed before it, with a wide margin', () => {
    let now = 0;
    const pace = new BulkPace(() => now);
    const first = pace.closed(2_000);
    const second = pace.closed(4_000);
    // 250 ms + 20 rows a millisecond, 60% margin and a round trip; the second starts after the first.
    expect(first.first).toEqual({ margin: 100 + 350 * 1.6, hurried: Math.round(350 * 1.1) });
    expect(second.first.margin).toBe(100 + (350 + 450) * 1.6);
    first.over();
    now = 50;
    // The second job is expected done at 800: the next one starts then.
    expect(pace.closed(1_000).first.margin).toBe(100 + (750 + 300) * 1.6);
  });

  it("after a job completed: the org's own rate (rows ÷ totalProcessingTime) with a margin, ahead included", () => {
    const pace = paceAfter(10_000, 1_000);
    // 10 rows a millisecond: 5,000 rows take 500 ms; with the margin and a round trip, 725 ms; hurried, 550.
    expect(pace.closed(5_000).first).toEqual({ margin: 725, hurried: 550 });
    // The 5,000 rows still in flight come first: 2,000 ms in all.
    expect(pace.closed(15_000).first).toEqual({ margin: 2_600, hurried: 2_200 });
  });

  it("tells a job's fixed cost from its cost per row when the jobs seen differ in size", () => {
    const pace = new BulkPace(() => 0);
    pace.closed(1_000).over({ numberRecordsProcessed: 1_000, totalProcessingTime: 150 });
    pace.closed(4_000).over({ numberRecordsProcessed: 4_000, totalProcessingTime: 450 });
    // 50 ms + 0.1 ms a row: a 10,000-row job in 1,050 ms (the pooled rate, 0.12 ms a row, would say 1,200).
    expect(pace.closed(10_000).first).toEqual({ margin: Math.round(100 + 1_050 * 1.25), hurried: 1_155 });
  });

  it('fits a line only where it makes sense', () => {
    expect(fitJobCost([{ rows: 1_000, ms: 150 }])).toBeUndefined();
    // Sizes too alike to tell the parts apart.
    expect(
      fitJobCost([
        { rows: 1_000, ms: 150 },
        { rows: 1_500, ms: 200 },
      ]),
    ).toBeUndefined();
    // Larger jobs quicker, or a negative fixed part: no line.
    expect(
      fitJobCost([
        { rows: 1_000, ms: 1_000 },
        { rows: 9_000, ms: 900 },
      ]),
    ).toBeUndefined();
    expect(
      fitJobCost([
        { rows: 1_000, ms: 50 },
        { rows: 4_000, ms: 450 },
      ]),
    ).toBeUndefined();
    const cost = fitJobCost([
      { rows: 1_000, ms: 150 },
      { rows: 4_000, ms: 450 },
    ]);
    expect(cost?.fixedMs).toBeCloseTo(50);
    expect(cost?.msPerRow).toBeCloseTo(0.1);
  });

  it('a check that finds the job in progress waits for the rows left; a job not started yet backs off', () => {
    const pace = paceAfter(8_000, 800);
    expect(pace.closed(4_000).next(0, { numberRecordsProcessed: 3_000 })).toEqual({ margin: 225, hurried: 110 });
    expect(pace.closed(4_000).next(0, { numberRecordsProcessed: 0 }).margin).toBe(bulkPollDelay(1));
    expect(new BulkPace().closed(4_000).next(2, { numberRecordsProcessed: 3_000 }).margin).toBe(bulkPollDelay(3));
  });

  it('weighs each job learned from by its rows', () => {
    const pace = new BulkPace(() => 0);
    pace.closed(1_000).over({ numberRecordsProcessed: 1_000, totalProcessingTime: 1_000 });
    pace.closed(9_000).over({ numberRecordsProcessed: 9_000, totalProcessingTime: 900 });
    // 10,000 rows in 1,900 ms: 5.26 rows a millisecond, not the mean of 1 and 10.
    expect(pace.closed(1_000).first.margin).toBe(Math.round(100 + (1_000 / (10_000 / 1_900)) * 1.25));
  });

  it('leaves a wider margin while the rate rests on fewer than 5,000 rows', () => {
    expect(paceAfter(2_000, 200).closed(1_000).first.margin).toBe(Math.round(100 + 100 * 1.6));
  });

  it('learns no rate from a small job alone, whose time is mostly fixed costs', () => {
    expect(paceAfter(10, 50).closed(5_000).first).toEqual(new BulkPace().closed(5_000).first);
  });

  it('checks a small job within a second, and a ten-minute job in a few dozen status calls instead of a thousand', () => {
    expect(bulkPollDelay(0) + bulkPollDelay(1)).toBeLessThanOrEqual(1000);
    let elapsed = 0;
    let polls = 0;
    while (elapsed < 10 * 60_000) elapsed += bulkPollDelay(polls++);
    expect(polls).toBeLessThan(80);
  });

  it('once hurried, a check is due with the narrow margin, a waiting one included, until the hurry ends', async () => {
    vi.useFakeTimers();
    const pace = paceAfter(10_000, 1_000, Date.now);
    const job = pace.closed(5_000);
    // Due at 725 ms; hurried 300 ms in, it is due at 550 instead.
    const wait = job.wait(job.first);
    await vi.advanceTimersByTimeAsync(300);
    const endHurry = pace.hurry();
    expect(300 + (await waited(wait))).toBe(550);
    // Already past its narrow margin: due at once.
    expect(await waited(job.wait({ margin: 725, hurried: 0 }), 1)).toBe(1);
    endHurry();
    expect(await waited(job.wait({ margin: 725, hurried: 500 }))).toBe(725);
  });

  it('a job a hurried check found still in progress is checked with the wide margin after that', async () => {
    vi.useFakeTimers();
    const pace = paceAfter(10_000, 1_000, Date.now);
    pace.hurry();
    const job = pace.closed(5_000);
    expect(await waited(job.wait(job.first))).toBe(550);
    // 4,000 rows in 550 ms, slower than the rate learned: the 1,000 left at that pace, 137.5 ms.
    const again = job.next(0, { numberRecordsProcessed: 4_000 });
    expect(again).toEqual({ margin: 272, hurried: 151 });
    expect(await waited(job.wait(again), 1)).toBe(272);
    // Another job still gets its hurried check.
    const other = pace.closed(1_000);
    expect(await waited(other.wait({ margin: 725, hurried: 110 }))).toBe(110);
  });

  it("a job queued behind one that finished early is checked when its own time is up, by the org's dates", async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const pace = paceAfter(10_000, 1_000, Date.now);
    const ahead = pace.closed(10_000, start);
    const next = pace.closed(1_000, start);
    // Behind the first (expected done at 1,000 ms), then its own 100 ms: 100 + 1,100 × 1.25.
    expect(next.first.margin).toBe(1_475);
    const wait = next.untilFirst();
    await vi.advanceTimersByTimeAsync(450);
    // Found complete at 450 ms; the org says it finished 400 ms after its creation.
    ahead.over({
      numberRecordsProcessed: 10_000,
      totalProcessingTime: 1_000,
      createdDate: '2026-11-29T08:00:00.000+0000',
      systemModstamp: '2026-11-29T08:00:00.400+0000',
    });
    expect(next.first.margin).toBe(100 + 500 * 1.25);
    expect(450 + (await waited(wait))).toBe(725);
  });

  it('a job found in progress slower than the rate learned: the rest at its own pace, and the jobs behind it later', () => {
    let now = 0;
    const pace = paceAfter(10_000, 1_000, () => now);
    const large = pace.closed(20_000);
    const behind = pace.closed(1_000);
    // Planned from the rate learned: 2,000 ms, then 100 ms for the one behind it.
    expect(behind.first.margin).toBe(Math.round(100 + 2_100 * 1.25));
    now = 1_500;
    // 10,000 rows in 1.5 s: the 10,000 left take 1,500 ms more, not 1,000; the one behind is due after that.
    expect(large.next(0, { numberRecordsProcessed: 10_000 }).margin).toBe(Math.round(100 + 1_500 * 1.25));
    expect(behind.first.margin).toBe(Math.round(100 + 3_100 * 1.25));
    // Found nearly done sooner than that: checked again soon, and nothing behind it is moved earlier.
    now = 2_800;
    const left = 50 * (2_800 / 19_950);
    expect(large.next(1, { numberRecordsProcessed: 19_950 }).margin).toBe(Math.round(100 + left * 1.25));
    expect(behind.first.margin).toBe(Math.round(100 + 3_100 * 1.25));
  });

  it("without the org's dates, the jobs behind keep their plan", () => {
    const pace = paceAfter(10_000, 1_000);
    const ahead = pace.closed(10_000);
    const next = pace.closed(1_000);
    ahead.over({ numberRecordsProcessed: 10_000, totalProcessingTime: 1_000 });
    expect(next.first.margin).toBe(1_475);
  });
});
