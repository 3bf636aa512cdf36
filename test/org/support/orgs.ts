/** Recorded Dev Hub + scratch org, with the project copy the org commands run in. */
import { AuthInfo, AuthRemover } from '@salesforce/core';
import { setAliases } from '../../packaging/support.ts';
import { authorize, copyProject, fixture } from './harness.ts';
import { startRecordedServer, type RecordedServer, type Route } from './recorded-server.ts';

export const SCRATCH_USERNAME = 'test-ab12cd34ef56@example.com';
export const HUB_USERNAME = 'release@metronome-devhub.example';

export interface OrgSetup {
  server: RecordedServer;
  projectDir: string;
}

/** Every org fixture behind the overrides; the Dev Hub authorized as "hub". */
export async function startOrgs(
  overrides: Route[] = [],
  options: { aliases?: Record<string, string> } = {},
): Promise<OrgSetup> {
  const server = await startRecordedServer([
    ...overrides,
    ...fixture('org', 'scratch-org-create'),
    ...fixture('org', 'scratch-org-identity'),
    ...fixture('org', 'deploy'),
    ...fixture('org', 'permission-sets'),
    ...fixture('org', 'seed-accounts'),
    ...fixture('packaging', 'version-create'),
    ...fixture('org', 'sandbox-auth'),
    ...fixture('org', 'devhub-auth'),
  ]);
  await authorize(server.url, 'HUB_TOKEN', 'hub');
  const projectDir = copyProject();
  setAliases(projectDir, options.aliases ?? { Metronome: '0Ho5g000000ABCDCA0' });
  return { server, projectDir };
}

/** The scratch org as `nome org create` leaves it: authorized under `alias`, linked to the Dev Hub. */
export async function authorizeScratchOrg(server: RecordedServer, alias = 'dev'): Promise<void> {
  await authorize(server.url, 'SCRATCH_TOKEN', alias);
  const authInfo = await AuthInfo.create({ username: SCRATCH_USERNAME });
  await authInfo.save({ devHubUsername: HUB_USERNAME, isScratch: true, isDevHub: false });
}

/** Forgets the scratch org (every fixture org has the same username), as a fresh machine would not know it. */
export async function forgetScratchOrg(): Promise<void> {
  await (await AuthRemover.create()).removeAuth(SCRATCH_USERNAME);
}
