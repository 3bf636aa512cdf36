import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, errorOf, login, startOrg, type Connection } from './helpers.ts';

type Result = {
  id?: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
};

describe('local org: sObject Collections', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
  });
  afterAll(() => org.stop());
  beforeEach(() => org.resetStats());

  const count = async (where = '') => (await conn.query(`SELECT COUNT() FROM ${INVOICE} ${where}`)).totalSize;

  it('create with allOrNone:false commits the valid records and reports the others in request order', async () => {
    const results = (await conn
      .sobject(INVOICE)
      .create(
        [
          { Name: 'ok-1', NOME__Metronome_Invoice_ID__c: 'c-1' },
          { Name: 'bad', NOME__Status__c: 'NOPE' },
          { Name: 'ok-2' },
        ],
        { allOrNone: false },
      )) as Result[];
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1].errors[0]).toEqual({
      statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Status: bad value for restricted picklist field: NOPE',
      fields: ['NOME__Status__c'],
    });
    expect(await count("WHERE Name LIKE 'ok-%'")).toBe(2);
    expect(org.stats().byKind['composite.sobjects.create']).toBe(1);
  });

  it('create with allOrNone:true commits nothing: the culprit has its error, the others ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
    const before = await count();
    const results = (await conn
      .sobject(INVOICE)
      .create([{ Name: 'aon-1' }, { NOME__Total__c: 5 }, { Name: 'aon-3' }], { allOrNone: true })) as Result[];
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    for (const i of [0, 2]) {
      expect(results[i].errors[0]).toEqual({
        statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
        fields: [],
      });
    }
    expect(await count()).toBe(before);
  });

  it('update (lowercase id as jsforce sends) and delete, both ways', async () => {
    const created = (await conn.sobject(INVOICE).create([{ Name: 'u-1' }, { Name: 'u-2' }])) as Result[];
    const ids = created.map((r) => r.id!);
    const aon = (await conn.sobject(INVOICE).update(
      [
        { Id: ids[0], Name: 'u-1b' },
        { Id: ids[1], NOME__Total__c: 1e15 },
      ],
      { allOrNone: true },
    )) as Result[];
    expect(aon.map((r) => r.errors[0].statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'NUMBER_OUTSIDE_VALID_RANGE',
    ]);
    expect(await conn.sobject(INVOICE).retrieve(ids[0])).toMatchObject({ Name: 'u-1' });
    const partial = (await conn.sobject(INVOICE).update(
      [
        { Id: ids[0], Name: 'u-1c' },
        { Id: ids[1], NOME__Total__c: 1e15 },
      ],
      { allOrNone: false },
    )) as Result[];
    expect(partial.map((r) => r.success)).toEqual([true, false]);
    expect(await conn.sobject(INVOICE).retrieve(ids[0])).toMatchObject({ Name: 'u-1c' });

    const del = (await conn.sobject(INVOICE).destroy([ids[0], 'a0X000000000000AAA'], { allOrNone: true })) as Result[];
    expect(del.map((r) => r.success)).toEqual([false, false]);
    expect((await conn.sobject(INVOICE).retrieve(ids[0])) as object).toBeTruthy();
    const del2 = (await conn.sobject(INVOICE).destroy([ids[0], ids[1]])) as Result[];
    expect(del2.map((r) => r.success)).toEqual([true, true]);
  });

  it('upsert: created flags, parent references by external ID, a duplicate external ID in one call, allOrNone both ways', async () => {
    await conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'cust-1' });
    const first = (await conn.sobject(INVOICE).upsert(
      [
        {
          Name: 'i-1',
          NOME__Metronome_Invoice_ID__c: 'inv-1',
          NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'cust-1' },
        },
        {
          Name: 'i-2',
          NOME__Metronome_Invoice_ID__c: 'inv-2',
          NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'missing' },
        },
      ],
      'NOME__Metronome_Invoice_ID__c',
      { allOrNone: false },
    )) as unknown as Result[];
    expect(first[0]).toMatchObject({ success: true, created: true });
    expect(first[1].errors[0]).toEqual({
      statusCode: 'INVALID_FIELD',
      message: `Foreign key external ID: missing not found for field NOME__Metronome_Customer_ID__c in entity ${CUSTOMER}`,
      fields: [],
    });
    const again = (await conn.sobject(INVOICE).upsert(
      [
        { Name: 'i-1b', NOME__Metronome_Invoice_ID__c: 'inv-1' },
        { Name: 'i-3', NOME__Metronome_Invoice_ID__c: 'inv-3' },
      ],
      'NOME__Metronome_Invoice_ID__c',
    )) as unknown as Result[];
    expect(again.map((r) => r.created)).toEqual([false, true]);
    expect(again[0].id).toBe(first[0].id);

    const dup = (await conn.sobject(INVOICE).upsert(
      [
        { Name: 'd', NOME__Metronome_Invoice_ID__c: 'inv-9' },
        { Name: 'd', NOME__Metronome_Invoice_ID__c: 'inv-9' },
      ],
      'NOME__Metronome_Invoice_ID__c',
    )) as unknown as Result[];
    expect(dup[0].errors[0]).toMatchObject({
      statusCode: 'DUPLICATE_VALUE',
      message: 'Duplicate external id specified: inv-9',
    });

    const aon = (await conn.sobject(INVOICE).upsert(
      [
        { Name: 'n', NOME__Metronome_Invoice_ID__c: 'inv-10' },
        { Name: 'n', NOME__Metronome_Invoice_ID__c: 'inv-11', NOME__Status__c: 'bad' },
      ],
      'NOME__Metronome_Invoice_ID__c',
      { allOrNone: true },
    )) as unknown as Result[];
    expect(aon.map((r) => r.errors[0]?.statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    ]);
    expect(await count("WHERE NOME__Metronome_Invoice_ID__c = 'inv-10'")).toBe(0);
  });

  // As the REST API Developer Guide's examples word them: an ID of another object names the Id field's label
  // ("Contact ID: id value of incorrect type: 001…", fields [Id]); a string that is no ID is "malformed id …".
  it("an ID of another object and a malformed ID, worded as Salesforce's examples", async () => {
    const account = await conn.sobject('Account').create({ Name: 'Collections A' });
    const contact = await conn.sobject('Contact').create({ LastName: 'Collections C' });
    const [update] = (await conn.sobject('Contact').update([{ Id: account.id!, LastName: 'x' }])) as Result[];
    expect(update.errors).toEqual([
      { statusCode: 'MALFORMED_ID', message: `Contact ID: id value of incorrect type: ${account.id}`, fields: ['Id'] },
    ]);
    const [invoice] = (await conn.sobject(INVOICE).update([{ Id: contact.id!, Name: 'x' }])) as Result[];
    expect(invoice.errors[0].message).toBe(`Record ID: id value of incorrect type: ${contact.id}`);
    const [gone] = (await conn.sobject('Account').destroy(['001RM000003oLrB000'])) as Result[];
    expect(gone.errors).toEqual([
      { statusCode: 'MALFORMED_ID', message: 'malformed id 001RM000003oLrB000', fields: [] },
    ]);
  });

  it('more than 200 records answers EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      Name: `x${i}`,
      NOME__Metronome_Invoice_ID__c: `big-${i}`,
    }));
    const e = await errorOf(conn.sobject(INVOICE).upsert(records, 'NOME__Metronome_Invoice_ID__c'));
    expect(e).toMatchObject({
      errorCode: 'EXCEEDED_ID_LIMIT',
      message: 'record limit reached. cannot submit more than 200 records into this call',
    });
    expect(await count("WHERE NOME__Metronome_Invoice_ID__c LIKE 'big-%'")).toBe(0);
    const ok = (await conn
      .sobject(INVOICE)
      .upsert(records.slice(0, 200), 'NOME__Metronome_Invoice_ID__c')) as unknown as Result[];
    expect(ok.filter((r) => r.success)).toHaveLength(200);
  });
});
