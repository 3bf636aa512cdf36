/** `nome package create`: registers the managed package on the Dev Hub once and records its 0Ho ID. */
import { SfProject, type Org } from '@salesforce/core';
import { Package } from '@salesforce/packaging';
import { ActionableError, explainError } from '../org/errors.ts';
import { readPackagingProject, recordAliases } from './project.ts';

export interface PackageCreateOptions {
  devHub: Org;
  projectDir: string;
  description?: string;
}

export interface PackageCreateResult {
  packageName: string;
  packageId: string;
  namespace: string;
}

export async function createPackage(options: PackageCreateOptions): Promise<PackageCreateResult> {
  const project = readPackagingProject(options.projectDir);
  if (project.packageId) {
    throw new ActionableError(
      `The package ${project.packageName} already exists (${project.packageId} in sfdx-project.json).`,
      {
        name: 'PackageExistsError',
        actions: ['Create a version instead: `npx nome package version create --installation-key-bypass`.'],
      },
    );
  }
  const sfProject = await SfProject.resolve(options.projectDir);
  // The library would also rewrite packageDirectories; only the alias is wanted, written below.
  const previous = process.env.SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_CREATE;
  process.env.SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_CREATE = 'true';
  let id: string;
  try {
    ({ Id: id } = await Package.create(options.devHub.getConnection(), sfProject, {
      name: project.packageName,
      description: options.description ?? '',
      noNamespace: false,
      orgDependent: false,
      packageType: 'Managed',
      errorNotificationUsername: '',
      path: project.directory.path,
    }));
  } catch (error) {
    throw explainError(error, {
      step: `create the package ${project.packageName}`,
      devHub: options.devHub.getUsername(),
      namespace: project.namespace,
    });
  } finally {
    if (previous === undefined) delete process.env.SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_CREATE;
    else process.env.SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_CREATE = previous;
  }
  recordAliases(options.projectDir, { [project.packageName]: id });
  return { packageName: project.packageName, packageId: id, namespace: project.namespace };
}
