/** What the release commands read from and write to sfdx-project.json: the package, its 0Ho ID and the version aliases. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ActionableError } from '../org/errors.ts';
import { isSubscriberPackageVersionId } from './links.ts';

export interface PackageDirectory {
  path: string;
  package?: string;
  versionNumber?: string;
  ancestorVersion?: string;
  default?: boolean;
}

export interface PackagingProject {
  projectDir: string;
  namespace: string;
  directory: PackageDirectory;
  packageName: string;
  /** The Package2 ID (0Ho…) under packageAliases[packageName], if the package was created. */
  packageId?: string;
  packageAliases: Record<string, string>;
}

function projectFile(projectDir: string): string {
  return path.join(projectDir, 'sfdx-project.json');
}

function readJson(projectDir: string): Record<string, unknown> {
  const file = projectFile(projectDir);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ActionableError(`${file}: cannot read the SFDX project (${(error as Error).message})`, {
      name: 'InvalidProjectError',
    });
  }
}

export function readPackagingProject(projectDir: string): PackagingProject {
  const json = readJson(projectDir);
  const directories = (json.packageDirectories ?? []) as PackageDirectory[];
  const directory = directories.find((d) => d.package && d.default) ?? directories.find((d) => d.package);
  if (!directory?.package) {
    throw new ActionableError(`${projectFile(projectDir)}: no packageDirectories entry names a package.`, {
      name: 'InvalidProjectError',
    });
  }
  const packageAliases = (json.packageAliases ?? {}) as Record<string, string>;
  const packageId = packageAliases[directory.package];
  return {
    projectDir,
    namespace: typeof json.namespace === 'string' ? json.namespace : '',
    directory,
    packageName: directory.package,
    packageId: packageId?.startsWith('0Ho') ? packageId : undefined,
    packageAliases,
  };
}

export function requirePackageId(project: PackagingProject): string {
  if (!project.packageId) {
    throw new ActionableError(
      `The package ${project.packageName} has no ID in sfdx-project.json (packageAliases.${project.packageName} = 0Ho…).`,
      {
        name: 'PackageNotCreatedError',
        actions: [
          `If the package already exists on the Dev Hub, add "${project.packageName}": "0Ho…" under packageAliases.`,
          'Otherwise create it once: `npx nome package create` (records the 0Ho ID), then commit sfdx-project.json.',
        ],
      },
    );
  }
  return project.packageId;
}

/** `Metronome@1.2.0-3` → [1, 2, 0, 3]; anything else → undefined. */
function versionKey(alias: string, packageName: string): number[] | undefined {
  const match = new RegExp(
    `^${packageName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@(\\d+)\\.(\\d+)\\.(\\d+)-(\\d+)`,
  ).exec(alias);
  return match ? match.slice(1, 5).map(Number) : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The version alias with the highest version number (the one just built), if any. */
export function latestVersionAlias(project: PackagingProject): string | undefined {
  let best: { alias: string; key: number[] } | undefined;
  for (const alias of Object.keys(project.packageAliases)) {
    const key = versionKey(alias, project.packageName);
    if (key && (!best || compareVersions(key, best.key) > 0)) best = { alias, key };
  }
  return best?.alias;
}

/** The alias recorded for a 04t ID, if any. */
export function aliasOf(project: PackagingProject, subscriberPackageVersionId: string): string | undefined {
  return Object.entries(project.packageAliases).find(([, id]) => id === subscriberPackageVersionId)?.[0];
}

/** A 04t ID, or a version alias from packageAliases (`Metronome@1.0.0-1`); defaults to the latest version. */
export function resolveSubscriberVersion(project: PackagingProject, version?: string): { id: string; alias?: string } {
  const wanted = version ?? latestVersionAlias(project);
  if (!wanted) {
    throw new ActionableError(`No version of ${project.packageName} is recorded in sfdx-project.json.`, {
      name: 'NoPackageVersionError',
      actions: ['Create one with `npx nome package version create --installation-key-bypass`, or pass --version 04t….'],
    });
  }
  if (isSubscriberPackageVersionId(wanted)) return { id: wanted, alias: aliasOf(project, wanted) };
  const id = project.packageAliases[wanted];
  if (!id || !isSubscriberPackageVersionId(id)) {
    const known = Object.keys(project.packageAliases).filter((a) => versionKey(a, project.packageName));
    throw new ActionableError(`"${wanted}" is neither a 04t ID nor a version alias in sfdx-project.json.`, {
      name: 'UnknownPackageVersionError',
      actions: [
        known.length ? `Known versions: ${known.join(', ')}.` : 'No versions are recorded yet: create one first.',
      ],
    });
  }
  return { id, alias: wanted };
}

/** Adds aliases to packageAliases, keeping the rest of the file (and its 2-space layout) as it was. */
export function recordAliases(projectDir: string, aliases: Record<string, string>): void {
  const json = readJson(projectDir);
  json.packageAliases = { ...((json.packageAliases ?? {}) as Record<string, string>), ...aliases };
  writeFileSync(projectFile(projectDir), `${JSON.stringify(json, null, 2)}\n`);
}
