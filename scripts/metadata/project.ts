import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SfdxProject {
  namespace: string;
  sourceApiVersion: string;
  packageDirectories: { path: string; default?: boolean; package?: string; versionNumber?: string }[];
  packageAliases?: Record<string, string>;
}

/** The repository root: two levels above scripts/metadata. */
export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function readSfdxProject(projectDir: string = PROJECT_DIR): SfdxProject {
  const file = path.join(projectDir, 'sfdx-project.json');
  let project: Partial<SfdxProject>;
  try {
    project = JSON.parse(readFileSync(file, 'utf8')) as Partial<SfdxProject>;
  } catch (error) {
    throw new Error(`${file}: cannot read the SFDX project (${(error as Error).message})`);
  }
  if (!Array.isArray(project.packageDirectories) || project.packageDirectories.length === 0) {
    throw new Error(`${file}: packageDirectories must list at least one directory`);
  }
  return {
    namespace: project.namespace ?? '',
    sourceApiVersion: project.sourceApiVersion ?? '',
    packageDirectories: project.packageDirectories,
    packageAliases: project.packageAliases ?? {},
  };
}

/** `Customer__c` → `NOME__Customer__c`; standard and already-prefixed names are left alone. */
export function applyNamespace(namespace: string, name: string): string {
  if (!namespace || !/__(c|r)$/.test(name)) return name;
  const body = name.slice(0, -3);
  if (body.includes('__')) return name;
  return `${namespace}__${name}`;
}
