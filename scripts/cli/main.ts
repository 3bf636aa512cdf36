import { Command, CommanderError } from 'commander';
import { localOrgCommand } from './local-org.ts';
import { metadataCommand } from './metadata.ts';
import { metronomeSandboxCommand } from './metronome-sandbox.ts';
import { orgCommand } from './org.ts';
import { packageCommand } from './package.ts';
import { previewCommand } from './preview.ts';
import { CommandError, printError } from './output.ts';
import { syncCommand } from './sync.ts';

/** Each capability contributes one command group; add yours here. */
function program(): Command {
  return new Command('nome')
    .description('Metronome for Salesforce: the NOME package, its local org and the Metronome sync.')
    .showHelpAfterError()
    .addCommand(metadataCommand())
    .addCommand(localOrgCommand())
    .addCommand(metronomeSandboxCommand())
    .addCommand(syncCommand())
    .addCommand(orgCommand())
    .addCommand(packageCommand())
    .addCommand(previewCommand());
}

/**
 * Commander hands its settings only to subcommands made with .command(), not to groups added with .addCommand():
 * so every command gets them here. With --json a usage error becomes a JSON document, not text on stderr.
 */
function configure(command: Command, json: boolean): Command {
  command.exitOverride();
  if (json) command.configureOutput({ outputError: () => undefined });
  for (const sub of command.commands) configure(sub, json);
  return command;
}

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    await configure(program(), json).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (json && error.exitCode !== 0) printError(new CommandError(error.message.replace(/^error: /, ''), { name: 'InvalidArgumentsError', exitCode: error.exitCode }), { json });
      process.exitCode = error.exitCode;
      return;
    }
    printError(error, { json });
  }
}
