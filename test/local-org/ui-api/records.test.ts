/**
 * UI API records, as `getRecord` (lightning/uiRecordApi) reads them: the Record shape of the UI API reference
 * (https://developer.salesforce.com/docs/atlas.en-us.uiapi.meta/uiapi/ui_api_responses_record.htm) with
 * Field Values {value, displayValue} (ui_api_responses_field_value.htm: displayValue formats dates and currency,
 * is the related record's name for relationships, and is null when the value is null).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import { INVOICE, startOrg } from '../helpers.ts';
import { seed, uiApi, type Seeded } from './seed.ts';

describe('local org UI API: records', () => {
  let org: LocalOrg;
  let s: Seeded;

  beforeAll(async () => {
    org = await startOrg();
    s = await seed(org);
  });
  afterAll(async () => org?.stop());

  it('answers what getRecord asks for: fields and optional fields, with nested relationship records', async () => {
    const { status, body } = await uiApi(
      org,
      `records/${s.accounts.acme}?fields=Account.Name,Account.AnnualRevenue,Account.Owner.Name&optionalFields=Account.Nope__c,Account.Type`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      apiName: 'Account',
      id: s.accounts.acme,
      childRelationships: {},
      recordTypeId: '012000000000000AAA',
      lastModifiedById: org.userId,
      fields: {
        Name: { value: 'Acme Corp', displayValue: null },
        AnnualRevenue: { value: 1250000, displayValue: '$1,250,000' },
        Type: { value: 'Customer - Direct', displayValue: 'Customer - Direct' },
        Owner: {
          displayValue: 'Local Admin',
          value: { apiName: 'User', id: org.userId, fields: { Name: { value: 'Local Admin', displayValue: null } } },
        },
      },
    });
    expect(Object.keys(body.fields).sort()).toEqual(['AnnualRevenue', 'Name', 'Owner', 'Type']);
    expect(body.lastModifiedDate).toMatch(/Z$/);
    expect(body.weakEtag).toBe(Date.parse(body.systemModstamp));
    expect(typeof body.eTag).toBe('string');
  });

  it('formats dates and picklists, and answers a missing parent as a null value', async () => {
    const { body } = await uiApi(
      org,
      `records/${s.invoices[2]}?fields=${INVOICE}.NOME__Start__c,${INVOICE}.NOME__Status__c,${INVOICE}.NOME__Metronome_Plan__r.NOME__Name__c,${INVOICE}.NOME__Customer__r.NOME__Account__r.Name`,
    );
    expect(body.fields).toMatchObject({
      NOME__Start__c: { value: '2025-12-01', displayValue: '12/1/2025' },
      NOME__Status__c: { value: 'VOID', displayValue: 'VOID' },
      NOME__Metronome_Plan__r: { value: null, displayValue: null },
      NOME__Customer__r: {
        displayValue: expect.stringMatching(/^MC-/),
        value: { fields: { NOME__Account__r: { displayValue: 'Acme Corp' } } },
      },
    });
  });

  it('answers 404 for an unknown record and 400 for an unknown required field', async () => {
    const missing = await uiApi(org, `records/${s.accounts.acme.slice(0, 3)}e00000099999AAA?fields=Account.Name`);
    expect(missing).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND' }] });
    const garbage = await uiApi(org, 'records/not-an-id?fields=Account.Name');
    expect(garbage.status).toBe(404);
    const badField = await uiApi(org, `records/${s.accounts.acme}?fields=Account.Nope__c`);
    expect(badField).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_FIELD', message: expect.stringContaining('Account.Nope__c') }],
    });
  });

  it('reads several records of several objects in one batch, each with its own status', async () => {
    const ids = [s.accounts.acme, s.invoices[0], `${s.accounts.acme.slice(0, 3)}e00000099999AAA`].join(',');
    const { status, body } = await uiApi(org, `records/batch/${ids}?fields=Account.Name,${INVOICE}.NOME__Total__c`);
    expect(status).toBe(200);
    expect(body.results.map((r: { statusCode: number }) => r.statusCode)).toEqual([200, 200, 404]);
    expect(body.results[0].result.fields).toEqual({ Name: { value: 'Acme Corp', displayValue: null } });
    expect(body.results[1].result.fields).toEqual({ NOME__Total__c: { value: 9999.44, displayValue: null } });
  });
});
