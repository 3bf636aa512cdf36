import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { PROJECT_DIR } from '../../scripts/metadata/index.ts';
import { tokenConnection } from './helpers.ts';
import { isolatedSfCli, localOrgWithSfCli } from './sf-cli-home.ts';

/**
 * The SOAP Metadata API through the real sf CLI with no extra setting (SF_ORG_METADATA_REST_DEPLOY unset):
 * `project deploy start` (deploy + checkDeployStatus), `--dry-run` (checkOnly), a deploy Salesforce would refuse
 * (componentFailures with the file, line and problem), `project retrieve start` (retrieve + checkRetrieveStatus),
 * `org list metadata` (listMetadata) and `org list metadata-types` (describeMetadata).
 * Shapes follow the Metadata API Developer Guide: "deploy()", "DeployResult", "retrieve()", "RetrieveResult",
 * "listMetadata()", "describeMetadata()".
 */
const FIELDS = 'force-app/main/default/objects/Metronome_Customer__c/fields';

function newField(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${name}</fullName>
    <description>Added by a test deploy.</description>
    <inlineHelpText>Added by a test deploy.</inlineHelpText>
    <label>${name.replace(/__c$/, '').replace(/_/g, ' ')}</label>
    <length>40</length>
    <required>false</required>
    <type>Text</type>
</CustomField>
`;
}

describe('local org: the sf CLI deploys and retrieves over the SOAP Metadata API', () => {
  // The org deploys onto, and is read from, a copy of the project this file changes.
  const project = mkdtempSync(path.join(tmpdir(), 'local-org-soap-'));
  cpSync(path.join(PROJECT_DIR, 'sfdx-project.json'), path.join(project, 'sfdx-project.json'));
  cpSync(path.join(PROJECT_DIR, 'force-app'), path.join(project, 'force-app'), { recursive: true });
  const session = localOrgWithSfCli('local-org-sf-soap-', { projectDir: project });
  let org: LocalOrg;
  let cli: ReturnType<typeof isolatedSfCli>;
  const sf = (args: string[], cwd = project) => cli.sf(args, { cwd });
  /** `sf project deploy start` of the project's force-app to the local org. */
  const deployForceApp = (extra: string[] = []) =>
    sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'local', ...extra, '--wait', '5']);
  const queryable = async (field: string) =>
    tokenConnection(org)
      .query(`SELECT NOME__${field} FROM NOME__Metronome_Customer__c LIMIT 1`)
      .then(
        () => true,
        () => false,
      );

  beforeAll(() => ({ org, cli } = session));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('project deploy start deploys a new field (queryable at once); --dry-run validates without changing the org', async () => {
    writeFileSync(path.join(project, FIELDS, 'Region__c.field-meta.xml'), newField('Region__c'));
    const deploy = await deployForceApp();
    expect(deploy.status, JSON.stringify(deploy).slice(0, 500)).toBe(0);
    expect(deploy.result).toMatchObject({ status: 'Succeeded', success: true, checkOnly: false });
    expect(deploy.result.files).toContainEqual(
      expect.objectContaining({
        fullName: 'Metronome_Customer__c.Region__c',
        type: 'CustomField',
        state: expect.stringMatching(/Changed|Created/),
      }),
    );
    expect(await queryable('Region__c')).toBe(true);

    writeFileSync(path.join(project, FIELDS, 'Segment__c.field-meta.xml'), newField('Segment__c'));
    const dryRun = await deployForceApp(['--dry-run']);
    expect(dryRun.status, JSON.stringify(dryRun).slice(0, 500)).toBe(0);
    expect(dryRun.result).toMatchObject({ success: true, checkOnly: true });
    expect(await queryable('Segment__c')).toBe(false);
  }, 240_000);

  it('a deploy Salesforce would refuse fails whole, naming the component, its file, the line and the problem', async () => {
    const file = path.join(project, FIELDS, 'Name__c.field-meta.xml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('<length>255</length>', '<length>300</length>'));
    try {
      const deploy = await deployForceApp();
      expect(deploy.status).toBe(1);
      const failed = (deploy.result.files as Record<string, unknown>[]).filter((f) => f.state === 'Failed');
      const line = before.split('\n').findIndex((l) => l.includes('<length>')) + 1;
      expect(failed).toEqual([
        expect.objectContaining({
          fullName: 'Metronome_Customer__c.Name__c',
          type: 'CustomField',
          filePath: file,
          lineNumber: line,
          error: expect.stringMatching(/Text length 300 is out of range/),
        }),
      ]);
      expect(await queryable('Segment__c')).toBe(false);
    } finally {
      writeFileSync(file, before);
    }
  }, 240_000);

  it('project retrieve start brings back what the org holds, the deployed field included', async () => {
    const target = mkdtempSync(path.join(tmpdir(), 'local-org-retrieve-'));
    try {
      cpSync(path.join(project, 'sfdx-project.json'), path.join(target, 'sfdx-project.json'));
      mkdirSync(path.join(target, 'force-app'));
      const retrieve = await sf(
        [
          'project',
          'retrieve',
          'start',
          '--metadata',
          'CustomObject:Metronome_Customer__c',
          '--target-org',
          'local',
          '--wait',
          '5',
        ],
        target,
      );
      expect(retrieve.status, JSON.stringify(retrieve).slice(0, 500)).toBe(0);
      const objectDir = path.join(target, 'force-app/main/default/objects/Metronome_Customer__c');
      expect(existsSync(path.join(objectDir, 'Metronome_Customer__c.object-meta.xml'))).toBe(true);
      expect(readFileSync(path.join(objectDir, 'fields/Region__c.field-meta.xml'), 'utf8')).toContain(
        '<length>40</length>',
      );
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  }, 240_000);

  it('org list metadata and org list metadata-types answer from the org', async () => {
    const objects = await sf(['org', 'list', 'metadata', '--metadata-type', 'CustomObject', '--target-org', 'local']);
    expect(objects.status).toBe(0);
    expect(
      (objects.result as unknown as { fullName: string; fileName: string }[]).map((o) => [o.fullName, o.fileName]),
    ).toContainEqual(['Metronome_Invoice__c', 'objects/Metronome_Invoice__c.object']);
    const types = await sf(['org', 'list', 'metadata-types', '--target-org', 'local']);
    expect(types.status).toBe(0);
    expect(JSON.stringify(types.result)).toContain('"xmlName":"LightningComponentBundle"');
  }, 240_000);

  it('a metadata call the local org does not offer answers with the SOAP fault and says what to use', async () => {
    const error = await tokenConnection(org)
      .metadata.read('CustomObject', ['Metronome_Customer__c'])
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/No operation available for request .*readMetadata.*sf project deploy start/);
  });
});
