/**
 * The one shape of a `nome` command: a summary, examples, flags as data and one `run` function that returns its
 * result (and warnings, and an exit code when the result is not a plain success). This module turns specs into
 * commander commands: it adds `--json`, the examples to `--help`, and prints the outcome through output.ts.
 */
import { Command, Option } from 'commander';
import type { Flag, FlagMap, FlagValues } from './flags.ts';
import { printOutcome, type Outcome } from './output.ts';

export interface Example {
  /** What the example does, one line. */
  summary: string;
  /** The command line, starting with `nome`. */
  command: string;
}

export interface CommandSpec<F extends FlagMap = FlagMap, R = unknown> {
  summary: string;
  /** Longer help text, when the summary is not enough. */
  description?: string;
  examples: Example[];
  /** What `--json` prints, when it is not the {status, result, warnings} document (commands that serve). */
  jsonSummary?: string;
  flags: F;
  /** Does the work; returns the outcome to print, or nothing for commands that serve until stopped. */
  run(flags: FlagValues<F>): Promise<Outcome<R> | void>;
  /** The result for people (stdout, without --json). */
  human?(result: R, flags: FlagValues<F>): string;
}

export interface GroupSpec {
  summary: string;
  commands: CommandTree;
}

export type CommandTree = Record<string, CommandSpec | GroupSpec>;

/** Identity, for type inference: flags in, typed flag values in `run`. */
export function defineCommand<const F extends FlagMap, R>(spec: CommandSpec<F, R>): CommandSpec<F, R> {
  return spec;
}

function isGroup(node: CommandSpec | GroupSpec): node is GroupSpec {
  return 'commands' in node;
}

function optionFor(name: string, flag: Flag): Option {
  const short = flag.char ? `-${flag.char}, ` : '';
  if (flag.kind === 'boolean') return new Option(`${short}--${name}`, flag.summary);
  if (flag.kind === 'negated') return new Option(`${short}--no-${name}`, flag.summary);
  const placeholder = flag.multiple ? flag.placeholder.replace(/>$/, '...>') : flag.placeholder;
  const option = new Option(`${short}--${name} ${placeholder}`, flag.summary);
  if (flag.parse) {
    const parse = flag.parse;
    const collect = (raw: string, previous: unknown[] = []) => [...previous, parse(raw)];
    option.argParser((flag.multiple ? collect : parse) as (raw: string, previous: unknown) => unknown);
  }
  if (flag.choices) option.choices(flag.choices);
  if (flag.default !== undefined) option.default(flag.default);
  if (flag.required) option.makeOptionMandatory();
  if (flag.hidden) option.hideHelp();
  return option;
}

function examplesHelp(examples: Example[]): string {
  return `\nExamples:\n${examples.map((e) => `  ${e.summary}\n    $ ${e.command}\n`).join('\n')}`;
}

export function commandFor(name: string, spec: CommandSpec): Command {
  const command = new Command(name).summary(spec.summary).description(spec.description ?? spec.summary);
  for (const [flagName, flag] of Object.entries(spec.flags)) command.addOption(optionFor(flagName, flag));
  const json = spec.jsonSummary ?? 'print one {status, result, warnings} JSON document on stdout';
  command.addOption(new Option('--json', json));
  command.addHelpText('after', examplesHelp(spec.examples));
  command.action(async (values: Record<string, unknown>) => {
    const flags = { ...values, json: Boolean(values.json) } as FlagValues<FlagMap>;
    const outcome = await spec.run(flags);
    if (outcome) printOutcome(outcome, flags.json, (result) => spec.human?.(result, flags) ?? '');
  });
  return command;
}

export function groupFor(name: string, group: GroupSpec): Command {
  const command = new Command(name).summary(group.summary).description(group.summary);
  for (const [childName, child] of Object.entries(group.commands)) {
    command.addCommand(isGroup(child) ? groupFor(childName, child) : commandFor(childName, child));
  }
  return command;
}
