/** `nome package version promote`: marks a package version released, so production orgs can install it. */
import { SfProject, type Org } from '@salesforce/core';
import { PackageVersion } from '@salesforce/packaging';
import { ActionableError, explainError } from '../org/errors.ts';
import { installLinks, type InstallLinks } from './links.ts';
import { readPackagingProject, resolveSubscriberVersion } from './project.ts';

export interface PromoteOptions {
  devHub: Org;
  projectDir: string;
  /** A 04t ID or a version alias; defaults to the latest version in sfdx-project.json. */
  version?: string;
}

export interface PromoteResult {
  subscriberPackageVersionId: string;
  alias?: string;
  promoted: true;
  installLinks: InstallLinks;
}

export async function promotePackageVersion(options: PromoteOptions): Promise<PromoteResult> {
  const project = readPackagingProject(options.projectDir);
  const { id, alias } = resolveSubscriberVersion(project, options.version);
  const sfProject = await SfProject.resolve(options.projectDir);
  const packageVersion = new PackageVersion({
    connection: options.devHub.getConnection(),
    project: sfProject,
    idOrAlias: id,
  });
  try {
    const result = await packageVersion.promote();
    if (!result.success) throw new Error(JSON.stringify(result.errors));
  } catch (error) {
    const message = (error as Error)?.message ?? '';
    if (/code coverage/i.test(message)) {
      throw new ActionableError(`Cannot promote ${alias ?? id}: ${message}`, {
        name: 'CodeCoverageError',
        actions: [
          'Build a new version with code coverage: `npx nome package version create --code-coverage --installation-key-bypass`, then promote that one.',
        ],
      });
    }
    throw explainError(error, { step: `promote ${alias ?? id}`, devHub: options.devHub.getUsername() });
  }
  return { subscriberPackageVersionId: id, alias, promoted: true, installLinks: installLinks(id) };
}
