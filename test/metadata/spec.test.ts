import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findField, getObject, loadSchema } from '../../scripts/metadata/index.ts';

/** The eight objects as Metronome's setup page lists them; the package must match field for field. */
const spec = JSON.parse(readFileSync(new URL('./fixtures/package-spec.json', import.meta.url), 'utf8')) as {
  objects: Record<string, { name: { label: string; type: string }; fields: Record<string, Record<string, unknown>> }>;
};
const schema = loadSchema();

describe('the package objects match the setup page', () => {
  it('declares the NOME namespace', () => {
    expect(schema.namespace).toBe('NOME');
  });

  for (const [objectName, expected] of Object.entries(spec.objects)) {
    describe(objectName, () => {
      const object = getObject(schema, objectName);

      it('has the Name field of the spec', () => {
        expect({ label: object.nameField.label, type: object.nameField.type }).toEqual(expected.name);
        if (object.nameField.type === 'AutoNumber') expect(object.nameField.displayFormat).toMatch(/\{0+\}/);
      });

      it('has exactly the custom fields of the spec', () => {
        expect(object.fields.map((f) => f.apiName).sort()).toEqual(Object.keys(expected.fields).sort());
      });

      for (const [fieldName, want] of Object.entries(expected.fields)) {
        it(`${fieldName} is ${want.type} "${want.label}"`, () => {
          const field = findField(object, fieldName);
          expect(field, `${objectName}.${fieldName} is missing`).toBeDefined();
          if (!field) return;
          expect(field.label).toBe(want.label);
          expect(field.type).toBe(want.type);
          if ('length' in want) expect(field.length).toBe(want.length);
          if ('precision' in want) expect([field.precision, field.scale]).toEqual([want.precision, want.scale]);
          expect(field.externalId).toBe(want.externalId ?? false);
          expect(field.unique).toBe(want.unique ?? false);
          if (want.unique) expect(field.caseSensitive).toBe(want.caseSensitive);
          if (want.referenceTo) {
            expect(field.referenceToApiName).toBe(want.referenceTo);
            expect(field.relationshipName).toBeTruthy();
            expect(field.deleteConstraint).toBe('SetNull');
          }
          if (want.values) {
            expect(field.picklist?.restricted).toBe(true);
            expect(field.picklist?.values.map((v) => v.fullName)).toEqual(want.values);
          }
          if (want.formulaThrough) {
            const lookup = findField(object, want.formulaThrough as string);
            expect(field.formula).toBe(`${lookup?.name.replace(/__c$/, '__r')}.Name__c`);
            expect(field.writable).toBe(false);
          }
          expect(field.description, 'every field carries a description').toBeTruthy();
        });
      }

      it('has a description, a sharing model and an "All" list view of its own fields', () => {
        expect(object.description).toBeTruthy();
        expect(object.sharingModel).toBe('Read');
        const all = object.listViews.find((v) => v.name === 'All');
        expect(all?.filterScope).toBe('Everything');
        expect(all?.columns.length).toBeGreaterThanOrEqual(2);
      });
    });
  }
});

describe('one customer, several accounts', () => {
  const link = getObject(schema, 'NOME__Metronome_Customer_Account__c');

  it('links a Metronome customer to an account through a junction with its own unique external ID', () => {
    expect(findField(link, 'NOME__Customer__c')?.referenceToApiName).toBe('NOME__Metronome_Customer__c');
    expect(findField(link, 'NOME__Account__c')?.referenceToApiName).toBe('Account');
    const key = findField(link, 'NOME__Metronome_Customer_Account_ID__c');
    expect(key).toMatchObject({ externalId: true, unique: true, caseSensitive: true, type: 'Text' });
    expect(findField(link, 'NOME__Is_Primary__c')?.type).toBe('Checkbox');
  });

  it('keeps the customer lookup to its primary account', () => {
    expect(findField(getObject(schema, 'NOME__Metronome_Customer__c'), 'NOME__Account__c')?.referenceToApiName).toBe(
      'Account',
    );
  });
});

describe('the app', () => {
  it('is the Lightning app "Metronome" with a tab for every object', () => {
    const app = schema.applications.find((a) => a.name === 'Metronome');
    expect(app).toMatchObject({ label: 'Metronome', navType: 'Standard', uiType: 'Lightning' });
    for (const object of schema.objects) expect(app?.tabs).toContain(object.name);
    for (const object of schema.objects)
      expect(schema.tabs.find((t) => t.name === object.name)?.customObject).toBe(true);
  });
});
