/** A recorded Dev Hub with the Metronome package registered, and a project copy that knows its 0Ho ID. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { authorize, copyProject, fixture, readProjectJson } from '../org/support/harness.ts';
import { startRecordedServer, type RecordedServer, type Route } from '../org/support/recorded-server.ts';

export const PACKAGE_ID = '0Ho5g000000ABCDCA0';
export const NEW_VERSION_ID = '04t5g000000XYZ1AAA';

export interface DevHubSetup {
  server: RecordedServer;
  projectDir: string;
}

export function setAliases(projectDir: string, aliases: Record<string, string>): void {
  const project = readProjectJson(projectDir);
  project.packageAliases = aliases;
  writeFileSync(path.join(projectDir, 'sfdx-project.json'), `${JSON.stringify(project, null, 2)}\n`);
}

/** Routes: the given overrides first, then the packaging fixtures, then the Dev Hub's identity. */
export async function startDevHub(
  overrides: Route[] = [],
  options: { aliases?: Record<string, string> } = {},
): Promise<DevHubSetup> {
  const server = await startRecordedServer([
    ...overrides,
    ...fixture('packaging', 'version-create'),
    ...fixture('packaging', 'promote'),
    ...fixture('org', 'devhub-auth'),
  ]);
  await authorize(server.url, 'HUB_TOKEN', 'hub');
  const projectDir = copyProject();
  setAliases(projectDir, options.aliases ?? { Metronome: PACKAGE_ID });
  return { server, projectDir };
}
