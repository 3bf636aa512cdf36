import { describe, expect, it } from 'vitest';
import { projectCopy } from './broken-copy.ts';
import {
  allFields,
  applyNamespace,
  findField,
  getObject,
  loadSchema,
  objectsParentsFirst,
  upsertKeyOf,
} from '../../scripts/metadata/index.ts';

const schema = loadSchema();

describe('applyNamespace', () => {
  it('prefixes custom names once and leaves standard names alone', () => {
    expect(applyNamespace('NOME', 'Customer__c')).toBe('NOME__Customer__c');
    expect(applyNamespace('NOME', 'Customer__r')).toBe('NOME__Customer__r');
    expect(applyNamespace('NOME', 'NOME__Customer__c')).toBe('NOME__Customer__c');
    expect(applyNamespace('NOME', 'Account')).toBe('Account');
    expect(applyNamespace('', 'Customer__c')).toBe('Customer__c');
  });
});

describe('the schema as an installed org sees it', () => {
  const grant = getObject(schema, 'NOME__Metronome_Credit_Grant__c');

  it('finds objects and fields by source or API name, in any case', () => {
    expect(getObject(schema, 'metronome_credit_grant__c')).toBe(grant);
    expect(findField(grant, 'nome__customer__c')).toBe(findField(grant, 'Customer__c'));
  });

  it('names both directions of a lookup with the namespace', () => {
    expect(findField(grant, 'Customer__c')).toMatchObject({
      referenceToApiName: 'NOME__Metronome_Customer__c',
      parentRelationshipApiName: 'NOME__Customer__r',
      childRelationshipApiName: 'NOME__Credit_Grants__r',
    });
  });

  it('lists the Name field first and marks what cannot be written', () => {
    const plan = getObject(schema, 'NOME__Metronome_Customer_Plan__c');
    expect(allFields(plan)[0]).toMatchObject({ apiName: 'Name', type: 'AutoNumber', writable: false });
    expect(findField(plan, 'Plan_Name__c')?.writable).toBe(false);
    expect(findField(plan, 'Starting_On__c')?.writable).toBe(true);
  });

  it('picks the unique external ID as the upsert key, not the non-unique one', () => {
    expect(upsertKeyOf(getObject(schema, 'NOME__Metronome_Customer_Plan__c'))?.apiName).toBe(
      'NOME__Metronome_Customer_Plan_ID__c',
    );
    expect(upsertKeyOf(getObject(schema, 'NOME__Metronome_Invoice_Line_Item__c'))?.apiName).toBe(
      'NOME__Metronome_Invoice_Line_Item_ID__c',
    );
    expect(upsertKeyOf(getObject(schema, 'NOME__Metronome_Ingest_Alias__c'))?.apiName).toBe(
      'NOME__Customer_Ingest_Alias_ID__c',
    );
  });
});

describe('objectsParentsFirst', () => {
  it('puts every object after the package objects it looks up', () => {
    const ordered = objectsParentsFirst(schema);
    expect(ordered).toHaveLength(schema.objects.length);
    const position = new Map(ordered.map((o, i) => [o.apiName, i]));
    for (const object of ordered) {
      for (const field of object.fields) {
        const parent = field.referenceToApiName && position.get(field.referenceToApiName);
        if (parent !== undefined && parent !== '' && field.referenceToApiName !== object.apiName) {
          expect(parent, `${object.apiName} before its parent ${field.referenceToApiName}`).toBeLessThan(
            position.get(object.apiName)!,
          );
        }
      }
    }
    expect(ordered.at(-1)?.apiName).toBe('NOME__Metronome_Invoice_Line_Item__c');
  });

  it('survives a lookup cycle', () => {
    const cyclic = structuredClone(schema);
    const plan = getObject(cyclic, 'NOME__Metronome_Plan__c');
    plan.fields.push({
      ...getObject(cyclic, 'NOME__Metronome_Invoice__c').fields.find((f) => f.name === 'Metronome_Plan__c')!,
      name: 'Last_Invoice__c',
      apiName: 'NOME__Last_Invoice__c',
      referenceTo: 'Metronome_Invoice__c',
      referenceToApiName: 'NOME__Metronome_Invoice__c',
    });
    expect(
      objectsParentsFirst(cyclic)
        .map((o) => o.apiName)
        .sort(),
    ).toEqual(schema.objects.map((o) => o.apiName).sort());
  });
});

describe('fixed-size types', () => {
  it('gives a Text Area its fixed 255 characters, which its metadata does not state', () => {
    const copy = projectCopy();
    try {
      copy.write(
        copy.fieldFile('Metronome_Plan__c', 'Notes__c'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Notes__c</fullName>\n    <label>Notes</label>\n    <type>TextArea</type>\n</CustomField>\n',
      );
      expect(findField(getObject(loadSchema(copy.dir), 'Metronome_Plan__c'), 'Notes__c')).toMatchObject({
        type: 'TextArea',
        length: 255,
      });
    } finally {
      copy.remove();
    }
  });
});
