import path from 'node:path';
import { Command, Option } from 'commander';
import { PROJECT_DIR } from '../metadata/index.ts';
import type { Org } from '@salesforce/core';
import {
  assignPermissionSets,
  createScratchOrg,
  deleteScratchOrg,
  deploySource,
  explainError,
  loginJwt,
  packagePermissionSets,
  resolveDevHub,
  resolveTargetOrg,
  seedOrg,
} from '../org/index.ts';
import { writeKeyFromEnvironment } from '../org/login.ts';
import { integerFlag, minutesFlag } from './flags.ts';
import { CommandError, printResult } from './output.ts';
import { progressReporter, stepReporter } from './progress.ts';

interface CommonOptions {
  projectDir: string;
  json?: boolean;
}

const projectDirOption = () => new Option('--project-dir <dir>', 'SFDX project directory').default(PROJECT_DIR);
const targetOrgOption = () => new Option('-o, --target-org <alias>', 'org alias or username (default: the target-org config)');

function required(value: string | undefined, flag: string, envName: string): string {
  if (value) return value;
  throw new CommandError(`Missing ${flag} (or the ${envName} environment variable).`, { name: 'MissingFlagError' });
}

function loginCommand(): Command {
  const login = new Command('login').description('Authorize orgs without a browser.');
  login
    .command('jwt')
    .description('Log in with a connected app certificate (JWT bearer flow), e.g. to the Dev Hub in CI.')
    .option('-u, --username <username>', 'user to log in as (default: $SF_DEVHUB_USERNAME)')
    .option('-i, --client-id <key>', 'connected app consumer key (default: $SF_CONSUMER_KEY)')
    .option('-f, --jwt-key-file <file>', 'private key file (default: the key in $SF_JWT_KEY)')
    .option('-r, --instance-url <url>', 'login URL', 'https://login.salesforce.com')
    .option('-a, --alias <alias>', 'alias for the org')
    .option('-d, --set-default-dev-hub', 'make it the default Dev Hub')
    .option('--json', 'print the result as JSON')
    .action(async (options: { username?: string; clientId?: string; jwtKeyFile?: string; instanceUrl: string; alias?: string; setDefaultDevHub?: boolean; json?: boolean }) => {
      const username = required(options.username ?? process.env.SF_DEVHUB_USERNAME, '--username', 'SF_DEVHUB_USERNAME');
      const clientId = required(options.clientId ?? process.env.SF_CONSUMER_KEY, '--client-id', 'SF_CONSUMER_KEY');
      const jwtKeyFile = options.jwtKeyFile ?? writeKeyFromEnvironment(username, required(process.env.SF_JWT_KEY, '--jwt-key-file', 'SF_JWT_KEY'));
      const result = await loginJwt({ username, clientId, jwtKeyFile: path.resolve(jwtKeyFile), instanceUrl: options.instanceUrl, alias: options.alias, setDefaultDevHub: options.setDefaultDevHub });
      printResult(result, options, () => process.stdout.write(`Logged in as ${result.username} (${result.orgId})${result.defaultDevHub ? ', the default Dev Hub' : ''}.\n`));
    });
  return login;
}

/** The deploy already succeeded when this runs: a failure here says so, and how to go on. */
async function assignAfterDeploy(org: Org, projectDir: string, deployId: string) {
  try {
    return await assignPermissionSets(org, packagePermissionSets(projectDir));
  } catch (error) {
    const explained = explainError(error, { step: 'assign the permission sets' });
    throw new CommandError(`force-app was deployed (${deployId}), but: ${explained.message}`, {
      name: explained.name,
      actions: [...explained.actions, 'Assign them in Setup → Permission Sets, or deploy with --no-permission-sets.'],
    });
  }
}

export function orgCommand(): Command {
  const group = new Command('org').description('The developer workflow: scratch orgs ready to work in, deploys, seeding.');
  group
    .command('create')
    .description('Create a scratch org from config/project-scratch-def.json, deploy force-app, assign the permission sets, seed it with the sync and print its login URL.')
    .option('-a, --alias <alias>', 'alias for the scratch org')
    .option('-y, --duration-days <days>', 'days before the org expires (1-30)', integerFlag('--duration-days', 1, 30), 7)
    .option('-v, --dev-hub <alias>', 'Dev Hub alias or username (default: the target-dev-hub config)')
    .option('-f, --definition-file <file>', 'scratch org definition', 'config/project-scratch-def.json')
    .option('--no-set-default', 'do not make the new org the default target-org')
    .option('--no-seed', 'skip seeding with the sync')
    .option('--sandbox-customers <n>', 'customers the Metronome sandbox generates when seeding (10-100000)', integerFlag('--sandbox-customers', 10, 100_000), 50)
    .option('-w, --wait <minutes>', 'how long to wait for the org', minutesFlag('--wait'), 10)
    .option('--deploy-wait <minutes>', 'how long to wait for the deploy', minutesFlag('--deploy-wait'), 30)
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { alias?: string; durationDays: number; devHub?: string; definitionFile: string; setDefault: boolean; seed: boolean; sandboxCustomers: number; wait: number; deployWait: number }) => {
      const devHub = await resolveDevHub(options.devHub);
      const result = await createScratchOrg({
        devHub,
        projectDir: path.resolve(options.projectDir),
        alias: options.alias,
        durationDays: options.durationDays,
        definitionFile: options.definitionFile,
        setDefault: options.setDefault,
        seed: options.seed,
        sandboxCustomers: options.sandboxCustomers,
        waitMinutes: options.wait,
        deployWaitMinutes: options.deployWait,
        onStep: stepReporter(options),
        onProgress: progressReporter('Deploy', options),
      });
      printResult(result, options, () => {
        for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
        process.stdout.write(
          `Scratch org ${result.alias ?? result.username} (${result.username}) is ready${result.expirationDate ? `, expires ${result.expirationDate}` : ''}.\n` +
            `  Deployed ${result.deploy.componentsDeployed} components; permission sets: ${[...result.permissionSets.assigned, ...result.permissionSets.alreadyAssigned].join(', ')}.\n` +
            `${result.seed ? `  Seeded from the ${result.seed.metronome === 'live' ? 'Metronome account' : 'Metronome sandbox'} and validated.\n` : '  Not seeded (--no-seed).\n'}` +
            `  Log in: ${result.loginUrl}\n`,
        );
      });
    });
  group
    .command('deploy')
    .description('Deploy force-app to an org (a scratch org, a sandbox, or the local org, where it reloads the schema) and assign the permission sets.')
    .addOption(targetOrgOption())
    .option('--no-permission-sets', 'do not assign the permission sets')
    .option('-w, --wait <minutes>', 'how long to wait for the deploy', minutesFlag('--wait'), 30)
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { targetOrg?: string; permissionSets: boolean; wait: number }) => {
      const org = await resolveTargetOrg(options.targetOrg);
      const projectDir = path.resolve(options.projectDir);
      const deploy = await deploySource({ org, projectDir, waitMinutes: options.wait, onProgress: progressReporter('Deploy', options) });
      const permissionSets = options.permissionSets ? await assignAfterDeploy(org, projectDir, deploy.id) : undefined;
      printResult({ ...deploy, permissionSets }, options, () => {
        process.stdout.write(`Deployed ${deploy.componentsDeployed}/${deploy.componentsTotal} components to ${deploy.targetOrg} (${deploy.id}).\n`);
        if (permissionSets) process.stdout.write(`Permission sets assigned: ${permissionSets.assigned.join(', ') || 'none new'}${permissionSets.alreadyAssigned.length ? ` (already: ${permissionSets.alreadyAssigned.join(', ')})` : ''}.\n`);
      });
    });
  group
    .command('seed')
    .description('Fill an org with realistic data: `nome sync run` from the Metronome sandbox (or Metronome when METRONOME_BEARER_TOKEN is set), then `nome sync validate`.')
    .addOption(targetOrgOption())
    .option('--sandbox-customers <n>', 'customers the Metronome sandbox generates (10-100000)', integerFlag('--sandbox-customers', 10, 100_000), 50)
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { targetOrg?: string; sandboxCustomers: number }) => {
      const org = await resolveTargetOrg(options.targetOrg);
      const result = await seedOrg({
        targetOrg: options.targetOrg ?? org.getUsername() ?? '',
        projectDir: path.resolve(options.projectDir),
        sandboxCustomers: options.sandboxCustomers,
        org,
        onStep: stepReporter(options),
      });
      printResult(result, options, () => {
        for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
        process.stdout.write(`Seeded ${result.targetOrg} and validated the data.\n`);
      });
    });
  group
    .command('delete')
    .description('Delete a scratch org on its Dev Hub (frees a slot against the active scratch org limit).')
    .addOption(targetOrgOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: { targetOrg?: string; json?: boolean }) => {
      const org = await resolveTargetOrg(options.targetOrg);
      const result = await deleteScratchOrg(org);
      printResult(result, options, () => process.stdout.write(`Deleted the scratch org ${result.username} (${result.orgId}).\n`));
    });
  group.addCommand(loginCommand());
  return group;
}
