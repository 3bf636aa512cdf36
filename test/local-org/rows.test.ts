import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import {
  BILLABLE_METRIC,
  CUSTOMER,
  CUSTOMER_PLAN,
  INVOICE,
  LINE_ITEM,
  PLAN,
  errorOf,
  login,
  startOrg,
  type Connection,
} from './helpers.ts';

describe('local org: describe', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
  });
  afterAll(() => org.stop());

  it('describeGlobal lists the package objects with one a0 key prefix each, and the standard objects', async () => {
    const global = await conn.describeGlobal();
    const byName = new Map(global.sobjects.map((s) => [s.name, s]));
    expect(byName.get('Account')?.keyPrefix).toBe('001');
    expect(byName.get('User')?.keyPrefix).toBe('005');
    expect(byName.get('Organization')?.keyPrefix).toBe('00D');
    const custom = global.sobjects.filter((s) => s.custom);
    expect(custom).toHaveLength(9);
    expect(custom.every((s) => /^a0[0-9A-Za-z]$/.test(s.keyPrefix ?? ''))).toBe(true);
    expect(new Set(custom.map((s) => s.keyPrefix)).size).toBe(9);
  });

  it('describe reports field types, lengths, precision, external IDs, uniqueness, formulas, auto numbers and relationships from force-app', async () => {
    const d = await conn.sobject(INVOICE).describe();
    const f = (name: string) => d.fields.find((x) => x.name === name)!;
    expect(f('Id')).toMatchObject({ type: 'id', createable: false, nillable: false });
    expect(f('Name')).toMatchObject({ type: 'string', length: 80, nameField: true, createable: true, nillable: false });
    expect(f('NOME__Total__c')).toMatchObject({ type: 'double', precision: 16, scale: 2, createable: true });
    expect(f('NOME__Start__c').type).toBe('date');
    expect(f('NOME__Metronome_Invoice_ID__c')).toMatchObject({
      type: 'string',
      length: 255,
      externalId: true,
      unique: true,
      caseSensitive: true,
      idLookup: true,
    });
    expect(f('NOME__Status__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect(f('NOME__Status__c').picklistValues!.map((p) => p.value)).toContain('FINALIZED');
    expect(f('NOME__Customer__c')).toMatchObject({
      type: 'reference',
      referenceTo: [CUSTOMER],
      relationshipName: 'NOME__Customer__r',
    });
    expect(f('CreatedDate').type).toBe('datetime');

    const cp = await conn.sobject(CUSTOMER_PLAN).describe();
    expect(cp.fields.find((x) => x.name === 'NOME__Plan_Name__c')).toMatchObject({
      calculated: true,
      createable: false,
      updateable: false,
      type: 'string',
    });
    expect(cp.fields.find((x) => x.name === 'Name')).toMatchObject({ autoNumber: true, createable: false });
    const customer = await conn.sobject(CUSTOMER).describe();
    expect(customer.fields.find((x) => x.name === 'NOME__Metronome_Customer_ID__c')).toMatchObject({
      unique: true,
      caseSensitive: false,
      externalId: true,
      length: 50,
    });
    expect(customer.childRelationships.map((c) => c.relationshipName)).toContain('NOME__Invoices__r');
    expect(customer.urls.sobject).toMatch(new RegExp(`/services/data/v50.0/sobjects/${CUSTOMER}$`));
  });

  it('an unknown object answers NOT_FOUND', async () => {
    expect((await errorOf(conn.sobject('Nope__c').describe())).errorCode).toBe('NOT_FOUND');
  });
});

describe('local org: rows', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
  });
  afterAll(() => org.stop());

  it('create, retrieve, update and delete with Salesforce value formats and audit fields', async () => {
    const created = await conn.sobject(INVOICE).create({
      Name: 'INV-1',
      NOME__Metronome_Invoice_ID__c: 'inv-1',
      NOME__Total__c: 12.345,
      NOME__Start__c: '2026-11-01',
      NOME__Status__c: 'DRAFT',
    });
    expect(created.success).toBe(true);
    expect(created.id).toMatch(/^a0[0-9A-Za-z]{16}$/);
    const row = (await conn.sobject(INVOICE).retrieve(created.id!)) as Record<string, unknown>;
    expect(row).toMatchObject({
      Id: created.id,
      Name: 'INV-1',
      NOME__Total__c: 12.35,
      NOME__Start__c: '2026-11-01',
      IsDeleted: false,
      OwnerId: org.userId,
      CreatedById: org.userId,
    });
    expect(row.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    await conn.sobject(INVOICE).update({ Id: created.id!, NOME__Total__c: -1.005, NOME__Status__c: 'VOID' });
    expect(await conn.sobject(INVOICE).retrieve(created.id!)).toMatchObject({
      NOME__Total__c: -1.01,
      NOME__Status__c: 'VOID',
    });
    await conn.sobject(INVOICE).destroy(created.id!);
    expect((await errorOf(conn.sobject(INVOICE).retrieve(created.id!))).errorCode).toBe('NOT_FOUND');
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(
      `SELECT Id, IsDeleted FROM ${INVOICE} WHERE Id = '${created.id}'`,
      { scanAll: true },
    );
    expect(all.records).toEqual([expect.objectContaining({ Id: created.id, IsDeleted: true })]);
    expect((await conn.query(`SELECT Id FROM ${INVOICE}`)).totalSize).toBe(0);
  });

  it('deleting a parent clears the lookups that point at it', async () => {
    const customer = await conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'to-delete' });
    const inv = await conn.sobject(INVOICE).create({ Name: 'child', NOME__Customer__c: customer.id });
    await conn.sobject(CUSTOMER).destroy(customer.id!);
    expect(await conn.sobject(INVOICE).retrieve(inv.id!)).toMatchObject({ NOME__Customer__c: null });
  });

  it('DateTime values are normalized to UTC with milliseconds and +0000', async () => {
    const c = await conn
      .sobject('NOME__Metronome_Credit_Grant__c')
      .create({ Name: 'G', NOME__Effective_Date__c: '2026-11-24T08:00:00+01:00' });
    expect(await conn.sobject('NOME__Metronome_Credit_Grant__c').retrieve(c.id!)).toMatchObject({
      NOME__Effective_Date__c: '2026-11-24T07:00:00.000+0000',
    });
  });

  it('upsert by external ID: 201 created, 200 updated, 300 several matches, 404 unknown field, parent references by external ID', async () => {
    const acct = await conn.sobject('Account').create({ Name: 'Acme' });
    const first = await conn
      .sobject(CUSTOMER)
      .upsert(
        { NOME__Metronome_Customer_ID__c: 'cust-a', NOME__Name__c: 'A', NOME__Account__c: acct.id },
        'NOME__Metronome_Customer_ID__c',
      );
    expect(first).toMatchObject({ success: true, created: true });
    const second = await conn
      .sobject(CUSTOMER)
      .upsert({ NOME__Metronome_Customer_ID__c: 'cust-a', NOME__Name__c: 'A2' }, 'NOME__Metronome_Customer_ID__c');
    expect(second).toMatchObject({ id: first.id, success: true, created: false });
    const plan = await conn.sobject(PLAN).create({ NOME__Metronome_Plan_ID__c: 'plan-x', NOME__Name__c: 'Gold' });
    const link = await conn.sobject(CUSTOMER_PLAN).upsert(
      {
        NOME__Metronome_Customer_Plan_ID__c: 'cp-1',
        NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'cust-a' },
        NOME__Plan__r: { NOME__Metronome_Plan_ID__c: 'plan-x' },
        NOME__Metronome_Plan_ID__c: 'plan-x',
      },
      'NOME__Metronome_Customer_Plan_ID__c',
    );
    expect(await conn.sobject(CUSTOMER_PLAN).retrieve(link.id!)).toMatchObject({
      NOME__Customer__c: first.id,
      NOME__Plan__c: plan.id,
    });
    const missing = await errorOf(
      conn.sobject(CUSTOMER_PLAN).upsert(
        {
          NOME__Metronome_Customer_Plan_ID__c: 'cp-2',
          NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'nobody' },
        },
        'NOME__Metronome_Customer_Plan_ID__c',
      ),
    );
    expect(missing.errorCode).toBe('INVALID_FIELD');
    expect(missing.message).toBe(
      `Foreign key external ID: nobody not found for field NOME__Metronome_Customer_ID__c in entity ${CUSTOMER}`,
    );

    // NOME__Metronome_Plan_ID__c is an external ID without uniqueness: two rows share it.
    await conn
      .sobject(CUSTOMER_PLAN)
      .create({ NOME__Metronome_Customer_Plan_ID__c: 'cp-3', NOME__Metronome_Plan_ID__c: 'plan-x' });
    const multiple = await errorOf(
      conn.sobject(CUSTOMER_PLAN).upsert({ NOME__Metronome_Plan_ID__c: 'plan-x' }, 'NOME__Metronome_Plan_ID__c'),
    );
    expect(multiple.errorCode).toBe('MULTIPLE_CHOICES');
    const res = await fetch(
      `${org.instanceUrl}/services/data/v50.0/sobjects/${CUSTOMER_PLAN}/NOME__Metronome_Plan_ID__c/plan-x`,
      {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
        body: '{}',
      },
    );
    expect(res.status).toBe(300);
    expect(((await res.json()) as string[])[0]).toMatch(
      new RegExp(`^/services/data/v50.0/sobjects/${CUSTOMER_PLAN}/a0`),
    );
    const unknown = await errorOf(conn.sobject(CUSTOMER).upsert({ Nope__c: 'x' }, 'Nope__c'));
    expect(unknown.errorCode).toBe('NOT_FOUND');
  });

  it('delete by external ID: the field name in any case, 404 for an unknown field or value, 300 for several matches', async () => {
    const url = (field: string, value: string) =>
      `${org.instanceUrl}/services/data/v60.0/sobjects/${CUSTOMER_PLAN}/${field}/${value}`;
    const del = (field: string, value: string) =>
      fetch(url(field, value), { method: 'DELETE', headers: { Authorization: `Bearer ${org.accessToken}` } });
    const made = await conn
      .sobject(CUSTOMER_PLAN)
      .create({ NOME__Metronome_Customer_Plan_ID__c: 'cp-del', NOME__Metronome_Plan_ID__c: 'plan-del' });
    await conn
      .sobject(CUSTOMER_PLAN)
      .create({ NOME__Metronome_Customer_Plan_ID__c: 'cp-del-2', NOME__Metronome_Plan_ID__c: 'plan-del' });
    const several = await del('NOME__Metronome_Plan_ID__c', 'plan-del');
    expect(several.status).toBe(300);
    expect(((await several.json()) as string[]).length).toBe(2);
    const unknownField = await del('NOME__Plan_Name__c', 'x');
    expect(unknownField.status).toBe(404);
    expect(((await unknownField.json()) as { errorCode: string }[])[0].errorCode).toBe('NOT_FOUND');
    expect((await del('NOME__Metronome_Customer_Plan_ID__c', 'nobody')).status).toBe(404);
    expect((await del('nome__metronome_customer_plan_id__c', 'cp-del')).status).toBe(204);
    expect((await errorOf(conn.sobject(CUSTOMER_PLAN).retrieve(made.id!))).errorCode).toBe('NOT_FOUND');
  });

  it('upsert values are taken from the URL unencoded, as jsforce sends them', async () => {
    const r = await conn
      .sobject(CUSTOMER)
      .upsert(
        { NOME__Metronome_Customer_ID__c: 'cust with space', NOME__Name__c: 'S' },
        'NOME__Metronome_Customer_ID__c',
      );
    expect((await conn.sobject(CUSTOMER).retrieve(r.id!)) as Record<string, unknown>).toMatchObject({
      NOME__Metronome_Customer_ID__c: 'cust with space',
    });
  });

  it('formula values are computed at read time from parent paths, and auto numbers follow the display format per object', async () => {
    const plan = await conn.sobject(PLAN).create({ NOME__Metronome_Plan_ID__c: 'plan-f', NOME__Name__c: 'Silver' });
    const a = await conn
      .sobject(CUSTOMER_PLAN)
      .create({ NOME__Metronome_Customer_Plan_ID__c: 'cp-f1', NOME__Plan__c: plan.id });
    const b = await conn.sobject(CUSTOMER_PLAN).create({ NOME__Metronome_Customer_Plan_ID__c: 'cp-f2' });
    const rows = await conn.query<{ Id: string; Name: string; NOME__Plan_Name__c: string | null }>(
      `SELECT Id, Name, NOME__Plan_Name__c FROM ${CUSTOMER_PLAN} WHERE Id IN ('${a.id}', '${b.id}') ORDER BY Name`,
    );
    expect(rows.records.map((r) => r.NOME__Plan_Name__c)).toEqual(['Silver', null]);
    expect(rows.records.every((r) => /^CP-\d{6}$/.test(r.Name))).toBe(true);
    const [na, nb] = rows.records.map((r) => Number(r.Name.slice(3)));
    expect(nb).toBe(na + 1);
    await conn.sobject(PLAN).update({ Id: plan.id!, NOME__Name__c: 'Platinum' });
    expect(await conn.sobject(CUSTOMER_PLAN).retrieve(a.id!)).toMatchObject({ NOME__Plan_Name__c: 'Platinum' });
    const li = await conn.sobject(LINE_ITEM).create({ NOME__Metronome_Invoice_Line_Item_ID__c: 'li-1' });
    expect(((await conn.sobject(LINE_ITEM).retrieve(li.id!)) as { Name: string }).Name).toBe('LI-00000001');
  });
});

describe('local org: error codes', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
  });
  afterAll(() => org.stop());

  const invoice = (more: Record<string, unknown>) => conn.sobject(INVOICE).create({ Name: 'I', ...more });

  it('STRING_TOO_LONG with Salesforce message and field', async () => {
    const e = await errorOf(conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'x'.repeat(51) }));
    expect(e).toMatchObject({
      errorCode: 'STRING_TOO_LONG',
      message: `Metronome Customer ID: data value too large: ${'x'.repeat(51)} (max length=50)`,
    });
  });

  it('NUMBER_OUTSIDE_VALID_RANGE for more than 14 integer digits in Number(16,2)', async () => {
    await invoice({ NOME__Total__c: 99999999999999.99 });
    const e = await errorOf(invoice({ NOME__Total__c: 123456789012345 }));
    expect(e.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(e.message).toMatch(/value outside of valid range on numeric field: 123456789012345$/);
  });

  it('DUPLICATE_VALUE honours case sensitivity: case-insensitive unique treats ABC/abc as duplicates', async () => {
    const first = await conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'ABC' });
    const e = await errorOf(conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'abc' }));
    // The duplicated record named by its 15-character ID, as Salesforce's answers quoted in public client suites do.
    expect(e).toMatchObject({
      errorCode: 'DUPLICATE_VALUE',
      message: `duplicate value found: NOME__Metronome_Customer_ID__c duplicates value on record with id: ${first.id!.slice(0, 15)}`,
    });
    // Case-sensitive unique: ABC and abc are different values.
    await invoice({ NOME__Metronome_Invoice_ID__c: 'ABC' });
    expect((await invoice({ NOME__Metronome_Invoice_ID__c: 'abc' })).success).toBe(true);
    expect((await errorOf(invoice({ NOME__Metronome_Invoice_ID__c: 'ABC' }))).errorCode).toBe('DUPLICATE_VALUE');
    // And upsert matches accordingly.
    const up = await conn
      .sobject(CUSTOMER)
      .upsert({ NOME__Metronome_Customer_ID__c: 'abc', NOME__Name__c: 'matched' }, 'NOME__Metronome_Customer_ID__c');
    expect(up).toMatchObject({ id: first.id, created: false });
  });

  it('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', async () => {
    const e = await errorOf(invoice({ NOME__Status__c: 'PAID' }));
    expect(e).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Status: bad value for restricted picklist field: PAID',
    });
  });

  it('REQUIRED_FIELD_MISSING for a Text Name', async () => {
    const e = await errorOf(conn.sobject(INVOICE).create({ NOME__Total__c: 1 }));
    expect(e).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]' });
  });

  it('INVALID_FIELD for an unknown column', async () => {
    const e = await errorOf(invoice({ Bogus__c: 1 }));
    expect(e).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: `No such column 'Bogus__c' on sobject of type ${INVOICE}`,
    });
    expect((await errorOf(conn.query(`SELECT Bogus__c FROM ${INVOICE}`))).errorCode).toBe('INVALID_FIELD');
  });

  it('INVALID_FIELD_FOR_INSERT_UPDATE for auto number and formula fields', async () => {
    const e = await errorOf(conn.sobject(CUSTOMER_PLAN).create({ Name: 'CP-9', NOME__Plan_Name__c: 'x' }));
    expect(e.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(e.message).toBe(
      'Unable to create/update fields: Name, NOME__Plan_Name__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
    );
  });

  // Worded with the field's label, as "Status Codes and Error Responses" (REST API Developer Guide) shows it for
  // MALFORMED_ID ("Account ID: id value of incorrect type: …"); the ID of another object is a
  // FIELD_INTEGRITY_EXCEPTION with the same words.
  it('FIELD_INTEGRITY_EXCEPTION for the ID of another object, MALFORMED_ID for no ID at all', async () => {
    const acct = await conn.sobject('Account').create({ Name: 'A' });
    const e = await errorOf(invoice({ NOME__Customer__c: acct.id }));
    expect(e).toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: `Metronome Customer: id value of incorrect type: ${acct.id}`,
      data: { fields: ['NOME__Customer__c'] },
    });
    expect(await errorOf(invoice({ NOME__Customer__c: 'garbage' }))).toMatchObject({
      errorCode: 'MALFORMED_ID',
      message: 'Metronome Customer: id value of incorrect type: garbage',
      data: { fields: ['NOME__Customer__c'] },
    });
    const contact = await errorOf(conn.sobject('Contact').create({ LastName: 'C', AccountId: 'nope' }));
    expect(contact).toMatchObject({
      errorCode: 'MALFORMED_ID',
      message: 'Account ID: id value of incorrect type: nope',
    });
  });

  it('DUPLICATE_EXTERNAL_ID when an upsert key matches several rows (300 on a single upsert)', async () => {
    // NOME__Metronome_Plan_ID__c is an external ID without uniqueness, so two rows may share it.
    await conn.sobject(CUSTOMER_PLAN).create([
      { NOME__Metronome_Customer_Plan_ID__c: 'p', NOME__Metronome_Plan_ID__c: 'x' },
      { NOME__Metronome_Customer_Plan_ID__c: 'r', NOME__Metronome_Plan_ID__c: 'x' },
    ]);
    expect(
      (
        await errorOf(
          conn.sobject(CUSTOMER_PLAN).upsert({ NOME__Metronome_Plan_ID__c: 'x' }, 'NOME__Metronome_Plan_ID__c'),
        )
      ).errorCode,
    ).toBe('MULTIPLE_CHOICES');
    const [r] = (await conn
      .sobject(CUSTOMER_PLAN)
      .upsert([{ NOME__Metronome_Plan_ID__c: 'x' }], 'NOME__Metronome_Plan_ID__c')) as unknown as {
      success: boolean;
      errors: { statusCode: string; message: string }[];
    }[];
    expect(r.success).toBe(false);
    expect(r.errors[0].statusCode).toBe('DUPLICATE_EXTERNAL_ID');
    expect(r.errors[0].message).toMatch(
      /^Metronome Plan ID: more than one record found for external id field: \[a0\w+, a0\w+\]$/,
    );
  });

  it('JSON_PARSER_ERROR for the whole call; INVALID_CROSS_REFERENCE_KEY and ENTITY_IS_DELETED, per record in collections', async () => {
    const e = await errorOf(invoice({ NOME__Total__c: 'lots' }));
    expect(e).toMatchObject({
      errorCode: 'JSON_PARSER_ERROR',
      message: expect.stringContaining('Cannot deserialize instance of double from VALUE_STRING value lots'),
    });
    const gone = await conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'gone' });
    await conn.sobject(CUSTOMER).destroy(gone.id!);
    const [orphan] = (await conn
      .sobject(INVOICE)
      .create([{ Name: 'orphan', NOME__Customer__c: gone.id }])) as unknown as {
      success: boolean;
      errors: { statusCode: string; message: string; fields: string[] }[];
    }[];
    expect(orphan).toMatchObject({
      success: false,
      errors: [
        {
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id',
          fields: ['NOME__Customer__c'],
        },
      ],
    });
    const [again] = (await conn.sobject(CUSTOMER).destroy([gone.id!])) as unknown as {
      id: string;
      success: boolean;
      errors: { statusCode: string }[];
    }[];
    expect(again).toMatchObject({ id: gone.id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED' }] });
  });

  it('NOT_FOUND for a missing row and INVALID_TYPE for an unknown object in SOQL', async () => {
    expect((await errorOf(conn.sobject(INVOICE).retrieve('a0000000000000AAAA'))).errorCode).toBe('NOT_FOUND');
    expect((await errorOf(conn.query('SELECT Id FROM Nope__c'))).errorCode).toBe('INVALID_TYPE');
    expect((await errorOf(conn.query('SELECT FROM'))).errorCode).toBe('MALFORMED_QUERY');
  });

  it('writes and reads of the billable metric object round-trip', async () => {
    const r = await conn
      .sobject(BILLABLE_METRIC)
      .create({ Name: 'calls', NOME__Metronome_Billable_Metric_ID__c: 'bm-1' });
    expect(r.success).toBe(true);
  });
});
