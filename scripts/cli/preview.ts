import { defineCommand, type CommandTree } from './command.ts';
import { Flags, targetOrgFlag } from './flags.ts';
import { CommandError, printReady } from './output.ts';
import { untilStopped } from './signals.ts';

/** `npm start` saves the local org under this alias: with no flags, the preview shows the local org. */
const LOCAL_ORG_ALIAS = 'nome-local';

const start = defineCommand({
  summary: "Serve the Metronome app (its tabs and Lightning web components) in a browser, reading the org's UI API.",
  examples: [
    { summary: 'Preview the local org npm start saved as nome-local', command: 'nome preview start' },
    { summary: 'Preview an org the sf CLI knows', command: 'nome preview start -o my-sandbox' },
    {
      summary: 'Preview an org by URL (token in SF_ACCESS_TOKEN)',
      command: 'nome preview start --instance-url https://example.my.salesforce.com',
    },
  ],
  jsonSummary: 'print one JSON line ({url, org, built, buildMs, tabs}) when the preview serves',
  flags: {
    'target-org': targetOrgFlag,
    'instance-url': Flags.string({
      placeholder: '<url>',
      summary: 'org instance URL; the access token comes from SF_ACCESS_TOKEN',
    }),
    port: Flags.integer('port', { summary: 'port on 127.0.0.1 (default: any free port)', min: 0, max: 65535 }),
  },
  async run(flags) {
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
    const stopped = untilStopped();
    const details = {
      url: preview.url,
      org: connection.description,
      built: preview.build.built,
      buildMs: preview.build.ms,
      tabs: preview.model.tabs.map((t) => t.label),
    };
    printReady(
      details,
      flags.json,
      () =>
        `Metronome app preview  ${preview.url}  (${connection.description}; ${preview.build.built ? `compiled in ${(preview.build.ms / 1000).toFixed(1)} s` : 'components unchanged, no rebuild'})\nCtrl-C to stop.\n`,
    );
    await stopped;
    await preview.stop();
  },
});

/** `nome preview …`: the Metronome app in a browser. */
export const previewCommands: CommandTree = { start };
