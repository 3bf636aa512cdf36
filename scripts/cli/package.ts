/** `nome package …`: the release workflow (the managed package, its versions, installs and install links). */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { InstallLinks } from '../packaging/links.ts';
import { defineCommand, type CommandTree } from './command.ts';
import { devHubFlag, Flags, projectDirFlag, targetOrgFlag, waitFlag } from './flags.ts';
import { progressReporter } from './progress.ts';

const loadPackaging = () => import('../packaging/index.ts');
const loadOrgs = () => import('../org/orgs.ts');

const versionFlag = Flags.string({
  placeholder: '<alias-or-04t>',
  summary: 'version alias (Metronome@1.0.0-1) or 04t ID; default: the latest in sfdx-project.json',
});

function linksText(version: string, links: InstallLinks): string {
  return (
    `Install links for ${version} (${links.subscriberPackageVersionId}):\n` +
    `  Production: ${links.production}\n  Sandbox:    ${links.sandbox}`
  );
}

/** In a GitHub Actions run, the links also go to the run's summary page. */
async function publishToStepSummary(version: string, links: InstallLinks): Promise<void> {
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (!summary) return;
  const { installLinksMarkdown } = await loadPackaging();
  appendFileSync(summary, installLinksMarkdown(version, links));
}

const create = defineCommand({
  summary: 'Register the managed package on the Dev Hub (once) and record its 0Ho ID in sfdx-project.json.',
  examples: [
    {
      summary: 'Register the package on the default Dev Hub:',
      command: 'nome package create --description "Metronome billing data"',
    },
  ],
  flags: {
    'dev-hub': devHubFlag,
    description: Flags.string({ placeholder: '<text>', summary: 'package description' }),
    'project-dir': projectDirFlag,
  },
  async run(flags) {
    const { createPackage } = await loadPackaging();
    const { resolveDevHub } = await loadOrgs();
    const devHub = await resolveDevHub(flags.devHub);
    return {
      result: await createPackage({
        devHub,
        projectDir: path.resolve(flags.projectDir),
        description: flags.description,
      }),
    };
  },
  human: (r) => `Created the package ${r.packageName} (${r.packageId}); recorded in sfdx-project.json: commit it.`,
});

const versionCreate = defineCommand({
  summary: 'Build a managed package version of force-app on the Dev Hub, record its alias and print the install links.',
  examples: [
    {
      summary: 'Build a version anyone may install, tagged with the commit:',
      command: 'nome package version create --installation-key-bypass --tag $(git rev-parse HEAD)',
    },
    {
      summary: 'Build and release a version in one go:',
      command: 'nome package version create --installation-key-bypass --promote',
    },
  ],
  flags: {
    'dev-hub': devHubFlag,
    'installation-key': Flags.string({
      char: 'k',
      placeholder: '<key>',
      summary: 'key admins must enter to install the version',
    }),
    'installation-key-bypass': Flags.boolean({ char: 'x', summary: 'allow installing without a key' }),
    'code-coverage': Flags.boolean({ char: 'c', summary: 'run Apex tests and compute coverage (required to promote)' }),
    promote: Flags.boolean({ summary: 'promote (release) the version once it is built; implies --code-coverage' }),
    tag: Flags.string({ placeholder: '<tag>', summary: 'tag recorded on the version (e.g. the git commit)' }),
    branch: Flags.string({ placeholder: '<branch>', summary: 'package branch recorded on the version' }),
    wait: waitFlag('how long to wait for the build', 60),
    'project-dir': projectDirFlag,
  },
  async run(flags) {
    const { createPackageVersion } = await loadPackaging();
    const { resolveDevHub } = await loadOrgs();
    const result = await createPackageVersion({
      devHub: await resolveDevHub(flags.devHub),
      projectDir: path.resolve(flags.projectDir),
      installationKey: flags.installationKey,
      installationKeyBypass: flags.installationKeyBypass,
      codeCoverage: flags.codeCoverage,
      promote: flags.promote,
      tag: flags.tag,
      branch: flags.branch,
      waitMinutes: flags.wait,
      onProgress: progressReporter('Package version create', flags),
    });
    await publishToStepSummary(result.alias, result.installLinks);
    return { result, warnings: result.warnings };
  },
  human: (r) =>
    `Created ${r.alias} (${r.subscriberPackageVersionId})${r.promoted ? ', promoted' : ''}; ` +
    'recorded in sfdx-project.json.\n' +
    linksText(r.alias, r.installLinks),
});

const versionPromote = defineCommand({
  summary: 'Promote (release) a package version so production orgs can install it.',
  examples: [
    { summary: 'Promote the latest version in sfdx-project.json:', command: 'nome package version promote' },
    { summary: 'Promote a given version:', command: 'nome package version promote --version Metronome@1.2.0-1' },
  ],
  flags: { 'dev-hub': devHubFlag, version: versionFlag, 'project-dir': projectDirFlag },
  async run(flags) {
    const { promotePackageVersion } = await loadPackaging();
    const { resolveDevHub } = await loadOrgs();
    const devHub = await resolveDevHub(flags.devHub);
    const result = await promotePackageVersion({
      devHub,
      projectDir: path.resolve(flags.projectDir),
      version: flags.version,
    });
    await publishToStepSummary(`${result.alias ?? result.subscriberPackageVersionId} (released)`, result.installLinks);
    return { result };
  },
  human: (r) =>
    `Promoted ${r.alias ?? r.subscriberPackageVersionId}.\n` +
    linksText(r.alias ?? r.subscriberPackageVersionId, r.installLinks),
});

const versionLinks = defineCommand({
  summary: 'Print the subscriber install links of a package version (no org needed).',
  examples: [
    { summary: 'Links of the latest version:', command: 'nome package version links' },
    {
      summary: 'Links of a 04t ID, as JSON:',
      command: 'nome package version links --version 04t5g000000XYZ1AAA --json',
    },
  ],
  flags: { version: versionFlag, 'project-dir': projectDirFlag },
  async run(flags) {
    const { installLinks, readPackagingProject, resolveSubscriberVersion } = await loadPackaging();
    const { id, alias } = resolveSubscriberVersion(readPackagingProject(path.resolve(flags.projectDir)), flags.version);
    return { result: { alias, ...installLinks(id) } };
  },
  human: (r) => linksText(r.alias ?? r.subscriberPackageVersionId, r),
});

const install = defineCommand({
  summary: 'Install a package version into an org and wait for it.',
  examples: [
    {
      summary: 'Install the latest version into the org aliased uat:',
      command: 'nome package install --target-org uat',
    },
    {
      summary: 'Install a keyed version for all users:',
      command: 'nome package install -o uat --version Metronome@1.2.0-1 -k <key> --security-type AllUsers',
    },
  ],
  flags: {
    'target-org': targetOrgFlag,
    version: versionFlag,
    'installation-key': Flags.string({
      char: 'k',
      placeholder: '<key>',
      summary: "the version's installation key, if it has one",
    }),
    'security-type': Flags.option({
      placeholder: '<type>',
      summary: 'who gets access',
      choices: ['AdminsOnly', 'AllUsers'],
      default: 'AdminsOnly',
    }),
    wait: waitFlag('how long to wait for the install', 30),
    'publish-wait': Flags.number('publish-wait', {
      placeholder: '<minutes>',
      summary: 'how long to wait for a new version to become available',
      expected: 'a number of minutes (0: do not wait)',
      check: (n) => n >= 0,
      default: 10,
    }),
    'project-dir': projectDirFlag,
  },
  async run(flags) {
    const { installPackageVersion } = await loadPackaging();
    const { resolveTargetOrg } = await loadOrgs();
    const result = await installPackageVersion({
      targetOrg: await resolveTargetOrg(flags.targetOrg),
      projectDir: path.resolve(flags.projectDir),
      version: flags.version,
      installationKey: flags.installationKey,
      securityType: flags.securityType,
      waitMinutes: flags.wait,
      publishWaitMinutes: flags.publishWait,
      onProgress: progressReporter('Package install', flags),
    });
    return { result };
  },
  human: (r) =>
    `Installed ${r.alias ?? r.subscriberPackageVersionId} into ${r.targetOrg} (${r.packageInstallRequestId}).`,
});

export const packageCommands: CommandTree = {
  create,
  version: {
    summary: 'Create, promote and link package versions.',
    commands: { create: versionCreate, promote: versionPromote, links: versionLinks },
  },
  install,
};
