import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { errorOf, startOrg, tokenConnection, type Connection } from './helpers.ts';

/** The package's permission sets as PermissionSet rows, and assigning them to users, through jsforce. */
describe('local org: PermissionSet and PermissionSetAssignment', () => {
  let org: LocalOrg;
  let conn: Connection;
  let project: string;
  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'local-org-permsets-'));
    cpSync('sfdx-project.json', path.join(project, 'sfdx-project.json'));
    cpSync('force-app', path.join(project, 'force-app'), { recursive: true });
    org = await startOrg({ projectDir: project });
    conn = tokenConnection(org);
  });
  afterAll(async () => {
    await org.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it('serves every permission set force-app declares, namespaced, through SOQL', async () => {
    const declared = loadSchema(project).permissionSets;
    const result = await conn.query<Record<string, unknown>>(
      'SELECT Id, Name, Label, NamespacePrefix, IsOwnedByProfile, Type FROM PermissionSet ORDER BY Name',
    );
    expect(result.records.map((r) => r.Name)).toEqual(declared.map((p) => p.name).sort());
    for (const record of result.records) {
      const def = declared.find((p) => p.name === record.Name)!;
      expect(record).toMatchObject({
        Label: def.label,
        NamespacePrefix: 'NOME',
        IsOwnedByProfile: false,
        Type: 'Regular',
      });
      expect(String(record.Id)).toMatch(/^0PS\w{15}$/);
    }
  });

  it('describe lists both objects; PermissionSetAssignment takes AssigneeId and PermissionSetId on create only', async () => {
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(
      expect.arrayContaining(['PermissionSet', 'PermissionSetAssignment']),
    );
    const psa = await conn.sobject('PermissionSetAssignment').describe();
    const fieldOf = (name: string) => psa.fields.find((f) => f.name === name)!;
    expect(fieldOf('AssigneeId')).toMatchObject({
      createable: true,
      updateable: false,
      referenceTo: ['User'],
      relationshipName: 'Assignee',
    });
    expect(fieldOf('PermissionSetId')).toMatchObject({
      createable: true,
      updateable: false,
      referenceTo: ['PermissionSet'],
    });
    expect(psa.keyPrefix).toBe('0Pa');
  });

  it('assigns a permission set once; a second assignment is DUPLICATE_VALUE naming the assignment it duplicates', async () => {
    const set = await conn.query<{ Id: string }>("SELECT Id FROM PermissionSet WHERE Name = 'Metronome_User'");
    const permissionSetId = set.records[0].Id;
    const created = await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: org.userId, PermissionSetId: permissionSetId });
    expect(created.success).toBe(true);
    const held = await conn.query<Record<string, unknown>>(
      `SELECT Id, PermissionSet.Name, Assignee.Username, IsActive FROM PermissionSetAssignment WHERE AssigneeId = '${org.userId}'`,
    );
    expect(held.records).toHaveLength(1);
    expect(held.records[0]).toMatchObject({
      PermissionSet: { Name: 'Metronome_User' },
      Assignee: { Username: org.username },
      IsActive: true,
    });

    const again = await errorOf(
      conn.sobject('PermissionSetAssignment').create({ AssigneeId: org.userId, PermissionSetId: permissionSetId }),
    );
    expect(again.errorCode).toBe('DUPLICATE_VALUE');
    expect(again.message).toBe(
      `duplicate value found: <unknown> duplicates value on record with id: ${created.id!.slice(0, 15)}`,
    );

    // Unassigning (delete) removes the row at once (no recycle bin) and frees the pair again.
    await conn.sobject('PermissionSetAssignment').destroy(created.id!);
    expect(
      (await conn.query(`SELECT Id FROM PermissionSetAssignment WHERE Id = '${created.id}'`, { scanAll: true }))
        .totalSize,
    ).toBe(0);
    expect((await errorOf(conn.sobject('PermissionSetAssignment').retrieve(created.id!))).errorCode).toBe('NOT_FOUND');
    const reassigned = await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: org.userId, PermissionSetId: permissionSetId });
    expect(reassigned.success).toBe(true);
  });

  it('rejects an assignment to something that is not a permission set', async () => {
    const error = await errorOf(
      conn.sobject('PermissionSetAssignment').create({ AssigneeId: org.userId, PermissionSetId: org.userId }),
    );
    expect(error).toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: `Permission Set ID: id value of incorrect type: ${org.userId}`,
    });
  });

  it('a schema reload picks up a new or relabelled permission set', async () => {
    const dir = path.join(project, 'force-app/main/default/permissionsets');
    const source = readFileSync(path.join(dir, 'Metronome_User.permissionset-meta.xml'), 'utf8');
    writeFileSync(
      path.join(dir, 'Metronome_Auditor.permissionset-meta.xml'),
      source.replace(/<label>[^<]*<\/label>/, '<label>Metronome Auditor</label>'),
    );
    await org.reloadSchema();
    const result = await conn.query<{ Label: string }>(
      "SELECT Label FROM PermissionSet WHERE Name = 'Metronome_Auditor'",
    );
    expect(result.records.map((r) => r.Label)).toEqual(['Metronome Auditor']);
    expect((await conn.query('SELECT Id FROM PermissionSet')).totalSize).toBe(3);
  });
});
