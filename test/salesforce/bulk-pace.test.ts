import { describe, expect, it } from 'vitest';
import { BulkPace, bulkFirstPollDelay, bulkPollDelay } from '../../scripts/salesforce/index.ts';

describe('pacing the status checks of Bulk jobs', () => {
  it('before any job completed: the first check waits for the job and what the jobs closed before it have left', () => {
    let now = 0;
    const pace = new BulkPace(() => now);
    const first = pace.closed(2_000);
    const second = pace.closed(4_000);
    expect(first.firstDelay).toBe(bulkFirstPollDelay(2_000));
    expect(second.firstDelay).toBe(bulkFirstPollDelay(6_000));
    first.over();
    // 50 ms later, at 20 rows a millisecond, the second job has 3,000 rows left.
    now = 50;
    expect(pace.closed(1_000).firstDelay).toBe(bulkFirstPollDelay(4_000));
  });

  it("after a job completed: the org's own rate (rows ÷ totalProcessingTime) with a margin, ahead included", () => {
    const pace = new BulkPace(() => 0);
    pace.closed(10_000).over({ numberRecordsProcessed: 10_000, totalProcessingTime: 1_000 });
    // 10 rows a millisecond: 5,000 rows take 500 ms; with the margin and a round trip, 725 ms.
    expect(pace.closed(5_000).firstDelay).toBe(725);
    // The 5,000 rows still in flight come first: 20,000 rows, 2,600 ms.
    expect(pace.closed(15_000).firstDelay).toBe(2_600);
  });

  it('a check that finds the job in progress waits for the rows left; a job not started yet backs off', () => {
    const pace = new BulkPace();
    pace.closed(8_000).over({ numberRecordsProcessed: 8_000, totalProcessingTime: 800 });
    expect(pace.nextDelay(0, 4_000, { numberRecordsProcessed: 3_000 })).toBe(225);
    expect(pace.nextDelay(0, 4_000, { numberRecordsProcessed: 0 })).toBe(bulkPollDelay(1));
    expect(new BulkPace().nextDelay(2, 4_000, { numberRecordsProcessed: 3_000 })).toBe(bulkPollDelay(3));
  });

  it('weighs each job learned from by its rows', () => {
    const pace = new BulkPace(() => 0);
    pace.closed(1_000).over({ numberRecordsProcessed: 1_000, totalProcessingTime: 1_000 });
    pace.closed(9_000).over({ numberRecordsProcessed: 9_000, totalProcessingTime: 900 });
    // 10,000 rows in 1,900 ms: 5.26 rows a millisecond, not the mean of 1 and 10.
    expect(pace.closed(1_000).firstDelay).toBe(Math.round(100 + (1_000 / (10_000 / 1_900)) * 1.25));
  });

  it('leaves a wider margin while the rate rests on fewer than 5,000 rows', () => {
    const pace = new BulkPace(() => 0);
    pace.closed(2_000).over({ numberRecordsProcessed: 2_000, totalProcessingTime: 200 });
    expect(pace.closed(1_000).firstDelay).toBe(Math.round(100 + 100 * 1.6));
  });

  it('learns nothing from small jobs, whose time is mostly fixed costs', () => {
    const pace = new BulkPace();
    pace.closed(10).over({ numberRecordsProcessed: 10, totalProcessingTime: 50 });
    expect(pace.closed(5_000).firstDelay).toBe(bulkFirstPollDelay(5_000));
  });

  it('checks a small job within a second, and a ten-minute job in a few dozen status calls instead of a thousand', () => {
    expect(bulkPollDelay(0) + bulkPollDelay(1)).toBeLessThanOrEqual(1000);
    let elapsed = 0;
    let polls = 0;
    while (elapsed < 10 * 60_000) elapsed += bulkPollDelay(polls++);
    expect(polls).toBeLessThan(80);
  });
});
