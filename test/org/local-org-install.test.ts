/**
 * `nome package install` against the local org, end to end through @salesforce/packaging and the Tooling API:
 * the org installs versions of its own project's package (a schema load from force-app) and knows no other.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { startLocalOrg, type LocalOrg } from '../../scripts/local-org/index.ts';
import { setAliases } from '../packaging/support.ts';
import { authorize, copyProject, nome } from './support/harness.ts';

const RECORDED = '04t5g000000XYZ1AAO';
const CONFIGURED = '04t5g000000XYZ2AAO';
const UNKNOWN = '04t5g000000ZZZ9AAO';
const ALIASES = { Metronome: '0Ho5g000000ABCDCA0', 'Metronome@1.2.0-3': RECORDED };

let org: LocalOrg;
let orgProject: string;
let projectDir: string;

beforeAll(async () => {
  orgProject = copyProject();
  setAliases(orgProject, ALIASES);
  projectDir = copyProject();
  setAliases(projectDir, ALIASES);
  org = await startLocalOrg({ projectDir: orgProject, packageVersionIds: [CONFIGURED] });
  await authorize(org.instanceUrl, org.accessToken, 'local');
}, 60_000);
afterAll(async () => {
  await org?.stop();
});

const api = async (pathAndQuery: string) => {
  const response = await fetch(`${org.instanceUrl}/services/data/v66.0/${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${org.accessToken}` },
  });
  return (await response.json()) as any;
};

test('installs a version recorded in the project: the schema is loaded from force-app and the package shows as installed', async () => {
  writeFileSync(
    path.join(orgProject, 'force-app/main/default/objects/Metronome_Plan__c/fields/Tier__c.field-meta.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Tier__c</fullName>\n    <label>Tier</label>\n    <type>Text</type>\n    <length>40</length>\n</CustomField>\n',
  );
  const before = org.callCount('tooling');
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'local',
    '--version',
    'Metronome@1.2.0-3',
    '--project-dir',
    projectDir,
  );
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toMatch(
    new RegExp(`^Installed Metronome@1\\.2\\.0-3 into ${org.username.replace(/\./g, '\\.')} \\(0Hf\\w{15}\\)\\.`),
  );
  expect(run.stderr).toContain('Package install: version is available');
  // The version query, the version record, the install request and at least one status read, all counted.
  expect(org.callCount('tooling') - before).toBeGreaterThanOrEqual(4);
  expect(org.callCount('tooling.sobject.create')).toBe(1);

  const fields = (await api('sobjects/NOME__Metronome_Plan__c/describe')).fields.map((f: { name: string }) => f.name);
  expect(fields).toContain('NOME__Tier__c');
  const installed = await api(
    `tooling/query?q=${encodeURIComponent('SELECT Id, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.Id, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage ORDER BY SubscriberPackageId')}`,
  );
  expect(installed).toMatchObject({ size: 1, totalSize: 1, done: true, entityTypeName: 'InstalledSubscriberPackage' });
  expect(installed.records[0]).toMatchObject({
    attributes: { type: 'InstalledSubscriberPackage' },
    SubscriberPackage: { NamespacePrefix: 'NOME', Name: 'Metronome' },
    SubscriberPackageVersion: { Id: RECORDED, MajorVersion: 1, MinorVersion: 2, BuildNumber: 3 },
  });
}, 60_000);

test('--json reports the request; the org also knows the version it was configured with, by 04t ID', async () => {
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'local',
    '--version',
    CONFIGURED,
    '--security-type',
    'AllUsers',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.json.result).toMatchObject({
    subscriberPackageVersionId: CONFIGURED,
    status: 'SUCCESS',
    targetOrg: org.username,
  });
  const request = await api(`tooling/sobjects/PackageInstallRequest/${run.json.result.packageInstallRequestId}`);
  expect(request).toMatchObject({
    attributes: { type: 'PackageInstallRequest' },
    SubscriberPackageVersionKey: CONFIGURED,
    SecurityType: 'Full',
    NameConflictResolution: 'Block',
    Status: 'SUCCESS',
    Errors: null,
    Password: null,
  });
}, 60_000);

test('an unknown version: the org does not offer it, as Salesforce answers for a 04t that does not exist', async () => {
  const query = await api(
    `tooling/query?q=${encodeURIComponent(`SELECT Id, SubscriberPackageId, InstallValidationStatus FROM SubscriberPackageVersion WHERE Id ='${UNKNOWN}'`)}`,
  );
  expect(query).toEqual({
    size: 0,
    totalSize: 0,
    done: true,
    queryLocator: null,
    entityTypeName: 'SubscriberPackageVersion',
    records: [],
  });

  const creates = org.callCount('tooling.sobject.create');
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'local',
    '--version',
    UNKNOWN,
    '--publish-wait',
    '0.01',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('PackageVersionNotAvailableError');
  expect(run.json.actions!.join(' ')).toContain('--publish-wait');
  expect(org.callCount('tooling.sobject.create')).toBe(creates);

  const noWait = await nome(
    'package',
    'install',
    '--target-org',
    'local',
    '--version',
    UNKNOWN,
    '--publish-wait',
    '0',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(noWait.exitCode).toBe(1);
  expect(noWait.json.name).toBe('PackageVersionNotAvailableError');
}, 60_000);

test("SubscriberPackageVersion answers only queries by ID, with Salesforce's implementation restriction", async () => {
  const response = await fetch(
    `${org.instanceUrl}/services/data/v66.0/tooling/query?q=${encodeURIComponent('SELECT Id FROM SubscriberPackageVersion')}`,
    {
      headers: { Authorization: `Bearer ${org.accessToken}` },
    },
  );
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual([
    {
      errorCode: 'MALFORMED_QUERY',
      message: "Implementation restriction: You can only perform queries of the form Id='<some_value>'.",
    },
  ]);
});
