import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import type { PermissionSetDef } from '../../scripts/metadata/index.ts';

const schema = loadSchema();
const permissionSet = (name: string): PermissionSetDef => {
  const found = schema.permissionSets.find((p) => p.name === name);
  if (!found) throw new Error(`no permission set ${name}`);
  return found;
};
const fieldKeys = (object: (typeof schema.objects)[number]) => object.fields.map((f) => `${object.name}.${f.name}`);

describe('Metronome User', () => {
  const user = permissionSet('Metronome_User');

  it('is labelled "Metronome User" and makes the Metronome app visible', () => {
    expect(user.label).toBe('Metronome User');
    expect(user.applicationVisibilities).toEqual([{ application: 'Metronome', visible: true }]);
  });

  it('reads every Metronome object and nothing more', () => {
    expect(user.objectPermissions.map((p) => p.object).sort()).toEqual(schema.objects.map((o) => o.name).sort());
    for (const p of user.objectPermissions) {
      expect(p, p.object).toMatchObject({
        allowRead: true,
        allowCreate: false,
        allowEdit: false,
        allowDelete: false,
        modifyAllRecords: false,
      });
    }
  });

  it('reads every Metronome field and edits none', () => {
    const expected = schema.objects.flatMap(fieldKeys).sort();
    expect(user.fieldPermissions.map((f) => f.field).sort()).toEqual(expected);
    expect(user.fieldPermissions.every((f) => f.readable && !f.editable)).toBe(true);
  });

  it('shows every tab of the app', () => {
    const appTabs =
      schema.applications.find((a) => a.name === 'Metronome')?.tabs.filter((t) => !t.startsWith('standard-')) ?? [];
    const visible = user.tabSettings.filter((t) => t.visibility === 'Visible').map((t) => t.tab);
    for (const tab of appTabs) expect(visible).toContain(tab);
  });
});

describe('Metronome Integration', () => {
  const integration = permissionSet('Metronome_Integration');

  it('creates, edits and deletes every Metronome object, whoever owns the record', () => {
    for (const object of schema.objects) {
      const p = integration.objectPermissions.find((o) => o.object === object.name);
      expect(p, object.name).toMatchObject({
        allowRead: true,
        allowCreate: true,
        allowEdit: true,
        allowDelete: true,
        viewAllRecords: true,
        modifyAllRecords: true,
      });
    }
  });

  it('only reads Account (to set account lookups) and touches no other object', () => {
    const others = integration.objectPermissions.filter((p) => !schema.objects.some((o) => o.name === p.object));
    expect(others).toEqual([
      {
        object: 'Account',
        allowRead: true,
        allowCreate: false,
        allowEdit: false,
        allowDelete: false,
        viewAllRecords: false,
        modifyAllRecords: false,
      },
    ]);
  });

  it('edits every writable field and only reads formulas', () => {
    for (const object of schema.objects) {
      for (const field of object.fields) {
        const p = integration.fieldPermissions.find((f) => f.field === `${object.name}.${field.name}`);
        expect(p, `${object.name}.${field.name}`).toMatchObject({ readable: true, editable: field.writable });
      }
    }
    expect(integration.fieldPermissions).toHaveLength(schema.objects.flatMap(fieldKeys).length);
  });

  it('grants no app and no tab: it is for an API user', () => {
    expect(integration.applicationVisibilities).toEqual([]);
    expect(integration.tabSettings).toEqual([]);
  });
});
