/** The benchmark's arithmetic: the API minimum and the done-when checks it prints (the timings live in the bench). */
import { describe, expect, it } from 'vitest';
import { apiMinimum, BULK_JOB_CALLS, changeWriteBound, objectMinimum } from '../../scripts/sync/bench/minimum.ts';
import {
  checks,
  cpuFloor,
  resultsTable,
  type BenchResults,
  type ContenderRow,
} from '../../scripts/sync/bench/report.ts';

describe('the API minimum', () => {
  it('is per object the cheaper of ⌈n/200⌉ collections calls and one Bulk job', () => {
    expect(objectMinimum(0)).toBe(0);
    expect(objectMinimum(1)).toBe(1);
    expect(objectMinimum(200)).toBe(1);
    expect(objectMinimum(201)).toBe(2);
    expect(objectMinimum(800)).toBe(4);
    expect(objectMinimum(801)).toBe(BULK_JOB_CALLS);
    expect(objectMinimum(27_000)).toBe(BULK_JOB_CALLS);
    expect(apiMinimum({ plans: 8, metrics: 9, customers: 1846, lines: 14_000 })).toEqual({
      total: 12,
      byObject: { plans: 1, metrics: 1, customers: 5, lines: 5 },
    });
  });

  it('bounds a small change by ⌈changed/200⌉ write calls per changed object', () => {
    expect(changeWriteBound({ invoices: 20 })).toBe(1);
    expect(changeWriteBound({ invoices: 20, lines: 201 })).toBe(3);
  });
});

const row = (name: string, wallMs: number, calls: number, extra: Partial<ContenderRow> = {}): ContenderRow => ({
  name,
  wallMs,
  salesforceCalls: calls,
  salesforceWrites: 0,
  maxRssKiB: 200 * 1024,
  ...extra,
});

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    date: '2026-11-28T23:00:00Z',
    machine: 'test machine',
    customers: 2000,
    records: 27_000,
    largeCustomers: 10_000,
    largeRecords: 135_000,
    first: row('first', 4000, 40, { minimum: 37 }),
    unchanged: row('unchanged', 1000, 3),
    change: { ...row('change', 1000, 3, { salesforceWrites: 1 }), changedByObject: { invoices: 20 } },
    large: row('large', 20_000, 40, { minimum: 37, maxRssKiB: 230 * 1024 }),
    naive: row('naive', 60_000, 27_000),
    bulk: row('bulk', 4100, 72),
    writeFloor: row('write floor', 1600, 142),
    readFloor: row('read floor', 3600, 0),
    ...overrides,
  };
}

describe('the done-when checks', () => {
  it("pass when every measure is within the issue's bounds", () => {
    expect(checks(results()).filter((c) => !c.pass)).toEqual([]);
  });

  it('fail on each bound that is exceeded, saying what was measured', () => {
    const failing = checks(
      results({
        first: row('first', 5000, 41, { minimum: 37 }),
        unchanged: row('unchanged', 1000, 4),
        change: { ...row('change', 1000, 6, { salesforceWrites: 2 }), changedByObject: { invoices: 20 } },
        large: row('large', 20_000, 50, { minimum: 37, maxRssKiB: 260 * 1024 }),
      }),
    ).filter((c) => !c.pass);
    expect(failing.map((c) => c.what)).toEqual([
      'first load: Salesforce calls ÷ API minimum',
      '10000 customers: calls ÷ its API minimum',
      '1% change: write calls, other calls',
      'unchanged re-run: writes, calls',
      'first load wall ÷ max(read floor, write floor)',
      'first load wall ÷ one Bulk job per object',
      'peak RSS growth, 2000 → 10000 customers',
    ]);
    expect(failing[0]!.measured).toBe('41 ÷ 37 = 1.11×');
  });

  it("prints every contender with its ratio to the sync's first load", () => {
    const text = resultsTable(results()).replace(/\x1b\[[0-9;]*m/g, '');
    for (const name of ['first', 'unchanged', 'change', 'large', 'naive', 'bulk', 'write floor', 'read floor'])
      expect(text).toContain(`│ ${name} `);
    expect(text).toMatch(/│ naive +│ 60\.0 +│ 15\.00× +│ 27000 /);
  });

  it('says how short the first load could be with the CPU the sync and the doubles used, on these cores', () => {
    const r = results({ cores: 2, first: row('first', 6000, 39, { minimum: 37, cpuMs: 6400, serversCpuMs: 3600 }) });
    expect(cpuFloor(r)).toBe(
      'CPU floor of the first load: (sync 6.4 s + doubles 3.6 s of CPU) ÷ 2 cores = 5.0 s, 1.39× the larger floor',
    );
    expect(resultsTable(r)).toContain('CPU floor of the first load');
    expect(cpuFloor(results())).toBeUndefined();
  });
});
