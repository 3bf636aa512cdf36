import { Command, CommanderError } from 'commander';
import { localOrgCommand } from './local-org.ts';
import { metadataCommand } from './metadata.ts';
import { metronomeSandboxCommand } from './metronome-sandbox.ts';
import { orgCommand } from './org.ts';
import { packageCommand } from './package.ts';
import { printError } from './output.ts';
import { syncCommand } from './sync.ts';

/** Each capability contributes one command group; add yours here. */
function program(): Command {
  return new Command('nome')
    .description('Metronome for Salesforce: the NOME package, its local org and the Metronome sync.')
    .showHelpAfterError()
    .exitOverride()
    .addCommand(metadataCommand())
    .addCommand(localOrgCommand())
    .addCommand(metronomeSandboxCommand())
    .addCommand(syncCommand())
    .addCommand(orgCommand())
    .addCommand(packageCommand());
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    printError(error, { json: argv.includes('--json') });
  }
}
