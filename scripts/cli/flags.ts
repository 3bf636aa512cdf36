/**
 * Flags as data. A command lists its flags by long name; each value here says how the flag reads, what it accepts
 * and what help says about it. Shared flags (`--target-org`, `--dev-hub`, `--project-dir`, `--wait`, `--log-level`)
 * are defined once below; `--json` is added to every command by command.ts. Numbers go through one parser, so
 * every numeric flag fails the same way: a message naming the flag and the value, before any work starts.
 */
import { InvalidArgumentError } from 'commander';
import { PROJECT_DIR } from '../metadata/project.ts';

interface FlagBase {
  summary: string;
  /** One-letter alias, e.g. `o` for `-o, --target-org`. */
  char?: string;
  hidden?: boolean;
}

export interface BooleanFlag extends FlagBase {
  kind: 'boolean';
}

/** `--no-<name>`: on unless turned off. */
export interface NegatedFlag extends FlagBase {
  kind: 'negated';
}

export interface ValueFlag<T> extends FlagBase {
  kind: 'value';
  /** Placeholder in help, e.g. `<alias>`. */
  placeholder: string;
  parse?: (raw: string) => T;
  default?: T;
  required?: boolean;
  choices?: readonly string[];
  /** Repeatable: every occurrence is collected, in order. */
  multiple?: boolean;
}

export type Flag = BooleanFlag | NegatedFlag | ValueFlag<unknown>;
export type FlagMap = Record<string, Flag>;

/** `target-org` → `targetOrg`, as commander names the parsed value. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

type ValueOf<F> = F extends BooleanFlag
  ? boolean | undefined
  : F extends NegatedFlag
    ? boolean
    : F extends ValueFlag<infer T>
      ? F extends { multiple: true }
        ? T[] | undefined
        : F extends { default: T } | { required: true }
          ? T
          : T | undefined
      : never;

/** What a command's `run` receives: each flag under its camel-case name, plus `json`. */
export type FlagValues<F extends FlagMap> = { -readonly [K in keyof F as Camel<K & string>]: ValueOf<F[K]> } & {
  json: boolean;
};

/** A number for `flag`, or a usage error saying what was expected; `expected` completes "<flag> must be …". */
export function parseNumber(flag: string, expected: string, check: (n: number) => boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
      throw new InvalidArgumentError(`${flag} must be ${expected}, got ${JSON.stringify(value)}.`);
    }
    return n;
  };
}

interface Described {
  summary: string;
  char?: string;
}

export const Flags = {
  boolean: (options: Described): BooleanFlag => ({ kind: 'boolean', ...options }),
  negated: (options: Described): NegatedFlag => ({ kind: 'negated', ...options }),
  string: <const O extends Described & { placeholder: string; default?: string; required?: boolean }>(options: O) =>
    ({ kind: 'value', ...options }) as O & ValueFlag<string>,
  /** One of a fixed set of values; help lists them. */
  option: <const T extends string, const D extends T | undefined = undefined>(
    options: Described & { placeholder: string; choices: readonly T[]; default?: D },
  ) => ({ kind: 'value', ...options }) as ValueFlag<T> & (D extends T ? { default: T } : unknown),
  multiple: (options: Described & { placeholder: string }): ValueFlag<string> & { multiple: true } => ({
    kind: 'value',
    multiple: true,
    ...options,
  }),
  integer: <const O extends Described & { placeholder?: string; min?: number; max?: number; default?: number }>(
    name: string,
    options: O,
  ) => {
    const { min = -Infinity, max = Infinity } = options;
    const expected =
      max !== Infinity
        ? `an integer from ${min} to ${max}`
        : min !== -Infinity
          ? `an integer of at least ${min}`
          : 'an integer';
    const parse = parseNumber(`--${name}`, expected, (n) => Number.isInteger(n) && n >= min && n <= max);
    return { kind: 'value', placeholder: '<n>', parse, ...options } as O & ValueFlag<number>;
  },
  /** A number checked by `check`; `expected` completes "--<name> must be …". */
  number: <
    const O extends Described & {
      placeholder: string;
      expected: string;
      check: (n: number) => boolean;
      default?: number;
    },
  >(
    name: string,
    options: O,
  ) =>
    ({ kind: 'value', parse: parseNumber(`--${name}`, options.expected, options.check), ...options }) as O &
      ValueFlag<number>,
  /** Minutes to wait: any number above 0 (tests use fractions). */
  minutes: <const O extends Described & { default: number }>(name: string, options: O) =>
    Flags.number(name, {
      placeholder: '<minutes>',
      expected: 'a number of minutes above 0',
      check: (n) => n > 0,
      ...options,
    }),
};

/** The org a command acts on, as the sf CLI names it. */
export const targetOrgFlag = Flags.string({
  char: 'o',
  placeholder: '<alias|username>',
  summary: 'org alias or username known to the sf CLI (default: the target-org config)',
});

export const devHubFlag = Flags.string({
  char: 'v',
  placeholder: '<alias|username>',
  summary: 'Dev Hub alias or username (default: the target-dev-hub config)',
});

export const projectDirFlag = Flags.string({
  placeholder: '<dir>',
  summary: 'SFDX project directory',
  default: PROJECT_DIR,
});

export const waitFlag = (summary: string, defaultMinutes: number) =>
  Flags.minutes('wait', { char: 'w', summary, default: defaultMinutes });

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Structured logs on stderr. No oclif default: the flag wins over NOME_LOG_LEVEL, which wins over the level the
 * command picks by itself (scripts/sync/log.ts createLogger), so the environment variable works for every command.
 */
export const logLevelFlag = () =>
  Flags.option({
    placeholder: '<level>',
    summary: 'structured log level on stderr (or NOME_LOG_LEVEL)',
    choices: LOG_LEVELS,
  });
