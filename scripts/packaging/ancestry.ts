/**
 * `"ancestorVersion": "HIGHEST"` makes every managed version upgrade the highest released one, which is what a
 * release line wants, but the very first version has nothing to point at and the library refuses it. When the Dev
 * Hub has no released version of the package at all, the build uses no ancestor (NONE) for this run only and says so;
 * sfdx-project.json keeps HIGHEST, so the next build after a promotion is ancestored again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SfProject, type Connection } from '@salesforce/core';
import { soqlQuote } from '../salesforce/index.ts';
import type { PackageDirectory } from './project.ts';

const HIGHEST = 'HIGHEST';

export function asksForHighestAncestor(directory: PackageDirectory & { ancestorId?: string }): boolean {
  const isPatch = (directory.versionNumber ?? '').split('.')[2] !== '0';
  return !isPatch && (directory.ancestorVersion === HIGHEST || directory.ancestorId === HIGHEST);
}

export async function hasReleasedVersion(connection: Connection, packageId: string): Promise<boolean> {
  const result = await connection.tooling.query<{ Id: string }>(
    `SELECT Id FROM Package2Version WHERE Package2Id = ${soqlQuote(packageId)} AND IsReleased = true AND IsDeprecated = false LIMIT 1`,
  );
  return result.records.length > 0;
}

/** A fresh SfProject for the build; with `noAncestor`, its package directory asks for no ancestor (in memory only). */
export async function projectForBuild(
  projectDir: string,
  directoryPath: string,
  noAncestor: boolean,
): Promise<SfProject> {
  SfProject.clearInstances();
  const project = await SfProject.resolve(projectDir);
  if (noAncestor) {
    const json = project.getSfProjectJson();
    const directories = (json.getContents().packageDirectories ?? []) as (PackageDirectory & { ancestorId?: string })[];
    json.set(
      'packageDirectories',
      directories.map((d) => (d.path === directoryPath ? { ...d, ancestorVersion: 'NONE', ancestorId: undefined } : d)),
    );
  }
  return project;
}

/**
 * The library rewrites the whole sfdx-project.json from its in-memory copy when it records the new alias; this puts
 * back the file as it was, with only the aliases it added.
 */
export function keepOnlyNewAliases(projectDir: string, originalText: string): void {
  const file = path.join(projectDir, 'sfdx-project.json');
  const written = JSON.parse(readFileSync(file, 'utf8')) as { packageAliases?: Record<string, string> };
  const original = JSON.parse(originalText) as { packageAliases?: Record<string, string> };
  original.packageAliases = { ...original.packageAliases, ...written.packageAliases };
  writeFileSync(file, `${JSON.stringify(original, null, 2)}\n`);
  SfProject.clearInstances();
}
