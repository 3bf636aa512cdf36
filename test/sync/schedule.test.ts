import { describe, expect, it } from 'vitest';
import { startSchedule } from '../../scripts/sync/schedule.ts';
import { defaultOptions } from '../../scripts/sync/config.ts';
import type { EnvironmentSpec } from '../../scripts/sync/service.ts';
import type { SyncReport } from '../../scripts/sync/types.ts';

const spec = (name: string, schedule = '0 7 * * *'): EnvironmentSpec => ({
  name,
  targetOrg: name,
  selection: 'all',
  schedule,
  options: defaultOptions(),
});
const report = (environment: string) =>
  ({
    environment,
    status: 'succeeded',
    durationMs: 1,
    recordErrorCount: 0,
    apiCalls: { salesforce: 1 },
  }) as unknown as SyncReport;

describe('schedule', () => {
  it('runs each environment daily at 07:00 UTC by default', () => {
    const schedule = startSchedule([spec('production'), spec('sandbox', '30 6 * * 1-5')], async (s) => report(s.name));
    try {
      const [prod, sandbox] = schedule.environments();
      expect(prod!.nextRun!.getUTCHours()).toBe(7);
      expect(prod!.nextRun!.getUTCMinutes()).toBe(0);
      expect(sandbox!.nextRun!.getUTCHours()).toBe(6);
      expect(sandbox!.nextRun!.getUTCMinutes()).toBe(30);
    } finally {
      schedule.stop();
    }
  });

  it('never overlaps two runs of one environment, but runs different environments side by side', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    const schedule = startSchedule([spec('a'), spec('b')], async (s) => {
      started.push(s.name);
      await gate;
      return report(s.name);
    });
    try {
      const first = schedule.trigger('a');
      const overlapping = await schedule.trigger('a');
      const other = schedule.trigger('b');
      expect(overlapping).toBeUndefined();
      release();
      expect((await first)!.environment).toBe('a');
      expect((await other)!.environment).toBe('b');
      expect(started).toEqual(['a', 'b']);
    } finally {
      schedule.stop();
    }
  });

  it('survives a failed run: the next one goes ahead', async () => {
    let calls = 0;
    const errors: string[] = [];
    const schedule = startSchedule(
      [spec('a')],
      async (s) => {
        if (++calls === 1) throw new Error('org unreachable');
        return report(s.name);
      },
      { onError: (_, e) => errors.push((e as Error).message) },
    );
    try {
      expect(await schedule.trigger('a')).toBeUndefined();
      expect((await schedule.trigger('a'))!.status).toBe('succeeded');
      expect(errors).toEqual(['org unreachable']);
    } finally {
      schedule.stop();
    }
  });
});
