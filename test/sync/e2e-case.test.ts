/**
 * Issue 14 finding 3: customer and line-item IDs are unique case-insensitively in the package (the schema says so),
 * so two Metronome IDs that differ only by case would become one Salesforce record. The second one met is a
 * per-record error naming both; the first lands; validate agrees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG, startCraftedWorld, wellFormedCustomer, type CraftedWorld } from './proof/crafted-world.ts';

describe('external IDs that differ only by case', () => {
  let world: CraftedWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('the second is a clear per-record error, written in a different call or the same', async () => {
    const lower = wellFormedCustomer(1, 'cust-abc');
    lower.customer!.name = 'lower';
    const upper = wellFormedCustomer(2, 'CUST-ABC');
    upper.customer!.name = 'upper';
    world = await startCraftedWorld({ ...CATALOG, customers: [lower, upper] });
    // One customer per batch: the two are written in different calls.
    const report = await world.sync({ options: { customerBatchSize: 1 } });
    expect(report.status).toBe('partial');
    const clash = report.recordErrors.find((e) => e.code === 'DUPLICATE_EXTERNAL_ID');
    expect(clash).toMatchObject({
      object: 'NOME__Metronome_Customer__c',
      externalId: 'CUST-ABC',
      field: 'NOME__Metronome_Customer_ID__c',
    });
    expect(clash!.message).toContain('"cust-abc"');
    expect(clash!.message).toContain('"CUST-ABC"');
    const rows = await world.query<{ NOME__Name__c: string }>('SELECT NOME__Name__c FROM NOME__Metronome_Customer__c');
    expect(rows.map((r) => r.NOME__Name__c)).toEqual(['lower']);
    // Validate counts the refused one as unmappable, not as missing; its children, held back by the run with an
    // error each, are the only records it misses.
    const validation = await world.validate();
    expect({ stale: validation.stale, orphaned: validation.orphaned }).toEqual({ stale: [], orphaned: [] });
    expect(validation.objects['NOME__Metronome_Customer__c']!.unmappable).toBe(1);
    const reported = new Set(report.recordErrors.map((e) => `${e.object} ${e.externalId}`));
    for (const m of validation.missing)
      expect(reported, `${m.object} ${m.externalId}`).toContain(`${m.object} ${m.externalId}`);
    expect(validation.missing.every((m) => m.metronomeId !== 'cust-abc')).toBe(true);
  });

  it("an ID renamed only by case between runs keeps its one record: updated, still the sync's, never deleted", async () => {
    const before = wellFormedCustomer(1, 'cust-abc');
    world = await startCraftedWorld({ ...CATALOG, customers: [before] });
    expect((await world.sync()).status).toBe('succeeded');
    const [created] = await world.query<{ Id: string }>('SELECT Id FROM NOME__Metronome_Customer__c');

    // Metronome now spells the same customer's ID in capitals (and its name changed).
    const renamed = wellFormedCustomer(1, 'CUST-ABC');
    renamed.customer!.name = 'Renamed';
    world.metronome.serve({ ...CATALOG, customers: [renamed] });
    const second = await world.sync();
    expect(second.status).toBe('succeeded');
    expect(second.objects['NOME__Metronome_Customer__c']!.deleted).toBe(0);
    const after = await world.query<{ Id: string; NOME__Name__c: string }>(
      'SELECT Id, NOME__Name__c FROM NOME__Metronome_Customer__c',
    );
    expect(after).toEqual([expect.objectContaining({ Id: created!.Id, NOME__Name__c: 'Renamed' })]);

    // Still the sync's own record: gone from Metronome, it is deleted in Salesforce.
    world.metronome.serve({ ...CATALOG, customers: [] });
    const third = await world.sync();
    expect(third.objects['NOME__Metronome_Customer__c']!.deleted).toBe(1);
    expect(await world.query('SELECT Id FROM NOME__Metronome_Customer__c')).toEqual([]);
  });
});
