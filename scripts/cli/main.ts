import { Command, CommanderError } from 'commander';
import { groupFor, type CommandTree } from './command.ts';
import { CommandError, printError } from './output.ts';

interface GroupEntry {
  name: string;
  summary: string;
  /** Loaded only when the group is chosen, so `nome sync run` never loads the packaging or deploy libraries. */
  load: () => Promise<CommandTree>;
}

/** Each capability contributes one command group; add yours here (and its module beside this one). */
export const GROUPS: GroupEntry[] = [
  {
    name: 'metadata',
    summary: 'Lint and build the package metadata in force-app.',
    load: async () => (await import('./metadata.ts')).metadataCommands,
  },
  {
    name: 'local-org',
    summary: 'The local org: a Salesforce REST API double whose schema is read from force-app.',
    load: async () => (await import('./local-org.ts')).localOrgCommands,
  },
  {
    name: 'metronome-sandbox',
    summary: 'A local Metronome API with generated, deterministic data.',
    load: async () => (await import('./metronome-sandbox.ts')).metronomeSandboxCommands,
  },
  {
    name: 'sync',
    summary: 'The companion sync: Metronome → Salesforce, incremental and safe to re-run.',
    load: async () => (await import('./sync.ts')).syncCommands,
  },
  {
    name: 'org',
    summary: 'The developer workflow: scratch orgs ready to work in, deploys, seeding.',
    load: async () => (await import('./org.ts')).orgCommands,
  },
  {
    name: 'package',
    summary: 'The release workflow: the managed package, its versions and installs.',
    load: async () => (await import('./package.ts')).packageCommands,
  },
  {
    name: 'preview',
    summary: 'The Metronome app in a browser, reading an org through its UI API (the local org by default).',
    load: async () => (await import('./preview.ts')).previewCommands,
  },
];

/** The group a command line asks for (`nome sync run …`, `nome help sync`), if any. */
function chosenGroup(args: string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The program with `groups` fully loaded; the others are listed by name and summary only, which is all the top-level
 * help shows. `'all'` loads every group (tests of the whole command tree).
 */
export async function program(groups: string[] | 'all'): Promise<Command> {
  const root = new Command('nome')
    .description('Metronome for Salesforce: the NOME package, its local org and the Metronome sync.')
    .showHelpAfterError();
  for (const group of GROUPS) {
    const load = groups === 'all' || groups.includes(group.name);
    const stub = () => new Command(group.name).summary(group.summary);
    root.addCommand(load ? groupFor(group.name, { summary: group.summary, commands: await group.load() }) : stub());
  }
  return root;
}

/**
 * Commander hands its settings only to subcommands made with .command(), not to those added with .addCommand():
 * so every command gets them here. With --json a usage error becomes a JSON document, not text on stderr.
 */
function configure(command: Command, json: boolean): Command {
  command.exitOverride();
  if (json) command.configureOutput({ outputError: () => undefined });
  for (const sub of command.commands) configure(sub, json);
  return command;
}

function usageError(error: CommanderError): CommandError {
  return new CommandError(error.message.replace(/^error: /, ''), {
    name: 'InvalidArgumentsError',
    exitCode: error.exitCode,
  });
}

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    const group = chosenGroup(argv.slice(2));
    await configure(await program(group ? [group] : []), json).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (json && error.exitCode !== 0) printError(usageError(error), json);
      process.exitCode = error.exitCode;
      return;
    }
    printError(error, json);
  }
}
