/** Relative date literals (TODAY, LAST_N_DAYS:n, …) as [from, to) in UTC milliseconds. */
import { notInLocalOrg } from './errors.ts';

export type Range = { from: number; to: number };

const DAY = 86_400_000;

export function dateRange(name: string, n: number): Range {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const month = (offset: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
  const year = (offset: number) => Date.UTC(now.getUTCFullYear() + offset, 0, 1);
  const week = today - now.getUTCDay() * DAY;
  const quarter = (offset: number) =>
    Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + offset * 3, 1);
  const ranges: Record<string, () => Range> = {
    TODAY: () => ({ from: today, to: today + DAY }),
    YESTERDAY: () => ({ from: today - DAY, to: today }),
    TOMORROW: () => ({ from: today + DAY, to: today + 2 * DAY }),
    THIS_WEEK: () => ({ from: week, to: week + 7 * DAY }),
    LAST_WEEK: () => ({ from: week - 7 * DAY, to: week }),
    NEXT_WEEK: () => ({ from: week + 7 * DAY, to: week + 14 * DAY }),
    THIS_MONTH: () => ({ from: month(0), to: month(1) }),
    LAST_MONTH: () => ({ from: month(-1), to: month(0) }),
    NEXT_MONTH: () => ({ from: month(1), to: month(2) }),
    THIS_QUARTER: () => ({ from: quarter(0), to: quarter(1) }),
    LAST_QUARTER: () => ({ from: quarter(-1), to: quarter(0) }),
    NEXT_QUARTER: () => ({ from: quarter(1), to: quarter(2) }),
    THIS_YEAR: () => ({ from: year(0), to: year(1) }),
    LAST_YEAR: () => ({ from: year(-1), to: year(0) }),
    NEXT_YEAR: () => ({ from: year(1), to: year(2) }),
    LAST_90_DAYS: () => ({ from: today - 90 * DAY, to: today + DAY }),
    NEXT_90_DAYS: () => ({ from: today + DAY, to: today + 91 * DAY }),
    LAST_N_DAYS: () => ({ from: today - n * DAY, to: today + DAY }),
    NEXT_N_DAYS: () => ({ from: today + DAY, to: today + (n + 1) * DAY }),
    N_DAYS_AGO: () => ({ from: today - n * DAY, to: today - (n - 1) * DAY }),
    LAST_N_WEEKS: () => ({ from: week - n * 7 * DAY, to: week }),
    NEXT_N_WEEKS: () => ({ from: week + 7 * DAY, to: week + (n + 1) * 7 * DAY }),
    LAST_N_MONTHS: () => ({ from: month(-n), to: month(0) }),
    NEXT_N_MONTHS: () => ({ from: month(1), to: month(n + 1) }),
    LAST_N_YEARS: () => ({ from: year(-n), to: year(0) }),
    NEXT_N_YEARS: () => ({ from: year(1), to: year(n + 1) }),
  };
  const make = ranges[name];
  if (!make)
    throw notInLocalOrg(
      `The date literal ${name}`,
      'Use a range of dates (Field >= 2026-01-01 AND Field < 2026-04-01) instead.',
    );
  return make();
}
