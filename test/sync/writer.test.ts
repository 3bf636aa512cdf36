import { describe, expect, it } from 'vitest';
import { chooseApi, parseBulkError, toCsvRows, toSObject } from '../../scripts/sync/writer.ts';

const record = {
  object: 'NOME__Metronome_Invoice__c',
  externalIdField: 'NOME__Metronome_Invoice_ID__c',
  externalId: 'inv-1',
  sourceId: 'inv-1',
  fields: { NOME__Total__c: 12.5, NOME__Start__c: null, NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c-1' }, NOME__Status__c: 'DRAFT' },
};

describe('writer', () => {
  it('JSON bodies keep parent references nested; CSV turns them into relationship columns and nulls into #N/A', () => {
    expect(toSObject(record)).toMatchObject({ NOME__Metronome_Invoice_ID__c: 'inv-1', NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c-1' } });
    const { columns, rows } = toCsvRows([record]);
    expect(columns).toContain('NOME__Customer__r.NOME__Metronome_Customer_ID__c');
    expect(rows[0]).toMatchObject({ NOME__Total__c: '12.5', NOME__Start__c: '#N/A', 'NOME__Customer__r.NOME__Metronome_Customer_ID__c': 'c-1' });
  });

  it('chooses Bulk API 2.0 from the threshold up', () => {
    expect(chooseApi(1999, 2000)).toBe('collections');
    expect(chooseApi(2000, 2000)).toBe('bulk');
  });

  it('reads Bulk 2.0 failed-row errors into code, message and field', () => {
    expect(parseBulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --')).toEqual({ code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', field: 'Name' });
    expect(parseBulkError('NUMBER_OUTSIDE_VALID_RANGE:Total: value outside of valid range on numeric field: 1e16:NOME__Total__c --')).toMatchObject({ code: 'NUMBER_OUTSIDE_VALID_RANGE', field: 'NOME__Total__c' });
  });

});
