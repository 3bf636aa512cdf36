/**
 * Every command has the one shape: a summary, examples in --help, --json, shared flags spelled the same way, numeric
 * flags that name themselves when refused. The flags of all commands are pinned in command-snapshot.json, as the sf
 * CLI pins its commands: adding, removing or renaming a flag is a visible diff.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { program } from '../../scripts/cli/main.ts';

const root = await program('all');

/** Every runnable command, by its full name (`package version create`). */
function commands(command: Command, prefix: string[] = []): { id: string; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return sub.commands.length ? commands(sub, path) : [{ id: path.join(' '), command: sub }];
  });
}

const all = commands(root);

function helpText(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => void (text += s) });
  command.outputHelp();
  return text;
}

describe.each(all)('nome $id', ({ id, command }) => {
  test('has a summary, --json and examples in --help', () => {
    expect(command.summary(), id).not.toBe('');
    expect(command.options.map((o) => o.long)).toContain('--json');
    const help = helpText(command);
    expect(help).toMatch(/\nExamples:\n/);
    for (const line of help.split('\n').filter((l) => l.trim().startsWith('$ ')))
      expect(line.trim()).toMatch(new RegExp(`^\\$ nome ${id}\\b`));
  });

  test('spells the shared flags one way', () => {
    for (const option of command.options) {
      if (option.long === '--target-org') expect(option.flags).toBe('-o, --target-org <alias|username>');
      if (option.long === '--dev-hub') expect(option.flags).toBe('-v, --dev-hub <alias|username>');
      if (option.long === '--wait') expect(option.flags).toBe('-w, --wait <minutes>');
      if (option.long === '--log-level')
        expect(option.argChoices).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'silent']);
    }
  });

  test('refuses a non-number in a numeric flag with a usage error naming the flag', () => {
    for (const option of command.options.filter((o) => o.parseArg && !o.argChoices)) {
      let error: unknown;
      try {
        option.parseArg!('ten', undefined);
      } catch (thrown) {
        error = thrown;
      }
      if (error === undefined) continue; // a string flag with a parser (none today), or one that accepts "ten"
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain(`${option.long} must be`);
      expect((error as Error).message).toContain('got "ten"');
    }
  });
});

test('numeric flags exist and go through the one parser', () => {
  const numeric = all.flatMap(({ command }) =>
    command.options.filter((o) => o.parseArg && !o.argChoices).map((o) => o.long),
  );
  expect(numeric).toEqual(
    expect.arrayContaining(['--wait', '--bulk-threshold', '--limit', '--port', '--customers', '--duration-days']),
  );
});

test('the flags of every command are pinned', async () => {
  const snapshot = all.map(({ id, command }) => ({
    command: id,
    flags: command.options
      .map((o) => `${o.flags}${o.mandatory ? ' (required)' : ''}${o.argChoices ? ` {${o.argChoices.join('|')}}` : ''}`)
      .sort(),
  }));
  await expect(`${JSON.stringify(snapshot, null, 2)}\n`).toMatchFileSnapshot('./command-snapshot.json');
});
