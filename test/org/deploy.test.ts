import { afterEach, beforeEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { fixture, nome } from './support/harness.ts';
import { multipartParts } from './support/recorded-server.ts';
import { authorizeScratchOrg, startOrgs, type OrgSetup } from './support/orgs.ts';
import { expectContract } from '../cli/contract.ts';

let setup: OrgSetup | undefined;
afterEach(async () => {
  await setup?.server.close();
  setup = undefined;
});

async function startWithScratchOrg(overrides = fixture('org', 'deploy').slice(0, 0)) {
  setup = await startOrgs(overrides);
  await authorizeScratchOrg(setup.server, 'dev');
  return setup;
}

beforeEach(() => {
  setup = undefined;
});

test('deploys force-app through the REST deploy endpoint and assigns the permission sets', async () => {
  const { server, projectDir } = await startWithScratchOrg();
  const run = await nome('org', 'deploy', '--target-org', 'dev', '--project-dir', projectDir, '--json');
  expect(run.exitCode, run.stdout).toBe(0);
  await expectContract('org deploy', run.json, { mode: 'values' });
  expect(run.json.result).toMatchObject({
    id: '0Af9A000001DEP1SAM',
    status: 'Succeeded',
    componentsDeployed: 21,
    componentsTotal: 21,
    permissionSets: { assigned: expect.arrayContaining(['Metronome_User', 'Metronome_Integration']) },
  });
  const [request] = server.find('deploy request');
  expect(request!.token).toBe('SCRATCH_TOKEN');
  const parts = multipartParts(request!);
  const options = JSON.parse(parts.find((p) => p.name === 'entity_content')!.data.toString('utf8'));
  expect(options.deployOptions).toMatchObject({ rollbackOnError: true });
  expect(
    parts
      .find((p) => p.name === 'file')!
      .data.subarray(0, 2)
      .toString('latin1'),
  ).toBe('PK');
  expect(server.find('deploy: succeeded').length).toBe(1);
  expect(server.unmatched()).toEqual([]);
});

test('shows deploy progress; --no-permission-sets only deploys', async () => {
  const { server, projectDir } = await startWithScratchOrg();
  const run = await nome('org', 'deploy', '--target-org', 'dev', '--no-permission-sets', '--project-dir', projectDir);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stderr).toContain('Deploy: InProgress (9/21 components)');
  expect(run.stdout).toContain('Deployed 21/21 components to test-ab12cd34ef56@example.com (0Af9A000001DEP1SAM).');
  expect(server.find('permission sets')).toHaveLength(0);
});

test('assigning again is a no-op for permission sets the user already has', async () => {
  const held = {
    name: 'both already assigned',
    method: 'GET',
    path: '/services/data/v*/query',
    soql: 'FROM PermissionSetAssignment WHERE AssigneeId',
    response: {
      status: 200,
      body: {
        totalSize: 2,
        done: true,
        records: [{ PermissionSetId: '0PS9A000000USR1WAA' }, { PermissionSetId: '0PS9A000000INT1WAA' }],
      },
    },
  };
  const { server, projectDir } = await startWithScratchOrg([held]);
  const run = await nome('org', 'deploy', '--target-org', 'dev', '--project-dir', projectDir, '--json');
  expect(run.json.result.permissionSets).toMatchObject({
    assigned: [],
    alreadyAssigned: expect.arrayContaining(['Metronome_User', 'Metronome_Integration']),
  });
  expect(server.find('assign permission set')).toHaveLength(0);
});

test('a failed deploy names the component, its source file and line, and the problem', async () => {
  const { projectDir } = await startWithScratchOrg(fixture('org', 'deploy-failure'));
  const run = await nome('org', 'deploy', '--target-org', 'dev', '--project-dir', projectDir, '--json');
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('DeployFailedError');
  expect(run.json.message).toContain('1 component error(s)');
  expect(run.json.message).toMatch(
    /CustomField Metronome_Invoice__c\.Total__c: Field Amount__c does not exist\. Check spelling\./,
  );
  expect(run.json.message).toContain(
    'force-app/main/default/objects/Metronome_Invoice__c/fields/Total__c.field-meta.xml:12:5',
  );
  expect(run.json.data.failures[0]).toMatchObject({
    type: 'CustomField',
    component: 'Metronome_Invoice__c.Total__c',
    line: 12,
    column: 5,
  });
});

test('a deploy outlasting --wait is a step timeout', async () => {
  const inProgress = fixture('org', 'deploy').find((r) => r.name === 'deploy: in progress')!;
  const { projectDir } = await startWithScratchOrg([{ ...inProgress, times: undefined }]);
  const run = await nome(
    'org',
    'deploy',
    '--target-org',
    'dev',
    '--wait',
    '0.001',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.json.name, run.stdout).toBe('StepTimeoutError');
  expect(run.json.message).toContain('deploy force-app to test-ab12cd34ef56@example.com');
});

test('no target org: says how to get one', async () => {
  const run = await nome('org', 'deploy', '--json');
  expect(run.json.name).toBe('NoTargetOrgError');
  expect(run.json.actions!.join(' ')).toContain('nome org create');
});
