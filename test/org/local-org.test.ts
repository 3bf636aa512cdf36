/** The developer loop offline: `nome org deploy` against the local org, where a deploy is a schema reload from force-app. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { startLocalOrg, type LocalOrg } from '../../scripts/local-org/index.ts';
import { authorize, copyProject, nome } from './support/harness.ts';

let org: LocalOrg;
let projectDir: string;

beforeAll(async () => {
  projectDir = copyProject();
  org = await startLocalOrg({ projectDir: copyProject() });
  await authorize(org.instanceUrl, org.accessToken, 'local');
}, 60_000);
afterAll(async () => {
  await org?.stop();
});

async function describeFields(sobject: string): Promise<string[]> {
  const response = await fetch(`${org.instanceUrl}/services/data/v66.0/sobjects/${sobject}/describe`, {
    headers: { Authorization: `Bearer ${org.accessToken}` },
  });
  const body = (await response.json()) as { fields: { name: string }[] };
  return body.fields.map((f) => f.name);
}

test('nome org deploy reloads the local org schema from force-app, so a new field is queryable at once', async () => {
  const field = path.join(
    projectDir,
    'force-app/main/default/objects/Metronome_Customer__c/fields/Segment__c.field-meta.xml',
  );
  writeFileSync(
    field,
    `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Segment__c</fullName>
    <label>Segment</label>
    <type>Text</type>
    <length>40</length>
    <required>false</required>
    <externalId>false</externalId>
    <unique>false</unique>
</CustomField>
`,
  );
  expect(await describeFields('NOME__Metronome_Customer__c')).not.toContain('NOME__Segment__c');
  const run = await nome(
    'org',
    'deploy',
    '--target-org',
    'local',
    '--no-permission-sets',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.json.result).toMatchObject({ status: 'Succeeded', targetOrg: org.username });
  expect(run.json.result.componentsDeployed).toBeGreaterThan(0);
  expect(await describeFields('NOME__Metronome_Customer__c')).toContain('NOME__Segment__c');
}, 60_000);

test('nome org deploy assigns both permission sets in the local org; running it again keeps them', async () => {
  const run = await nome('org', 'deploy', '--target-org', 'local', '--project-dir', projectDir, '--json');
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.json.result.permissionSets).toEqual({
    username: org.username,
    assigned: expect.arrayContaining(['Metronome_User', 'Metronome_Integration']),
    alreadyAssigned: [],
  });
  const held = await fetch(
    `${org.instanceUrl}/services/data/v66.0/query?q=${encodeURIComponent(`SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${org.userId}'`)}`,
    {
      headers: { Authorization: `Bearer ${org.accessToken}` },
    },
  );
  const names = ((await held.json()) as { records: { PermissionSet: { Name: string } }[] }).records.map(
    (r) => r.PermissionSet.Name,
  );
  expect(names.sort()).toEqual(['Metronome_Integration', 'Metronome_User']);

  const again = await nome('org', 'deploy', '--target-org', 'local', '--project-dir', projectDir, '--json');
  expect(again.exitCode, again.stdout).toBe(0);
  expect(again.json.result.permissionSets).toMatchObject({
    assigned: [],
    alreadyAssigned: expect.arrayContaining(['Metronome_User', 'Metronome_Integration']),
  });
}, 60_000);

test('nome org seed fills the local org from a Metronome sandbox with the real `nome sync run`, then validates it', async () => {
  const run = await nome(
    'org',
    'seed',
    '--target-org',
    'local',
    '--sandbox-customers',
    '10',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.json.result).toMatchObject({ targetOrg: 'local', metronome: 'sandbox' });
  expect(run.json.result.validate).toMatchObject({ inSync: true });
  // The sandbox serves a few records Salesforce must refuse, on purpose: a partial run, reported, still seeds.
  expect(run.json.result.run.status).toBe('partial');
  expect(run.json.result.warnings.join(' ')).toMatch(/refused \d+ record/);
  const response = await fetch(
    `${org.instanceUrl}/services/data/v66.0/query?q=${encodeURIComponent('SELECT COUNT() FROM NOME__Metronome_Customer__c')}`,
    {
      headers: { Authorization: `Bearer ${org.accessToken}` },
    },
  );
  const customers = ((await response.json()) as { totalSize: number }).totalSize;
  expect(customers).toBeGreaterThan(0);
  expect(customers).toBe(run.json.result.validate.objects.NOME__Metronome_Customer__c.actual);
  // Linked customers point at accounts created in the org for the sandbox.
  const linked = await fetch(
    `${org.instanceUrl}/services/data/v66.0/query?q=${encodeURIComponent('SELECT NOME__Account__r.Name FROM NOME__Metronome_Customer__c WHERE NOME__Account__c != null')}`,
    {
      headers: { Authorization: `Bearer ${org.accessToken}` },
    },
  );
  const names = ((await linked.json()) as { records: { NOME__Account__r: { Name: string } }[] }).records.map(
    (r) => r.NOME__Account__r.Name,
  );
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => n.startsWith('Metronome demo account '))).toBe(true);
}, 120_000);

test('nome package install of a version the local org does not know says what to do instead', async () => {
  const run = await nome(
    'package',
    'install',
    '--target-org',
    'local',
    '--version',
    '04t5g000000XYZ1AAA',
    '--publish-wait',
    '0.01',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(run.exitCode).toBe(1);
  expect(run.json.name).toBe('PackageVersionNotAvailableError');
  expect(run.json.actions!.join(' ')).toContain('nome org deploy');
}, 60_000);
