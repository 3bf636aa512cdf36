/**
 * Issue 14 finding 5: a malformed Metronome record (a null ID, a null entry in a list) is that record's error,
 * naming object, ID or position and field; everything else of the run lands, and validate reads the same data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { syncObjects } from '../../scripts/sync/index.ts';
import { CATALOG, startCraftedWorld, wellFormedCustomer, type CraftedWorld } from './proof/crafted-world.ts';

describe('malformed Metronome records', () => {
  let world: CraftedWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('become per-record errors naming object, position and field while the rest lands, in the run and in validate', async () => {
    const customers = [1, 2, 3, 4, 5, 6].map((n) => wellFormedCustomer(n));
    customers[0]!.invoices![0] = { ...(customers[0]!.invoices![0] as object), id: null };
    customers[1]!.creditGrants![0] = { ...(customers[1]!.creditGrants![0] as object), id: null };
    customers[2]!.plans![0] = { ...(customers[2]!.plans![0] as object), id: null };
    (customers[3]!.invoices![0] as { line_items: unknown[] }).line_items.push(null);
    (customers[4]!.customer!.ingest_aliases as unknown[]).push(null);
    world = await startCraftedWorld({ ...CATALOG, customers });

    const report = await world.sync();
    expect(report.message).toBeUndefined();
    expect(report.status).toBe('partial');
    const key = new Map(syncObjects(world.schema).map((o) => [o.apiName, o.externalIdField]));
    const expected = (object: string, where: string) => `${object} ${where} ${key.get(object)} MALFORMED_RECORD`;
    const errors = report.recordErrors.map((e) => `${e.object} ${e.metronomeId} ${e.field ?? ''} ${e.code}`);
    expect(errors.sort()).toEqual(
      [
        expected('NOME__Metronome_Invoice__c', 'customer cust-1 invoices[0]'),
        expected('NOME__Metronome_Credit_Grant__c', 'customer cust-2 credit grants[0]'),
        expected('NOME__Metronome_Customer_Plan__c', 'customer cust-3 plans[0]'),
        expected('NOME__Metronome_Invoice_Line_Item__c', 'invoice inv-4 line_items[2]'),
        expected('NOME__Metronome_Ingest_Alias__c', 'customer cust-5 ingest_aliases[1]'),
      ].sort(),
    );
    expect(report.recordErrorCount).toBe(5);
    for (const e of report.recordErrors) expect(e.message).toMatch(/Metronome sent .* = null/);

    // Everything well-formed landed: six customers, five invoices (one had no ID), their lines, the good grants.
    const count = async (object: string) => (await world!.query<{ Id: string }>(`SELECT Id FROM ${object}`)).length;
    expect(await count('NOME__Metronome_Customer__c')).toBe(6);
    expect(await count('NOME__Metronome_Invoice__c')).toBe(5);
    expect(await count('NOME__Metronome_Invoice_Line_Item__c')).toBe(10);
    expect(await count('NOME__Metronome_Credit_Grant__c')).toBe(5);
    expect(await count('NOME__Metronome_Customer_Plan__c')).toBe(5);
    expect(await count('NOME__Metronome_Ingest_Alias__c')).toBe(6);

    const validation = await world.validate();
    expect({ missing: validation.missing, stale: validation.stale, orphaned: validation.orphaned }).toEqual({
      missing: [],
      stale: [],
      orphaned: [],
    });
    expect(validation.objects['NOME__Metronome_Invoice__c']!.unmappable).toBe(1);
  });

  it('a customer sent without an ID is one error; the other customers land', async () => {
    const customers = [
      wellFormedCustomer(1),
      { ...wellFormedCustomer(2), customer: { ...wellFormedCustomer(2).customer, id: null } },
    ];
    world = await startCraftedWorld({ ...CATALOG, customers });
    const report = await world.sync();
    expect(report.status).toBe('partial');
    expect(report.recordErrors).toEqual([
      expect.objectContaining({
        object: 'NOME__Metronome_Customer__c',
        metronomeId: 'customer',
        code: 'MALFORMED_RECORD',
      }),
    ]);
    expect(await world.query('SELECT Id FROM NOME__Metronome_Customer__c')).toHaveLength(1);
  });
});
