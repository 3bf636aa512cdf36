/** `nome org …`: the developer workflow (scratch orgs, deploys, seeding, CI login). */
import path from 'node:path';
import type { DeploySummary, PermissionSetAssignmentResult, ScratchOrgResult } from '../org/index.ts';
import { defineCommand, type CommandTree } from './command.ts';
import { devHubFlag, Flags, projectDirFlag, targetOrgFlag, waitFlag } from './flags.ts';
import { CommandError } from './output.ts';
import { progressReporter, stepReporter } from './progress.ts';

const loadOrg = () => import('../org/index.ts');

const sandboxCustomersFlag = Flags.integer('sandbox-customers', {
  summary: 'customers the Metronome sandbox generates when seeding (10-100000)',
  min: 10,
  max: 100_000,
  default: 50,
});

function humanCreate(r: ScratchOrgResult): string {
  const sets = [...r.permissionSets.assigned, ...r.permissionSets.alreadyAssigned].join(', ');
  const seeded = r.seed
    ? `  Seeded from the ${r.seed.metronome === 'live' ? 'Metronome account' : 'Metronome sandbox'} and validated.\n`
    : '  Not seeded (--no-seed).\n';
  return (
    `Scratch org ${r.alias ?? r.username} (${r.username}) is ready` +
    `${r.expirationDate ? `, expires ${r.expirationDate}` : ''}.\n` +
    `  Deployed ${r.deploy.componentsDeployed} components; permission sets: ${sets}.\n` +
    `${seeded}  Log in: ${r.loginUrl}`
  );
}

const create = defineCommand({
  summary: 'Create a scratch org ready to work in.',
  description:
    'Create a scratch org from config/project-scratch-def.json, deploy force-app, assign the permission sets, ' +
    'seed it with the sync and print its login URL.',
  examples: [
    { summary: 'Create a scratch org aliased dev on the default Dev Hub:', command: 'nome org create --alias dev' },
    { summary: 'A one-day org, not seeded:', command: 'nome org create --alias tmp --duration-days 1 --no-seed' },
  ],
  flags: {
    alias: Flags.string({ char: 'a', placeholder: '<alias>', summary: 'alias for the scratch org' }),
    'duration-days': Flags.integer('duration-days', {
      char: 'y',
      placeholder: '<days>',
      summary: 'days before the org expires (1-30)',
      min: 1,
      max: 30,
      default: 7,
    }),
    'dev-hub': devHubFlag,
    'definition-file': Flags.string({
      char: 'f',
      placeholder: '<file>',
      summary: 'scratch org definition',
      default: 'config/project-scratch-def.json',
    }),
    'set-default': Flags.negated({ summary: 'do not make the new org the default target-org' }),
    seed: Flags.negated({ summary: 'skip seeding with the sync' }),
    'sandbox-customers': sandboxCustomersFlag,
    wait: waitFlag('how long to wait for the org', 10),
    'deploy-wait': Flags.minutes('deploy-wait', { summary: 'how long to wait for the deploy', default: 30 }),
    'project-dir': projectDirFlag,
  },
  async run(flags) {
    const { createScratchOrg, resolveDevHub } = await loadOrg();
    const result = await createScratchOrg({
      devHub: await resolveDevHub(flags.devHub),
      projectDir: path.resolve(flags.projectDir),
      alias: flags.alias,
      durationDays: flags.durationDays,
      definitionFile: flags.definitionFile,
      setDefault: flags.setDefault,
      seed: flags.seed,
      sandboxCustomers: flags.sandboxCustomers,
      waitMinutes: flags.wait,
      deployWaitMinutes: flags.deployWait,
      onStep: stepReporter(flags),
      onProgress: progressReporter('Deploy', flags),
    });
    return { result, warnings: [...result.warnings, ...(result.seed?.warnings ?? [])] };
  },
  human: humanCreate,
});

interface DeployResult extends DeploySummary {
  permissionSets?: PermissionSetAssignmentResult;
}

function humanDeploy(r: DeployResult): string {
  const lines = [`Deployed ${r.componentsDeployed}/${r.componentsTotal} components to ${r.targetOrg} (${r.id}).`];
  if (r.permissionSets) {
    const already = r.permissionSets.alreadyAssigned;
    lines.push(
      `Permission sets assigned: ${r.permissionSets.assigned.join(', ') || 'none new'}` +
        `${already.length ? ` (already: ${already.join(', ')})` : ''}.`,
    );
  }
  return lines.join('\n');
}

const deploy = defineCommand({
  summary: 'Deploy force-app to an org and assign the permission sets.',
  description:
    'Deploy force-app to an org (a scratch org, a sandbox, or the local org, where it reloads the schema) and assign ' +
    'the permission sets.',
  examples: [
    { summary: 'Deploy to the org aliased dev:', command: 'nome org deploy --target-org dev' },
    {
      summary: 'Deploy only, waiting at most 10 minutes:',
      command: 'nome org deploy -o dev --no-permission-sets --wait 10',
    },
  ],
  flags: {
    'target-org': targetOrgFlag,
    'permission-sets': Flags.negated({ summary: 'do not assign the permission sets' }),
    wait: waitFlag('how long to wait for the deploy', 30),
    'project-dir': projectDirFlag,
  },
  async run(flags): Promise<{ result: DeployResult }> {
    const { assignAfterDeploy, deploySource, resolveTargetOrg } = await loadOrg();
    const org = await resolveTargetOrg(flags.targetOrg);
    const projectDir = path.resolve(flags.projectDir);
    const onProgress = progressReporter('Deploy', flags);
    const summary = await deploySource({ org, projectDir, waitMinutes: flags.wait, onProgress });
    const permissionSets = flags.permissionSets ? await assignAfterDeploy(org, projectDir, summary.id) : undefined;
    return { result: { ...summary, permissionSets } };
  },
  human: humanDeploy,
});

const seed = defineCommand({
  summary: 'Fill an org with realistic data through the sync, then validate it.',
  description:
    'Fill an org with realistic data: `nome sync run` from the Metronome sandbox (or Metronome when ' +
    'METRONOME_BEARER_TOKEN is set), then `nome sync validate`.',
  examples: [
    {
      summary: 'Seed the org aliased dev from the local Metronome sandbox:',
      command: 'nome org seed --target-org dev',
    },
    { summary: 'Seed with 500 sandbox customers:', command: 'nome org seed -o dev --sandbox-customers 500' },
  ],
  flags: { 'target-org': targetOrgFlag, 'sandbox-customers': sandboxCustomersFlag, 'project-dir': projectDirFlag },
  async run(flags) {
    const { resolveTargetOrg, seedOrg } = await loadOrg();
    const org = await resolveTargetOrg(flags.targetOrg);
    const result = await seedOrg({
      targetOrg: flags.targetOrg ?? org.getUsername() ?? '',
      projectDir: path.resolve(flags.projectDir),
      sandboxCustomers: flags.sandboxCustomers,
      org,
      onStep: stepReporter(flags),
    });
    return { result, warnings: result.warnings };
  },
  human: (r) => `Seeded ${r.targetOrg} and validated the data.`,
});

const remove = defineCommand({
  summary: 'Delete a scratch org on its Dev Hub (frees a slot against the active scratch org limit).',
  examples: [{ summary: 'Delete the scratch org aliased dev:', command: 'nome org delete --target-org dev' }],
  flags: { 'target-org': targetOrgFlag },
  async run(flags) {
    const { deleteScratchOrg, resolveTargetOrg } = await loadOrg();
    return { result: await deleteScratchOrg(await resolveTargetOrg(flags.targetOrg)) };
  },
  human: (r) => `Deleted the scratch org ${r.username} (${r.orgId}).`,
});

function required(value: string | undefined, flag: string, envName: string): string {
  if (value) return value;
  throw new CommandError(`Missing ${flag} (or the ${envName} environment variable).`, { name: 'MissingFlagError' });
}

const loginJwt = defineCommand({
  summary: 'Log in with a connected app certificate (JWT bearer flow), e.g. to the Dev Hub in CI.',
  examples: [
    {
      summary: 'Log in to the Dev Hub and make it the default (CI; the key comes from $SF_JWT_KEY):',
      command: 'nome org login jwt --username ci@example.com --client-id $SF_CONSUMER_KEY --set-default-dev-hub',
    },
    {
      summary: 'Log in to a sandbox with a key file:',
      command: 'nome org login jwt -u me@example.com.uat -i <key> -f server.key -r https://test.salesforce.com -a uat',
    },
  ],
  flags: {
    username: Flags.string({
      char: 'u',
      placeholder: '<username>',
      summary: 'user to log in as (default: $SF_DEVHUB_USERNAME)',
    }),
    'client-id': Flags.string({
      char: 'i',
      placeholder: '<key>',
      summary: 'connected app consumer key (default: $SF_CONSUMER_KEY)',
    }),
    'jwt-key-file': Flags.string({
      char: 'f',
      placeholder: '<file>',
      summary: 'private key file (default: the key in $SF_JWT_KEY)',
    }),
    'instance-url': Flags.string({
      char: 'r',
      placeholder: '<url>',
      summary: 'login URL',
      default: 'https://login.salesforce.com',
    }),
    alias: Flags.string({ char: 'a', placeholder: '<alias>', summary: 'alias for the org' }),
    'set-default-dev-hub': Flags.boolean({ char: 'd', summary: 'make it the default Dev Hub' }),
  },
  async run(flags) {
    const { loginJwt: login, writeKeyFromEnvironment } = await loadOrg();
    const username = required(flags.username ?? process.env.SF_DEVHUB_USERNAME, '--username', 'SF_DEVHUB_USERNAME');
    const clientId = required(flags.clientId ?? process.env.SF_CONSUMER_KEY, '--client-id', 'SF_CONSUMER_KEY');
    const jwtKeyFile =
      flags.jwtKeyFile ??
      writeKeyFromEnvironment(username, required(process.env.SF_JWT_KEY, '--jwt-key-file', 'SF_JWT_KEY'));
    const result = await login({
      username,
      clientId,
      jwtKeyFile: path.resolve(jwtKeyFile),
      instanceUrl: flags.instanceUrl,
      alias: flags.alias,
      setDefaultDevHub: flags.setDefaultDevHub,
    });
    return { result };
  },
  human: (r) => `Logged in as ${r.username} (${r.orgId})${r.defaultDevHub ? ', the default Dev Hub' : ''}.`,
});

export const orgCommands: CommandTree = {
  create,
  deploy,
  seed,
  delete: remove,
  login: { summary: 'Authorize orgs without a browser.', commands: { jwt: loginJwt } },
};
