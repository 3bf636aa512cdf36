import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { PROJECT_DIR } from '../metadata/index.ts';
import { resolveDevHub, resolveTargetOrg } from '../org/index.ts';
import {
  createPackage,
  createPackageVersion,
  installLinks,
  installLinksMarkdown,
  installPackageVersion,
  promotePackageVersion,
  readPackagingProject,
  resolveSubscriberVersion,
  type InstallLinks,
} from '../packaging/index.ts';
import { minutesFlag, numberFlag } from './flags.ts';
import { printResult } from './output.ts';
import { progressReporter } from './progress.ts';

interface CommonOptions {
  projectDir: string;
  json?: boolean;
}

function printLinks(version: string, links: InstallLinks): void {
  process.stdout.write(`Install links for ${version} (${links.subscriberPackageVersionId}):\n  Production: ${links.production}\n  Sandbox:    ${links.sandbox}\n`);
}

/** In a GitHub Actions run, the links also go to the run's summary page. */
function publishToStepSummary(version: string, links: InstallLinks): void {
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, installLinksMarkdown(version, links));
}

const projectDirOption = () => new Option('--project-dir <dir>', 'SFDX project directory').default(PROJECT_DIR);
const devHubOption = () => new Option('-v, --dev-hub <alias>', 'Dev Hub alias or username (default: the target-dev-hub config)');

function versionCommands(): Command {
  const version = new Command('version').description('Create, promote and link package versions.');
  version
    .command('create')
    .description('Build a managed package version of force-app on the Dev Hub, wait for it, record its alias and print the install links.')
    .addOption(devHubOption())
    .option('-k, --installation-key <key>', 'key admins must enter to install the version')
    .option('-x, --installation-key-bypass', 'allow installing without a key')
    .option('-c, --code-coverage', 'run Apex tests and compute coverage (required to promote)')
    .option('--promote', 'promote (release) the version once it is built; implies --code-coverage')
    .option('--tag <tag>', 'tag recorded on the version (e.g. the git commit)')
    .option('--branch <branch>', 'package branch recorded on the version')
    .option('-w, --wait <minutes>', 'how long to wait for the build', minutesFlag('--wait'), 60)
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { devHub?: string; installationKey?: string; installationKeyBypass?: boolean; codeCoverage?: boolean; promote?: boolean; tag?: string; branch?: string; wait: number }) => {
      const devHub = await resolveDevHub(options.devHub);
      const result = await createPackageVersion({
        devHub,
        projectDir: path.resolve(options.projectDir),
        installationKey: options.installationKey,
        installationKeyBypass: options.installationKeyBypass,
        codeCoverage: options.codeCoverage,
        promote: options.promote,
        tag: options.tag,
        branch: options.branch,
        waitMinutes: options.wait,
        onProgress: progressReporter('Package version create', options),
      });
      publishToStepSummary(result.alias, result.installLinks);
      printResult(result, options, () => {
        for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
        process.stdout.write(`Created ${result.alias} (${result.subscriberPackageVersionId})${result.promoted ? ', promoted' : ''}; recorded in sfdx-project.json.\n`);
        printLinks(result.alias, result.installLinks);
      });
    });
  version
    .command('promote')
    .description('Promote (release) a package version so production orgs can install it.')
    .addOption(devHubOption())
    .option('--version <alias-or-04t>', 'version alias (Metronome@1.0.0-1) or 04t ID; default: the latest in sfdx-project.json')
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { devHub?: string; version?: string }) => {
      const devHub = await resolveDevHub(options.devHub);
      const result = await promotePackageVersion({ devHub, projectDir: path.resolve(options.projectDir), version: options.version });
      const label = result.alias ?? result.subscriberPackageVersionId;
      publishToStepSummary(`${label} (released)`, result.installLinks);
      printResult(result, options, () => {
        process.stdout.write(`Promoted ${label}.\n`);
        printLinks(label, result.installLinks);
      });
    });
  version
    .command('links')
    .description('Print the subscriber install links of a package version (no org needed).')
    .option('--version <alias-or-04t>', 'version alias or 04t ID; default: the latest in sfdx-project.json')
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action((options: CommonOptions & { version?: string }) => {
      const { id, alias } = resolveSubscriberVersion(readPackagingProject(path.resolve(options.projectDir)), options.version);
      const links = installLinks(id);
      printResult({ alias, ...links }, options, () => printLinks(alias ?? id, links));
    });
  return version;
}

export function packageCommand(): Command {
  const group = new Command('package').description('The release workflow: the managed package, its versions and installs.');
  group
    .command('create')
    .description('Register the managed package on the Dev Hub (once) and record its 0Ho ID in sfdx-project.json.')
    .addOption(devHubOption())
    .option('--description <text>', 'package description')
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { devHub?: string; description?: string }) => {
      const devHub = await resolveDevHub(options.devHub);
      const result = await createPackage({ devHub, projectDir: path.resolve(options.projectDir), description: options.description });
      printResult(result, options, () => process.stdout.write(`Created the package ${result.packageName} (${result.packageId}); recorded in sfdx-project.json: commit it.\n`));
    });
  group.addCommand(versionCommands());
  group
    .command('install')
    .description('Install a package version into an org and wait for it.')
    .option('-o, --target-org <alias>', 'org to install into (default: the target-org config)')
    .option('--version <alias-or-04t>', 'version alias or 04t ID; default: the latest in sfdx-project.json')
    .option('-k, --installation-key <key>', 'the version\'s installation key, if it has one')
    .addOption(new Option('--security-type <type>', 'who gets access').choices(['AdminsOnly', 'AllUsers']).default('AdminsOnly'))
    .option('-w, --wait <minutes>', 'how long to wait for the install', minutesFlag('--wait'), 30)
    .option('--publish-wait <minutes>', 'how long to wait for a new version to become available', numberFlag('--publish-wait', 'a number of minutes (0: do not wait)', (n) => n >= 0), 10)
    .addOption(projectDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { targetOrg?: string; version?: string; installationKey?: string; securityType: 'AdminsOnly' | 'AllUsers'; wait: number; publishWait: number }) => {
      const targetOrg = await resolveTargetOrg(options.targetOrg);
      const result = await installPackageVersion({
        targetOrg,
        projectDir: path.resolve(options.projectDir),
        version: options.version,
        installationKey: options.installationKey,
        securityType: options.securityType,
        waitMinutes: options.wait,
        publishWaitMinutes: options.publishWait,
        onProgress: progressReporter('Package install', options),
      });
      printResult(result, options, () => process.stdout.write(`Installed ${result.alias ?? result.subscriberPackageVersionId} into ${result.targetOrg} (${result.packageInstallRequestId}).\n`));
    });
  return group;
}
