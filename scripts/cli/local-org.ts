import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_DIR } from '../metadata/index.ts';
import { startLocalOrg, type LocalOrgOptions } from '../local-org/index.ts';
import { CommandError } from './output.ts';
import { untilStopped } from './signals.ts';

const DEFAULT_DATA_DIR = path.join(PROJECT_DIR, '.nome', 'local-org');

interface StartOptions {
  port: string;
  dataDir?: string;
  inMemory?: boolean;
  projectDir: string;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  dailyApiLimit?: string;
  jwtKeyFile?: string;
  packageVersion?: string[];
  json?: boolean;
}

function toOptions(o: StartOptions): LocalOrgOptions {
  if (o.inMemory && o.dataDir) throw new CommandError('Use either --data-dir or --in-memory, not both.');
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CommandError(`--port must be a port number (0 = any free port), got ${o.port}`);
  const limit = o.dailyApiLimit === undefined ? undefined : Number(o.dailyApiLimit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CommandError(`--daily-api-limit must be a positive integer, got ${o.dailyApiLimit}`);
  let jwtCertificate: string | undefined;
  if (o.jwtKeyFile) {
    try {
      jwtCertificate = readFileSync(o.jwtKeyFile, 'utf8');
    } catch (error) {
      throw new CommandError(`Cannot read --jwt-key-file ${o.jwtKeyFile}: ${(error as Error).message}`);
    }
  }
  return {
    port,
    dataDir: o.inMemory ? undefined : path.resolve(o.dataDir ?? DEFAULT_DATA_DIR),
    projectDir: path.resolve(o.projectDir),
    username: o.username,
    password: o.password,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    dailyApiLimit: limit,
    jwtCertificate,
    packageVersionIds: o.packageVersion,
  };
}

export function localOrgCommand(): Command {
  const group = new Command('local-org').description('The local org: a Salesforce REST API double whose schema is read from force-app.');
  group
    .command('start')
    .description('Start the local org on 127.0.0.1 and serve until SIGINT/SIGTERM.')
    .option('--port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--data-dir <dir>', `directory of the org's SQLite file; a new directory is a new org (default ${path.relative(process.cwd(), DEFAULT_DATA_DIR) || DEFAULT_DATA_DIR})`)
    .option('--in-memory', 'keep the org in memory only')
    .option('--project-dir <dir>', 'SFDX project whose force-app gives the schema', PROJECT_DIR)
    .option('--username <name>', 'login username (remembered per data directory)')
    .option('--password <password>', 'login password (remembered per data directory)')
    .option('--client-id <id>', 'connected app consumer key')
    .option('--client-secret <secret>', 'connected app consumer secret')
    .option('--daily-api-limit <n>', 'DailyApiRequests Max (default 100000)')
    .option('--jwt-key-file <file>', 'PEM certificate or public key of the connected app, enabling the JWT bearer grant')
    .option('--package-version <04t...>', "a package version ID `nome package install` may install, besides those in the project's packageAliases (repeatable)", (id: string, ids: string[] = []) => [...ids, id])
    .option('--json', 'print one JSON line with the connection details')
    .action(async (options: StartOptions) => {
      const org = await startLocalOrg(toOptions(options));
      const details = {
        instanceUrl: org.instanceUrl, loginUrl: org.loginUrl, accessToken: org.accessToken, refreshToken: org.refreshToken,
        username: org.username, password: org.password, clientId: org.clientId, clientSecret: org.clientSecret, orgId: org.orgId, userId: org.userId,
      };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(details)}\n`);
      } else {
        process.stdout.write(
          `Local org ${org.orgId} listening on ${org.instanceUrl}\n` +
            `  username: ${org.username}\n  access token: (use --json to print credentials)\n` +
            `  admin: ${org.instanceUrl}/__admin/faults, ${org.instanceUrl}/__admin/stats\n  Ctrl-C to stop.\n`,
        );
      }
      await untilStopped();
      await org.stop();
    });
  return group;
}
