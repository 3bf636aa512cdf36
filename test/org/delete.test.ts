import { afterEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { authorize, fixture, nome } from './support/harness.ts';
import { authorizeScratchOrg, startOrgs, type OrgSetup } from './support/orgs.ts';
import { expectContract } from '../cli/contract.ts';

let setup: OrgSetup | undefined;
afterEach(async () => {
  await setup?.server.close();
  setup = undefined;
});

test('deletes the scratch org on its Dev Hub and forgets its alias and authorization', async () => {
  setup = await startOrgs(fixture('org', 'scratch-org-delete'));
  await authorizeScratchOrg(setup.server, 'dev');
  const run = await nome('org', 'delete', '--target-org', 'dev', '--json');
  expect(run.exitCode, run.stdout).toBe(0);
  await expectContract('org delete', run.json, { mode: 'values' });
  expect(run.json.result).toEqual({ username: 'test-ab12cd34ef56@example.com', orgId: '00D9A000000SCR1UAA' });
  const [deletion] = setup.server.find('delete active scratch org');
  expect(deletion!.token).toBe('HUB_TOKEN');
  const again = await nome('org', 'delete', '--target-org', 'dev', '--json');
  expect(again.json.name).toBe('NoTargetOrgError');
});

test('an org that already expired: says so and still forgets it', async () => {
  setup = await startOrgs(fixture('org', 'scratch-org-gone'));
  await authorizeScratchOrg(setup.server, 'dev');
  const run = await nome('org', 'delete', '--target-org', 'dev', '--json');
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('ScratchOrgNotFoundError');
  expect(run.json.message).toContain('no longer exists on its Dev Hub');
  expect((await nome('org', 'delete', '--target-org', 'dev', '--json')).json.name).toBe('NoTargetOrgError');
});

test('refuses to delete an org that is not a scratch org', async () => {
  setup = await startOrgs();
  await authorize(setup.server.url, 'SANDBOX_TOKEN', 'uat');
  const run = await nome('org', 'delete', '--target-org', 'uat', '--json');
  expect(run.json.name).toBe('NotAScratchOrgError');
  expect(setup.server.find(/DELETE/)).toHaveLength(0);
});
