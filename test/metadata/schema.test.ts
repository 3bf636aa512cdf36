import { describe, expect, it } from 'vitest';
import { allFields, applyNamespace, findField, getObject, loadSchema, upsertKeyOf } from '../../scripts/metadata/index.ts';

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
    expect(upsertKeyOf(getObject(schema, 'NOME__Metronome_Customer_Plan__c'))?.apiName).toBe('NOME__Metronome_Customer_Plan_ID__c');
    expect(upsertKeyOf(getObject(schema, 'NOME__Metronome_Invoice_Line_Item__c'))?.apiName).toBe('NOME__Metronome_Invoice_Line_Item_ID__c');
    expect(upsertKeyOf(getObject(schema, 'NOME__Metronome_Ingest_Alias__c'))?.apiName).toBe('NOME__Customer_Ingest_Alias_ID__c');
  });
});
