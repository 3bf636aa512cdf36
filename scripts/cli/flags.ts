/** Numeric flags, checked where they are parsed: a typo is an error naming the flag, not NaN handed to an API. */
import { InvalidArgumentError } from 'commander';

/** A parser for commander's `.option(…, parser)`; `expected` completes "<flag> must be …". */
export function numberFlag(flag: string, expected: string, check: (n: number) => boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new InvalidArgumentError(`${flag} must be ${expected}, got ${JSON.stringify(value)}.`);
    return n;
  };
}

export const integerFlag = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  numberFlag(flag, max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`, (n) => Number.isInteger(n) && n >= min && n <= max);

/** Minutes to wait: any positive number (tests use fractions). */
export const minutesFlag = (flag: string) => numberFlag(flag, 'a number of minutes above 0', (n) => n > 0);
