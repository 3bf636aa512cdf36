/**
 * The money rule end to end, over HTTP: the sandbox serves Metronome's units ("USD (cents)" in integer cents,
 * EUR in whole units, a custom pricing unit), the sync writes what people read: dollars under `USD`, the others as
 * they are under their own name. Compared exactly with the sandbox's raw values, not with the mapping's output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world.ts';

interface Row {
  Metronome: string;
  total: number;
  unit: string;
}

describe('amounts in the org are in the units people read', () => {
  let world: World;
  const raw = new Map<string, { total: number; unit: string }>();

  beforeAll(async () => {
    world = await startWorld({ customers: 20 });
    for (let i = 0; i < world.sandbox.dataset.size; i++) {
      for (const inv of world.sandbox.dataset.invoices(i))
        raw.set(inv.id, { total: inv.total, unit: inv.credit_type.name });
      for (const g of world.sandbox.dataset.creditGrants(i))
        raw.set(g.id, { total: g.grant_amount.amount, unit: g.grant_amount.credit_type.name });
    }
    await world.sync();
  });
  afterAll(async () => world?.stop());

  /** The selected fields of each row, in SELECT order (jsforce adds `attributes`). */
  const rows = async (soql: string) =>
    (await world.query<Record<string, unknown>>(soql)).map((r) =>
      Object.entries(r)
        .filter(([key]) => key !== 'attributes')
        .map(([, value]) => value),
    ) as unknown as [string, number, string][];

  it('stores USD (cents) invoice totals as dollars with the currency USD, whole-unit and custom units as they are', async () => {
    const invoices: Row[] = (
      await rows(
        'SELECT NOME__Metronome_Invoice_ID__c, NOME__Total__c, NOME__Currency__c FROM NOME__Metronome_Invoice__c',
      )
    ).map(([Metronome, total, unit]) => ({ Metronome, total, unit }));
    const seen = new Set<string>();
    for (const inv of invoices) {
      const source = raw.get(inv.Metronome)!;
      seen.add(source.unit);
      if (source.unit === 'USD (cents)') {
        expect(inv, inv.Metronome).toMatchObject({ unit: 'USD', total: Number((source.total / 100).toFixed(2)) });
        // Integer cents become dollars with at most two decimals: nothing lost, nothing invented.
        expect(Math.round(inv.total * 100)).toBe(source.total);
      } else {
        expect(inv, inv.Metronome).toMatchObject({ unit: source.unit, total: source.total });
      }
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['EUR', 'USD (cents)']));
  });

  it('never stores the name "USD (cents)" in any currency field', async () => {
    const fields = [
      ['NOME__Metronome_Invoice__c', 'NOME__Currency__c'],
      ['NOME__Metronome_Invoice_Line_Item__c', 'NOME__Credit_Type_Name__c'],
      ['NOME__Metronome_Credit_Grant__c', 'NOME__Credit_Type__c'],
      ['NOME__Metronome_Credit_Grant__c', 'NOME__Paid_Amount_Currency__c'],
    ];
    for (const [object, field] of fields) {
      const found = await world.query(`SELECT Id FROM ${object} WHERE ${field} = 'USD (cents)'`);
      expect(found, `${object}.${field}`).toEqual([]);
      expect(
        (await world.query(`SELECT Id FROM ${object} WHERE ${field} = 'USD'`)).length,
        `${object}.${field}`,
      ).toBeGreaterThan(0);
    }
  });

  it('stores credit grants in dollars for USD and in compute credits, by name, for the custom unit', async () => {
    const grants = await rows(
      'SELECT NOME__Metronome_Credit_Grant_ID__c, NOME__Initial_Balance__c, NOME__Credit_Type__c FROM NOME__Metronome_Credit_Grant__c',
    );
    expect(grants.length).toBeGreaterThan(3);
    for (const [id, amount, unit] of grants) {
      const source = raw.get(id)!;
      if (source.unit === 'USD (cents)') expect([amount, unit]).toEqual([source.total / 100, 'USD']);
      else expect([amount, unit]).toEqual([source.total, source.unit]);
    }
    expect(grants.some(([, , unit]) => unit.startsWith('Compute credits'))).toBe(true);
  });

  it('an unchanged re-run writes nothing: the converted values are stable', async () => {
    const again = await world.sync();
    const written = Object.values(again.objects).reduce((n, c) => n + c.created + c.updated, 0);
    expect(written).toBe(0);
  });
});
