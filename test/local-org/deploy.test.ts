import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { PLAN, startOrg, tokenConnection } from './helpers.ts';

const FIELD = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Tier__c</fullName>
    <externalId>false</externalId>
    <label>Tier</label>
    <length>40</length>
    <required>false</required>
    <type>Text</type>
    <unique>false</unique>
</CustomField>
`;

/** SDR's REST deploy (what `sf project deploy` and `nome org deploy` use) reloads the local org's schema. */
describe('local org: Metadata API REST deploy', () => {
  let org: LocalOrg;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'local-org-deploy-test-'));
    process.env.HOME = path.join(work, 'home');
    process.env.SF_DATA_DIR = path.join(work, 'sf');
    process.env.SF_DISABLE_TELEMETRY = 'true';
    mkdirSync(process.env.HOME, { recursive: true });
    org = await startOrg();
  });
  afterAll(async () => {
    await org.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a deployed new field appears in describe and takes values', async () => {
    const project = path.join(work, 'project');
    cpSync('sfdx-project.json', path.join(project, 'sfdx-project.json'));
    cpSync('force-app', path.join(project, 'force-app'), { recursive: true });
    writeFileSync(
      path.join(project, 'force-app/main/default/objects/Metronome_Plan__c/fields/Tier__c.field-meta.xml'),
      FIELD,
    );

    const { AuthInfo, Connection } = await import('@salesforce/core');
    const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
    const authInfo = await AuthInfo.create({
      accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.loginUrl },
    });
    const connection = await Connection.create({ authInfo });
    const deploy = await ComponentSet.fromSource(
      path.join(project, 'force-app/main/default/objects/Metronome_Plan__c'),
    ).deploy({
      usernameOrConnection: connection,
      apiOptions: { rest: true },
    });
    const result = await deploy.pollStatus(200, 30_000);
    expect(result.response).toMatchObject({ status: 'Succeeded', success: true });
    expect(org.stats().byKind['metadata.deploy']).toBe(1);

    const conn = tokenConnection(org);
    const d = await conn.sobject(PLAN).describe();
    expect(d.fields.find((f) => f.name === 'NOME__Tier__c')).toMatchObject({
      type: 'string',
      length: 40,
      label: 'Tier',
    });
    const created = await conn.sobject(PLAN).create({ NOME__Metronome_Plan_ID__c: 'p-tier', NOME__Tier__c: 'gold' });
    expect(await conn.sobject(PLAN).retrieve(created.id!)).toMatchObject({ NOME__Tier__c: 'gold' });
    // The other objects are still there.
    expect((await conn.describeGlobal()).sobjects.filter((s) => s.custom)).toHaveLength(9);
  }, 60_000);
});
