/** The release workflow: package, package versions, promotion, installs and install links. */
export { installLinks, installLinksMarkdown, isSubscriberPackageVersionId, type InstallLinks } from './links.ts';
export { createPackage, type PackageCreateOptions, type PackageCreateResult } from './create.ts';
export { createPackageVersion, type VersionCreateOptions, type VersionCreateResult } from './version-create.ts';
export { promotePackageVersion, type PromoteOptions, type PromoteResult } from './promote.ts';
export { installPackageVersion, type InstallOptions, type InstallResult } from './install.ts';
export {
  latestVersionAlias,
  readPackagingProject,
  resolveSubscriberVersion,
  type PackagingProject,
} from './project.ts';
