import { afterEach, beforeEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('../org/support/sf-home.ts')).prepareSfHome());

import { authorize, copyProject, fixture, nome } from '../org/support/harness.ts';
import { startRecordedServer, type RecordedServer, type Route } from '../org/support/recorded-server.ts';
import { NEW_VERSION_ID, PACKAGE_ID, setAliases } from './support.ts';
import { expectContract } from '../cli/contract.ts';

let server: RecordedServer | undefined;
let projectDir = '';
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startSandbox(overrides: Route[] = []): Promise<RecordedServer> {
  server = await startRecordedServer([
    ...overrides,
    ...fixture('packaging', 'install'),
    ...fixture('org', 'sandbox-auth'),
    ...fixture('org', 'devhub-auth'),
  ]);
  await authorize(server.url, 'SANDBOX_TOKEN', 'uat');
  return server;
}

beforeEach(() => {
  projectDir = copyProject();
  setAliases(projectDir, { Metronome: PACKAGE_ID, 'Metronome@1.0.0-1': NEW_VERSION_ID });
});

test('installs the version into the target org for admins only, waits for SUCCESS and reports', async () => {
  await startSandbox();
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'uat',
    '--version',
    'Metronome@1.0.0-1',
    '--project-dir',
    projectDir,
  );
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toContain('Installed Metronome@1.0.0-1 into admin@customer.example.uat (0Hf7x000000INS1CAA).');
  expect(run.stderr).toContain('Package install: version is available');
  expect(run.stderr).toContain('Package install: IN_PROGRESS');
  const [create] = server!.find('create install request');
  expect(JSON.parse(create!.body.toString('utf8'))).toMatchObject({
    SubscriberPackageVersionKey: NEW_VERSION_ID,
    SecurityType: 'None',
    NameConflictResolution: 'Block',
  });
  expect(server!.find('install: success').length).toBeGreaterThan(0);
  expect(server!.unmatched()).toEqual([]);
});

test('--json reports the install request; --security-type AllUsers is sent as Full', async () => {
  await startSandbox();
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'uat',
    '--version',
    NEW_VERSION_ID,
    '--security-type',
    'AllUsers',
    '--project-dir',
    projectDir,
    '--json',
  );
  await expectContract('package install', run.json, { mode: 'values' });
  expect(run.json).toMatchObject({
    status: 0,
    result: {
      packageInstallRequestId: '0Hf7x000000INS1CAA',
      subscriberPackageVersionId: NEW_VERSION_ID,
      alias: 'Metronome@1.0.0-1',
      status: 'SUCCESS',
    },
  });
  expect(JSON.parse(server!.find('create install request')[0]!.body.toString('utf8')).SecurityType).toBe('Full');
});

test('an install the org rejects: reports each reason', async () => {
  await startSandbox(fixture('packaging', 'install-error'));
  const run = await nome('package', 'install', '--target-org', 'uat', '--project-dir', projectDir, '--json');
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('PackageInstallError');
  expect(run.json.message).toContain('ended with status ERROR');
  expect(run.json.message).toContain('Lookup to Account requires the org to have Accounts enabled.');
  expect(run.json.message).toContain('A permission set with this name already exists.');
});

test('a wrong installation key: says so without echoing it', async () => {
  await startSandbox(fixture('packaging', 'install-bad-key'));
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'uat',
    '--installation-key',
    'not-the-key',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.json.name).toBe('InstallationKeyError');
  expect(run.stdout + run.stderr).not.toContain('not-the-key');
  expect(server!.find('create install request')).toHaveLength(0);
});

test('an install outlasting --wait is a step timeout', async () => {
  const inProgress = fixture('packaging', 'install').find((r) => r.name === 'install: in progress')!;
  await startSandbox([{ ...inProgress, times: undefined }]);
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'uat',
    '--wait',
    '0.002',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.json.name).toBe('StepTimeoutError');
  expect(run.json.message).toContain('install Metronome@1.0.0-1 into admin@customer.example.uat');
  expect(run.json.actions!.join(' ')).toContain('--wait');
});

test('an unknown target org: says how to get one', async () => {
  const run = await nome('package', 'install', '--target-org', 'nowhere', '--project-dir', projectDir, '--json');
  expect(run.json.name).toBe('NoTargetOrgError');
});

test('a version the org does not offer (yet): says it may be replicating, and how to check', async () => {
  const unavailable = {
    name: 'version not yet available',
    method: 'GET',
    path: '/services/data/v*/tooling/query',
    soql: "SELECT Id, SubscriberPackageId, InstallValidationStatus FROM SubscriberPackageVersion WHERE Id ='04t5g000000XYZ1AAA'",
    token: 'SANDBOX_TOKEN',
    response: {
      status: 200,
      body: {
        size: 0,
        totalSize: 0,
        done: true,
        queryLocator: null,
        entityTypeName: 'SubscriberPackageVersion',
        records: [],
      },
    },
  };
  await startSandbox([unavailable]);
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'uat',
    '--publish-wait',
    '0.001',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.json.name).toBe('PackageVersionNotAvailableError');
  expect(run.json.actions!.join(' ')).toContain('--publish-wait');
  expect(server!.find('create install request')).toHaveLength(0);
});

test('without --publish-wait, a version the org has no record of is reported the same way', async () => {
  const noRecord = {
    name: 'no such version',
    method: 'GET',
    path: '/services/data/v*/tooling/query',
    soql: "/FROM SubscriberPackageVersion WHERE Id ='04t5g000000XYZ1AAA'/",
    token: 'SANDBOX_TOKEN',
    response: {
      status: 200,
      body: {
        size: 0,
        totalSize: 0,
        done: true,
        queryLocator: null,
        entityTypeName: 'SubscriberPackageVersion',
        records: [],
      },
    },
  };
  await startSandbox([noRecord]);
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'uat',
    '--publish-wait',
    '0',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.json.name).toBe('PackageVersionNotAvailableError');
  expect(run.json.message).toContain('the org does not offer this version (it has no record of it)');
  expect(server!.find('create install request')).toHaveLength(0);
});

test('a numeric flag that is not a number is refused by name before anything is called', async () => {
  const run = await nome('package', 'install', '--target-org', 'uat', '--wait', 'ten', '--json');
  expect(run.exitCode).not.toBe(0);
  expect(run.json).toMatchObject({
    name: 'InvalidArgumentsError',
    message: expect.stringContaining('--wait must be a number of minutes above 0, got "ten"'),
  });
});
