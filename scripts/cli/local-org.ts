/** `nome local-org start`: the Salesforce API double, served until SIGINT/SIGTERM. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalOrgOptions } from '../local-org/index.ts';
import { PROJECT_DIR } from '../metadata/project.ts';
import { defineCommand, type CommandTree } from './command.ts';
import { Flags, type FlagValues } from './flags.ts';
import { CommandError, printReady } from './output.ts';
import { untilStopped } from './signals.ts';

const DEFAULT_DATA_DIR = path.join(PROJECT_DIR, '.nome', 'local-org');

const startFlags = {
  port: Flags.integer('port', {
    placeholder: '<port>',
    summary: 'port to listen on (0 = any free port)',
    min: 0,
    max: 65535,
    default: 0,
  }),
  'data-dir': Flags.string({
    placeholder: '<dir>',
    summary:
      "directory of the org's SQLite file; a new directory is a new org " +
      `(default ${path.relative(process.cwd(), DEFAULT_DATA_DIR) || DEFAULT_DATA_DIR})`,
  }),
  'in-memory': Flags.boolean({ summary: 'keep the org in memory only' }),
  'project-dir': Flags.string({
    placeholder: '<dir>',
    summary: 'SFDX project whose force-app gives the schema',
    default: PROJECT_DIR,
  }),
  username: Flags.string({ placeholder: '<name>', summary: 'login username (remembered per data directory)' }),
  password: Flags.string({ placeholder: '<password>', summary: 'login password (remembered per data directory)' }),
  'client-id': Flags.string({ placeholder: '<id>', summary: 'connected app consumer key' }),
  'client-secret': Flags.string({ placeholder: '<secret>', summary: 'connected app consumer secret' }),
  'daily-api-limit': Flags.integer('daily-api-limit', { summary: 'DailyApiRequests Max (default 100000)', min: 1 }),
  'jwt-key-file': Flags.string({
    placeholder: '<file>',
    summary: 'PEM certificate or public key of the connected app, enabling the JWT bearer grant',
  }),
  'package-version': Flags.multiple({
    placeholder: '<04t>',
    summary: "a package version ID `nome package install` may install, besides those in the project's packageAliases",
  }),
};

function readCertificate(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`Cannot read --jwt-key-file ${file}: ${(error as Error).message}`);
  }
}

function toOptions(flags: FlagValues<typeof startFlags>): LocalOrgOptions {
  if (flags.inMemory && flags.dataDir) throw new CommandError('Use either --data-dir or --in-memory, not both.');
  return {
    port: flags.port,
    dataDir: flags.inMemory ? undefined : path.resolve(flags.dataDir ?? DEFAULT_DATA_DIR),
    projectDir: path.resolve(flags.projectDir),
    username: flags.username,
    password: flags.password,
    clientId: flags.clientId,
    clientSecret: flags.clientSecret,
    dailyApiLimit: flags.dailyApiLimit,
    jwtCertificate: readCertificate(flags.jwtKeyFile),
    packageVersionIds: flags.packageVersion,
  };
}

const start = defineCommand({
  summary: 'Start the local org on 127.0.0.1 and serve until SIGINT/SIGTERM.',
  description:
    'Start the local org on 127.0.0.1 and serve until SIGINT/SIGTERM. With --json it prints one line of connection ' +
    'details (credentials included) when it is ready.',
  examples: [
    { summary: 'Serve the org of .nome/local-org on a free port:', command: 'nome local-org start' },
    {
      summary: 'A throwaway org on port 8443, its credentials as JSON:',
      command: 'nome local-org start --in-memory --port 8443 --json',
    },
  ],
  jsonSummary: 'print one JSON line of connection details (credentials included) when ready',
  flags: startFlags,
  async run(flags) {
    const options = toOptions(flags);
    // The org's deploys load @salesforce/core, whose logger writes the sf CLI's log file through a worker thread
    // that held every stop for about a second (waiting for the worker to end). The double logs to stderr; an
    // explicit SF_DISABLE_LOG_FILE=false still gets the file.
    process.env.SF_DISABLE_LOG_FILE ??= 'true';
    const { startLocalOrg } = await import('../local-org/index.ts');
    const org = await startLocalOrg(options);
    const {
      instanceUrl,
      loginUrl,
      accessToken,
      refreshToken,
      username,
      password,
      clientId,
      clientSecret,
      orgId,
      userId,
    } = org;
    const details = {
      instanceUrl,
      loginUrl,
      accessToken,
      refreshToken,
      username,
      password,
      clientId,
      clientSecret,
      orgId,
      userId,
    };
    const stopped = untilStopped();
    printReady(
      details,
      flags.json,
      () =>
        `Local org ${org.orgId} listening on ${org.instanceUrl}\n` +
        `  username: ${org.username}\n  access token: (use --json to print credentials)\n` +
        `  admin: ${org.instanceUrl}/__admin/faults, ${org.instanceUrl}/__admin/stats\n  Ctrl-C to stop.\n`,
    );
    await stopped;
    await org.stop();
  },
});

export const localOrgCommands: CommandTree = { start };
