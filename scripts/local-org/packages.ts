/**
 * The local org's package installer. It knows one package, the SFDX project it serves: the 04t IDs listed in
 * that project's sfdx-project.json packageAliases, plus any the org was started with (`packageVersionIds`).
 * Installing a known version is a schema load from the project's force-app (with anything deployed since);
 * any other 04t is unknown, as a version that does not exist or has not reached the org's instance is on Salesforce.
 */
import { readSfdxProject } from '../metadata/index.ts';
import type { Org } from './org.ts';
import type { Values } from './store.ts';
import { formatDateTime } from './values.ts';

export const SUBSCRIBER_PACKAGE_PREFIX = '033';
export const INSTALLED_PACKAGE_PREFIX = '0A3';
export const INSTALL_REQUEST_PREFIX = '0Hf';

export interface PackageSource {
  /** The SFDX project the org serves now (the schema is reloaded from it). */
  projectDir: () => string;
  /** The project the org was started on: its packageAliases name the versions the org knows. */
  packageProjectDir: () => string;
  /** Reloads the org's schema from a project directory. */
  reload: (projectDir: string) => Promise<void>;
  /** Further 04t IDs the org treats as versions of its package. */
  extraVersionIds: string[];
}

export interface KnownVersion {
  id: string;
  alias?: string;
  packageName: string;
  major: number;
  minor: number;
  patch: number;
  build: number;
  description: string | null;
}

/** 15- and 18-character forms of an ID name the same record. */
export const sameId = (a: string, b: string) => a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15);

const isVersionId = (value: string) => /^04t[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(value);

/** The versions the project's sfdx-project.json records, then the configured extra ones. */
export function knownVersions(projectDir: string, extraVersionIds: string[]): KnownVersion[] {
  const project = readSfdxProject(projectDir);
  const directory =
    project.packageDirectories.find((d) => d.package && d.default) ?? project.packageDirectories.find((d) => d.package);
  const packageName = directory?.package ?? 'Package';
  const description = (directory as { versionDescription?: string } | undefined)?.versionDescription ?? null;
  const [major = 1, minor = 0, patch = 0] = (directory?.versionNumber ?? '1.0.0').split('.').map((n) => Number(n) || 0);
  const fromVersionNumber = { major, minor, patch, build: 1 };
  const out: KnownVersion[] = [];
  const add = (id: string, alias?: string) => {
    if (!isVersionId(id) || out.some((v) => sameId(v.id, id))) return;
    const numbers = /@(\d+)\.(\d+)\.(\d+)-(\d+)/.exec(alias ?? '');
    const version = numbers
      ? { major: +numbers[1], minor: +numbers[2], patch: +numbers[3], build: +numbers[4] }
      : fromVersionNumber;
    out.push({ id, alias, packageName, description, ...version });
  };
  for (const [alias, id] of Object.entries(project.packageAliases ?? {})) add(id, alias);
  for (const id of extraVersionIds) add(id);
  return out;
}

export function findVersion(source: PackageSource, id: string): KnownVersion | undefined {
  return knownVersions(source.packageProjectDir(), source.extraVersionIds).find((v) => sameId(v.id, id));
}

/** The package's SubscriberPackage ID in this org (stable per org). */
export function subscriberPackageId(org: Org): string {
  let id = org.store.getMeta('subscriberPackageId');
  if (!id) {
    id = org.transientId(SUBSCRIBER_PACKAGE_PREFIX);
    org.store.setMeta('subscriberPackageId', id, true);
  }
  return id;
}

/** SubscriberPackageVersion fields as the Tooling API returns them (the costly ones are null: nothing to report). */
export function versionFields(org: Org, v: KnownVersion): Values {
  return {
    AppExchangeDescription: null,
    AppExchangeLogoUrl: null,
    AppExchangePackageName: null,
    AppExchangePublisherName: null,
    BuildNumber: v.build,
    CspTrustedSites: null,
    Dependencies: null,
    Description: v.description,
    Id: v.id,
    InstallValidationStatus: 'NO_ERRORS_DETECTED',
    IsBeta: false,
    IsDeprecated: false,
    IsManaged: true,
    IsOrgDependent: false,
    IsPasswordProtected: false,
    IsSecurityReviewed: false,
    MajorVersion: v.major,
    MinorVersion: v.minor,
    Name: v.packageName,
    Package2ContainerOptions: 'Managed',
    PatchVersion: v.patch,
    PostInstallUrl: null,
    Profiles: null,
    PublisherName: v.packageName,
    ReleaseNotesUrl: null,
    ReleaseState: 'Released',
    RemoteSiteSettings: null,
    SubscriberPackageId: subscriberPackageId(org),
  };
}

export interface InstalledPackage {
  id: string;
  versionId: string;
  installedDate: string;
}

/** The installed version of the package, remembered with the org's data. */
export function installedPackage(org: Org): InstalledPackage | undefined {
  const raw = org.store.getMeta('installedPackage');
  return raw ? (JSON.parse(raw) as InstalledPackage) : undefined;
}

function recordInstall(org: Org, versionId: string): void {
  const previous = installedPackage(org);
  const installed: InstalledPackage = {
    id: previous?.id ?? org.transientId(INSTALLED_PACKAGE_PREFIX),
    versionId,
    installedDate: formatDateTime(new Date()),
  };
  org.store.setMeta('installedPackage', JSON.stringify(installed), true);
}

export type InstallStatus = 'IN_PROGRESS' | 'SUCCESS' | 'ERROR';

export interface InstallRequest {
  id: string;
  input: Values;
  status: InstallStatus;
  errors: string[];
  createdDate: string;
  lastModifiedDate: string;
}

/** Runs an install: a schema load for a known version, an ERROR status for anything else. */
export async function runInstall(org: Org, source: PackageSource, request: InstallRequest): Promise<void> {
  const key = String(request.input.SubscriberPackageVersionKey ?? '');
  const finish = (status: InstallStatus, errors: string[] = []) => {
    Object.assign(request, { status, errors, lastModifiedDate: formatDateTime(new Date()) });
  };
  const version = findVersion(source, key);
  if (!version)
    return finish('ERROR', [
      `The package version ${key} is not available: no such version exists, or it has not reached this org yet.`,
    ]);
  try {
    await source.reload(source.projectDir());
    recordInstall(org, version.id);
    finish('SUCCESS');
  } catch (error) {
    finish('ERROR', [(error as Error).message]);
  }
}
