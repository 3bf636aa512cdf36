/** `nome package install`: installs a package version into an org (sandbox, scratch org, production) and waits. */
import { Lifecycle, type Org } from '@salesforce/core';
import { PackageEvents, SubscriberPackageVersion, type PackagingSObjects } from '@salesforce/packaging';
import { ActionableError, explainError } from '../org/errors.ts';
import { minutes, pollInterval } from '../org/polling.ts';
import { readPackagingProject, resolveSubscriberVersion } from './project.ts';

export interface InstallOptions {
  targetOrg: Org;
  projectDir: string;
  /** A 04t ID or a version alias from sfdx-project.json; defaults to the latest recorded version. */
  version?: string;
  installationKey?: string;
  waitMinutes: number;
  /** How long to wait for a brand-new version to become available on the org's instance. */
  publishWaitMinutes: number;
  /** Who the package is installed for: AdminsOnly (default, as the setup guide says) or AllUsers. */
  securityType?: 'AdminsOnly' | 'AllUsers';
  onProgress?: (progress: { status: string; elapsedMs: number }) => void;
}

export interface InstallResult {
  packageInstallRequestId: string;
  subscriberPackageVersionId: string;
  alias?: string;
  status: string;
  targetOrg: string;
}

type InstallRequest = PackagingSObjects.PackageInstallRequest;

function installErrors(request: InstallRequest): string[] {
  const errors = (request.Errors as { errors?: { message: string }[] } | null)?.errors ?? [];
  return errors.map((e) => e.message);
}

async function withProgress<T>(options: InstallOptions, run: () => Promise<T>): Promise<T> {
  const lifecycle = Lifecycle.getInstance();
  const started = Date.now();
  lifecycle.on(PackageEvents.install.status, async (request: InstallRequest) => {
    options.onProgress?.({ status: request.Status, elapsedMs: Date.now() - started });
  });
  lifecycle.on(PackageEvents.install['subscriber-status'], async (status: string) => {
    const message =
      status === 'NO_ERRORS_DETECTED' ? 'version is available' : `waiting for the version to be available (${status})`;
    options.onProgress?.({ status: message, elapsedMs: Date.now() - started });
  });
  try {
    return await run();
  } finally {
    lifecycle.removeAllListeners(PackageEvents.install.status);
    lifecycle.removeAllListeners(PackageEvents.install['subscriber-status']);
  }
}

export async function installPackageVersion(options: InstallOptions): Promise<InstallResult> {
  const { id, alias } = resolveSubscriberVersion(readPackagingProject(options.projectDir), options.version);
  const targetOrg = options.targetOrg.getUsername() ?? 'the target org';
  const label = alias ?? id;
  const connection = options.targetOrg.getConnection();
  const version = new SubscriberPackageVersion({ connection, aliasOrId: id, password: options.installationKey });
  let request: InstallRequest;
  try {
    request = await withProgress(options, () =>
      version.install(
        {
          SubscriberPackageVersionKey: id,
          Password: options.installationKey,
          // The API's names: None = admins only, Full = all users (as sf package install --security-type maps them).
          SecurityType: options.securityType === 'AllUsers' ? 'Full' : 'None',
        },
        {
          publishFrequency: pollInterval(10_000),
          publishTimeout: minutes(options.publishWaitMinutes),
          pollingFrequency: pollInterval(5_000),
          pollingTimeout: minutes(options.waitMinutes),
        },
      ),
    );
  } catch (error) {
    const { name = '', message = '' } = error as Error;
    if (/INSTALL_KEY|installation key/i.test(`${name} ${message}`)) {
      throw new ActionableError(
        `Cannot install ${label} into ${targetOrg}: the installation key is missing or wrong.`,
        {
          name: 'InstallationKeyError',
          actions: ['Pass the key the version was built with: --installation-key <key>.'],
        },
      );
    }
    // Not (yet) on the org's instance: the availability wait timed out, or, without one, the org has no record of the version.
    if (/NotPublished|SingleRecordQuery_NoRecords/.test(name)) {
      const reason = /NoRecords/.test(name) ? 'it has no record of it' : message.replace(/\.$/, '');
      throw new ActionableError(
        `Cannot install ${label} into ${targetOrg}: the org does not offer this version (${reason}).`,
        {
          name: 'PackageVersionNotAvailableError',
          actions: [
            "A version built minutes ago may still be replicating to the org's instance: run again with a longer --publish-wait.",
            `Check the ID: \`npx nome package version links --version ${label}\` shows the links for it.`,
            `To use the source without a package version, deploy it instead: \`npx nome org deploy --target-org ${targetOrg}\`.`,
          ],
        },
      );
    }
    throw explainError(error, {
      step: `install ${label} into ${targetOrg}`,
      waitFlag: '--wait',
      resume: 'The install keeps running in the org; see Setup → Installed Packages, or run the command again later.',
    });
  }
  if (request.Status !== 'SUCCESS') {
    const errors = installErrors(request);
    throw new ActionableError(
      `Installing ${label} into ${targetOrg} ended with status ${request.Status}${errors.length ? `:\n${errors.map((e) => `  ${e}`).join('\n')}` : '.'}`,
      {
        name: 'PackageInstallError',
        data: { packageInstallRequestId: request.Id, errors },
        actions: [
          'Fix what the org reports above (often a missing feature or a conflicting component), then run the install again.',
        ],
      },
    );
  }
  return {
    packageInstallRequestId: request.Id,
    subscriberPackageVersionId: id,
    alias,
    status: request.Status,
    targetOrg,
  };
}
