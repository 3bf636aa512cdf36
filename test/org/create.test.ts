import { afterEach, describe, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { setSyncRunner, type SyncRunner } from '../../scripts/org/index.ts';
import { ActionableError } from '../../scripts/org/errors.ts';
import { fixture, nome } from './support/harness.ts';
import { multipartParts, type Route } from './support/recorded-server.ts';
import { forgetScratchOrg, SCRATCH_USERNAME, startOrgs, type OrgSetup } from './support/orgs.ts';
import { expectContract } from '../cli/contract.ts';

let setup: OrgSetup | undefined;
const syncCalls: { step: string; targetOrg: string }[] = [];
const recordingSync: SyncRunner = async (step, options) => {
  syncCalls.push({ step, targetOrg: options.targetOrg });
  return step === 'run' ? { upserted: { NOME__Metronome_Customer__c: 3 } } : { problems: [] };
};

afterEach(async () => {
  await setup?.server.close();
  setup = undefined;
  await forgetScratchOrg();
  syncCalls.length = 0;
  setSyncRunner(recordingSync);
});
setSyncRunner(recordingSync);

const route = (capability: 'org' | 'packaging', file: string, name: string): Route =>
  fixture(capability, file).find((r) => r.name === name)!;
const body = (setup: OrgSetup, name: string) => JSON.parse(setup.server.find(name)[0]!.body.toString('utf8'));

describe('nome org create', () => {
  test('creates the scratch org, deploys force-app, assigns both permission sets, seeds and validates, and prints a login URL', async () => {
    setup = await startOrgs();
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(run.exitCode, run.stdout).toBe(0);
    await expectContract('org create', run.json, { mode: 'values' });
    expect(run.json.result).toMatchObject({
      username: SCRATCH_USERNAME,
      orgId: '00D9A000000SCR1UAA',
      alias: 'dev',
      expirationDate: '2026-12-01',
      deploy: { status: 'Succeeded', componentsDeployed: 21, componentsTotal: 21 },
      permissionSets: { assigned: expect.arrayContaining(['Metronome_User', 'Metronome_Integration']) },
      seed: { targetOrg: 'dev', metronome: 'sandbox' },
    });
    // A single-use login URL, never one carrying the session.
    expect(run.json.result.loginUrl).toBe(`${setup.server.url}/secur/frontdoor.jsp?otp=SINGLEUSEOTP&cshc=0000`);
    expect(run.stdout).not.toContain('SCRATCH_TOKEN');
    expect(syncCalls).toEqual([
      { step: 'run', targetOrg: 'dev' },
      { step: 'validate', targetOrg: 'dev' },
    ]);
    expect(setup.server.unmatched()).toEqual([]);
  });

  test('asks the Dev Hub for an org of the project definition, namespace and ancestor', async () => {
    setup = await startOrgs();
    await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--duration-days',
      '3',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(body(setup, 'create ScratchOrgInfo')).toMatchObject({
      Edition: 'Developer',
      OrgName: 'Metronome Package Development',
      Features: 'EnableSetPasswordInApi',
      HasSampleData: false,
      Namespace: 'NOME',
      DurationDays: 3,
      Package2AncestorIds: '05i5g000000REL1AAA',
    });
    // The definition's settings go in through a Metadata API deploy, not the signup request.
    expect(body(setup, 'create ScratchOrgInfo').Settings).toBeUndefined();
    expect(setup.server.find('settings deploy (SOAP)')).toHaveLength(1);
    // force-app goes through the REST deploy endpoint as one zip.
    const parts = multipartParts(setup.server.find('deploy request')[0]!);
    expect(
      parts
        .find((p) => p.name === 'file')!
        .data.subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    // Both permission sets assigned to the org's user.
    const assignments = setup.server.find('assign permission set').map((r) => JSON.parse(r.body.toString('utf8')));
    expect(assignments.map((a) => a.PermissionSetId).sort()).toEqual(['0PS9A000000INT1WAA', '0PS9A000000USR1WAA']);
    expect(new Set(assignments.map((a) => a.AssigneeId))).toEqual(new Set(['0059A000000SCR1QAA']));
  });

  test('human output walks through the steps and ends with the login URL; --no-seed skips the sync', async () => {
    setup = await startOrgs();
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--no-seed',
      '--project-dir',
      setup.projectDir,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'Creating a scratch org on release@metronome-devhub.example (namespace NOME, 7 day(s))',
    );
    expect(run.stderr).toContain(`Deploying force-app to ${SCRATCH_USERNAME}`);
    expect(run.stderr).toContain('Assigning the permission sets');
    expect(run.stdout).toContain('Not seeded (--no-seed).');
    expect(run.stdout).toContain(`Log in: ${setup.server.url}/secur/frontdoor.jsp?otp=`);
    expect(syncCalls).toEqual([]);
  });

  test('without a released ancestor yet, creates the org without one and says so', async () => {
    const noAncestor = { ...route('packaging', 'version-create-no-ancestor', 'no released ancestor') };
    setup = await startOrgs([noAncestor]);
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--no-seed',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.json.result.warnings.join(' ')).toContain('without a package ancestor');
    expect(body(setup, 'create ScratchOrgInfo').Package2AncestorIds).toBe('');
  });
});

describe('nome org create: failures', () => {
  test('no Dev Hub authorized', async () => {
    const run = await nome('org', 'create', '--json');
    expect(run.json.name).toBe('NoDevHubError');
    await expectContract('org create (no Dev Hub)', run.json, { mode: 'values' });
    expect(run.json.actions!.join(' ')).toContain('--set-default-dev-hub');
  });

  test('the Dev Hub reached its daily scratch org limit: says what to do and creates nothing', async () => {
    setup = await startOrgs(fixture('org', 'scratch-org-limit'));
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(run.exitCode).toBe(1);
    expect(run.json.name).toBe('ScratchOrgLimitError');
    expect(run.json.message).toContain('has reached its scratch org limit');
    expect(run.json.message).toContain('daily scratch org signup limit');
    expect(run.json.actions!.join(' ')).toContain('nome org delete');
    expect(setup.server.find('scratch org token')).toHaveLength(0);
  });

  test('the namespace is not linked to the Dev Hub (signup error S-1017)', async () => {
    setup = await startOrgs(fixture('org', 'scratch-org-namespace-not-linked'));
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(run.json.name).toBe('NamespaceNotLinkedError');
    expect(run.json.message).toBe(
      'Cannot create the scratch org: the namespace NOME is not linked to the Dev Hub release@metronome-devhub.example.',
    );
    expect(run.json.actions!.join(' ')).toContain('Namespace Registries');
  });

  test('the org not ready within --wait is a step timeout', async () => {
    const creating = route('org', 'scratch-org-create', 'scratch org: creating');
    setup = await startOrgs([{ ...creating, times: undefined }]);
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--wait',
      '0.02',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(run.json.name, run.stdout).toBe('StepTimeoutError');
    expect(run.json.message).toBe('Timed out while waiting to create the scratch org.');
    expect(run.json.actions!.join(' ')).toContain('--wait');
  });

  test('a failing seed keeps the org and says how to seed it again', async () => {
    setup = await startOrgs();
    setSyncRunner(async (step) => {
      if (step === 'validate')
        throw new ActionableError('2 invoices reference a missing customer', { name: 'SyncValidationError' });
      return {};
    });
    const run = await nome(
      'org',
      'create',
      '--dev-hub',
      'hub',
      '--alias',
      'dev',
      '--project-dir',
      setup.projectDir,
      '--json',
    );
    expect(run.json.name).toBe('SyncValidationError');
    expect(run.json.message).toContain(
      'is created and deployed, but seeding it failed: 2 invoices reference a missing customer',
    );
    expect(run.json.actions!.join(' ')).toContain('nome org seed --target-org dev');
  });
});

test('org create refuses a duration outside 1-30 days and a non-numeric wait, naming the flag', async () => {
  const days = await nome('org', 'create', '--duration-days', '45', '--json');
  expect(days.exitCode).not.toBe(0);
  expect(days.json).toMatchObject({
    name: 'InvalidArgumentsError',
    message: expect.stringContaining('--duration-days must be an integer from 1 to 30, got "45"'),
  });
  const wait = await nome('org', 'create', '--wait', '', '--json');
  expect(wait.exitCode).not.toBe(0);
  expect(wait.json.message).toContain('--wait must be a number of minutes above 0');
});
