import { Command } from 'commander';
import { integerFlag } from './flags.ts';
import { CommandError, printResult } from './output.ts';
import { untilStopped } from './signals.ts';

/** `npm start` saves the local org under this alias: with no flags, the preview shows the local org. */
const LOCAL_ORG_ALIAS = 'nome-local';

interface PreviewFlags {
  targetOrg?: string;
  instanceUrl?: string;
  port?: number;
  json?: boolean;
}

/** `nome preview`: the Metronome app in a browser against an org (the local org by default). */
export function previewCommand(): Command {
  return new Command('preview')
    .description(
      "Serve the Metronome app (its tabs and Lightning web components) in a browser, reading the org's UI API.",
    )
    .option(
      '-o, --target-org <alias|username>',
      `org known to the sf CLI (default ${LOCAL_ORG_ALIAS}, the local org npm start saves)`,
    )
    .option('--instance-url <url>', 'org instance URL; the access token comes from SF_ACCESS_TOKEN')
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', integerFlag('--port', 0, 65535))
    .option('--json', 'print one {status, result} JSON document once the preview serves')
    .action(async (flags: PreviewFlags) => {
      const { connectToOrg, ConnectError } = await import('../salesforce/index.ts');
      const { startPreview, announcePreview } = await import('../preview/index.ts');
      let connection;
      try {
        connection = await connectToOrg({
          targetOrg: flags.instanceUrl ? undefined : (flags.targetOrg ?? LOCAL_ORG_ALIAS),
          instanceUrl: flags.instanceUrl,
        });
      } catch (error) {
        if (error instanceof ConnectError) {
          throw new CommandError(error.message, {
            name: 'NoOrgConnection',
            actions: [...error.actions, 'npm start  (starts the local org and saves it as nome-local)'],
          });
        }
        throw error;
      }
      const preview = await startPreview({ conn: connection.conn, port: flags.port });
      await announcePreview(connection.conn.instanceUrl, preview.url);
      const result = {
        url: preview.url,
        org: connection.description,
        built: preview.build.built,
        buildMs: preview.build.ms,
        tabs: preview.model.tabs.map((t) => t.label),
      };
      printResult(result, flags, () => {
        process.stdout.write(
          `Metronome app preview  ${preview.url}  (${connection.description}; ${preview.build.built ? `compiled in ${(preview.build.ms / 1000).toFixed(1)} s` : 'components unchanged, no rebuild'})\n`,
        );
        process.stdout.write('Ctrl-C to stop.\n');
      });
      await untilStopped();
      await preview.stop();
    });
}
