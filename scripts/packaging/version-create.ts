/** `nome package version create`: builds a managed package version on the Dev Hub from force-app and waits for it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Lifecycle, type Org } from '@salesforce/core';
import { PackageVersion, PackageVersionEvents, type PackageVersionCreateRequestResult } from '@salesforce/packaging';
import { ActionableError, explainError } from '../org/errors.ts';
import { asksForHighestAncestor, hasReleasedVersion, keepOnlyNewAliases, projectForBuild } from './ancestry.ts';
import { installLinks, type InstallLinks } from './links.ts';
import { minutes, pollInterval } from '../org/polling.ts';
import { aliasOf, readPackagingProject, recordAliases, requirePackageId } from './project.ts';
import { promotePackageVersion } from './promote.ts';

export interface VersionCreateOptions {
  devHub: Org;
  projectDir: string;
  installationKey?: string;
  installationKeyBypass?: boolean;
  codeCoverage?: boolean;
  promote?: boolean;
  tag?: string;
  branch?: string;
  waitMinutes: number;
  /** Called on each status poll (Queued, InProgress, VerifyingMetadata…), for progress output. */
  onProgress?: (progress: { status: string; elapsedMs: number; requestId?: string }) => void;
}

export interface VersionCreateResult {
  packageName: string;
  packageId: string;
  createRequestId: string;
  packageVersionId: string;
  subscriberPackageVersionId: string;
  versionNumber: string;
  alias: string;
  codeCoverage: number | null;
  hasPassedCodeCoverageCheck: boolean | null;
  promoted: boolean;
  installLinks: InstallLinks;
  warnings: string[];
}

function checkKeyOptions(options: VersionCreateOptions): void {
  if (options.installationKey && options.installationKeyBypass) {
    throw new ActionableError('Pass either --installation-key or --installation-key-bypass, not both.', {
      name: 'InvalidFlagsError',
    });
  }
  if (!options.installationKey && !options.installationKeyBypass) {
    throw new ActionableError('A package version needs an installation key, or an explicit bypass.', {
      name: 'InvalidFlagsError',
      actions: ['Pass --installation-key <key> (admins then need the key to install), or --installation-key-bypass.'],
    });
  }
}

/** Forwards the library's lifecycle events as progress for the duration of `run`. */
async function withProgress<T>(options: VersionCreateOptions, run: () => Promise<T>): Promise<T> {
  const lifecycle = Lifecycle.getInstance();
  const started = Date.now();
  const events = [PackageVersionEvents.create.enqueued, PackageVersionEvents.create.progress];
  for (const event of events) {
    lifecycle.on(event, async (report: PackageVersionCreateRequestResult) => {
      options.onProgress?.({ status: report.Status, elapsedMs: Date.now() - started, requestId: report.Id });
    });
  }
  try {
    return await run();
  } finally {
    for (const event of events) lifecycle.removeAllListeners(event);
  }
}

function explainCreateError(error: unknown, packageName: string, namespace: string, devHub: string): ActionableError {
  const message = (error as Error)?.message ?? '';
  if (
    /NoMatchingAncestor|no (released )?ancestor|ancestor.*(not found|doesn't exist)/i.test(
      `${(error as Error)?.name} ${message}`,
    )
  ) {
    return new ActionableError(
      `Cannot create the package version: no released version of ${packageName} exists to be its ancestor (sfdx-project.json asks for ancestorVersion HIGHEST).`,
      {
        name: 'NoReleasedAncestorError',
        actions: [
          'For the very first version, set "ancestorVersion": "NONE" in sfdx-project.json; switch back to "HIGHEST" once 1.0.0 is promoted.',
          'Otherwise promote the version this one upgrades from: `npx nome package version promote --version <alias>`.',
        ],
      },
    );
  }
  if (/NoIdInHub/.test((error as Error)?.name ?? '')) {
    return new ActionableError(`Cannot create the package version: ${message}`, {
      name: 'PackageNotOnDevHubError',
      actions: [
        `Check that ${devHub} is the Dev Hub that owns ${packageName} (--dev-hub), and that packageAliases.${packageName} in sfdx-project.json is its 0Ho ID.`,
      ],
    });
  }
  return explainError(error, {
    step: 'create the package version',
    devHub,
    namespace,
    waitFlag: '--wait',
    resume:
      'The build keeps running on the Dev Hub; check it with `npx sf package version create report --package-create-request-id <08c…>`.',
  });
}

export async function createPackageVersion(options: VersionCreateOptions): Promise<VersionCreateResult> {
  checkKeyOptions(options);
  const before = readPackagingProject(options.projectDir);
  const packageId = requirePackageId(before);
  const devHubName = options.devHub.getUsername() ?? 'the Dev Hub';
  const connection = options.devHub.getConnection();
  const warnings: string[] = [];
  const firstVersion = asksForHighestAncestor(before.directory) && !(await hasReleasedVersion(connection, packageId));
  if (firstVersion) {
    warnings.push(
      `No version of ${before.packageName} is released yet, so this version has no ancestor (ancestorVersion HIGHEST applies once one is promoted).`,
    );
  }
  const originalProjectText = readFileSync(path.join(options.projectDir, 'sfdx-project.json'), 'utf8');
  const project = await projectForBuild(options.projectDir, before.directory.path, firstVersion);
  // Promotion requires coverage to have been computed during the build.
  const codeCoverage = Boolean(options.codeCoverage || options.promote);
  let report: PackageVersionCreateRequestResult;
  try {
    report = await withProgress(options, () =>
      PackageVersion.create(
        {
          connection,
          project,
          packageId,
          installationkey: options.installationKey,
          installationkeybypass: options.installationKeyBypass,
          codecoverage: codeCoverage,
          tag: options.tag,
          branch: options.branch,
        },
        { frequency: pollInterval(30_000), timeout: minutes(options.waitMinutes) },
      ),
    );
  } catch (error) {
    throw explainCreateError(error, before.packageName, before.namespace, devHubName);
  } finally {
    keepOnlyNewAliases(options.projectDir, originalProjectText);
  }
  if (report.Status === 'Error') {
    const problems = report.Error?.length ? report.Error : ['(the Dev Hub gave no details)'];
    throw new ActionableError(
      `The package version build ${report.Id} failed:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      {
        name: 'PackageVersionCreateError',
        data: { createRequestId: report.Id, errors: report.Error },
        actions: ['Fix the components named above in force-app, then run the command again.'],
      },
    );
  }
  if (report.Status !== 'Success' || !report.SubscriberPackageVersionId || !report.Package2VersionId) {
    throw explainCreateError(
      Object.assign(new Error(`the build is still ${report.Status}`), { name: 'PollingClientTimeout' }),
      before.packageName,
      before.namespace,
      devHubName,
    );
  }
  const subscriberPackageVersionId = report.SubscriberPackageVersionId;
  const alias = recordVersionAlias(options.projectDir, before.packageName, report);
  const promoted = options.promote ? await promoteBuilt(options, subscriberPackageVersionId, alias) : false;
  return {
    packageName: before.packageName,
    packageId,
    createRequestId: report.Id,
    packageVersionId: report.Package2VersionId,
    subscriberPackageVersionId,
    versionNumber: report.VersionNumber ?? '',
    alias,
    codeCoverage: report.CodeCoverage ?? null,
    hasPassedCodeCoverageCheck: report.HasPassedCodeCoverageCheck ?? null,
    promoted,
    installLinks: installLinks(subscriberPackageVersionId),
    warnings,
  };
}

/** The build succeeded when this runs: a failed promotion says so, with the new version's ID, alias and links. */
async function promoteBuilt(options: VersionCreateOptions, id: string, alias: string): Promise<true> {
  try {
    await promotePackageVersion({ devHub: options.devHub, projectDir: options.projectDir, version: id });
    return true;
  } catch (error) {
    const cause = explainError(error, { step: `promote ${alias}` });
    throw new ActionableError(
      `Version ${alias} (${id}) was built and recorded in sfdx-project.json, but it is not promoted: ${cause.message}`,
      {
        name: cause.name,
        actions: [...cause.actions, `Once that is fixed: \`npx nome package version promote --version ${alias}\`.`],
        data: { subscriberPackageVersionId: id, alias, installLinks: installLinks(id) },
      },
    );
  }
}

/**
 * The library already records `Metronome@1.0.0-1` (plus `-<branch>`) in packageAliases; this makes sure the alias is
 * there even when that is switched off (SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_VERSION_CREATE) and returns it.
 */
function recordVersionAlias(
  projectDir: string,
  packageName: string,
  report: PackageVersionCreateRequestResult,
): string {
  const id = report.SubscriberPackageVersionId!;
  const existing = aliasOf(readPackagingProject(projectDir), id);
  if (existing) return existing;
  const [major = '0', minor = '0', patch = '0', build = '0'] = (report.VersionNumber ?? '').split('.');
  const alias = `${packageName}@${major}.${minor}.${patch}-${build}${report.Branch ? `-${report.Branch}` : ''}`;
  recordAliases(projectDir, { [alias]: id });
  return alias;
}
