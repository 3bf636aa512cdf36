/**
 * Issue 14 finding 1: a record created by a send whose answer never came (here: a Bulk job that applied its rows
 * and was then reported Failed; the crash soak does the same with killed runs) is resolved against the org before
 * anything is forgotten: when it leaves Metronome it is deleted, `run --full` counts it as the sync's own, and
 * validate never calls it an orphan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG, startCraftedWorld, wellFormedCustomer, type CraftedWorld } from './proof/crafted-world.ts';

const inSync = async (world: CraftedWorld) => {
  const validation = await world.validate();
  expect({ missing: validation.missing, stale: validation.stale, orphaned: validation.orphaned }).toEqual({
    missing: [],
    stale: [],
    orphaned: [],
  });
};

describe('unanswered creations', () => {
  let world: CraftedWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('records a Failed Bulk job created are deleted when they leave Metronome', async () => {
    const customers = [1, 2, 3, 4].map((n) => wellFormedCustomer(n));
    world = await startCraftedWorld({ ...CATALOG, customers });
    world.org.faults.failShare(1, 'bulk2.ingest.status', 'JOB_FAILED');
    const failed = await world.sync({ options: { bulkThreshold: 1 } });
    expect(failed.status).toBe('partial');
    // The jobs fail; the children of records whose job failed are held back.
    expect(new Set(failed.recordErrors.map((e) => e.code))).toEqual(new Set(['BULK_JOB_FAILED', 'PARENT_NOT_SYNCED']));
    // The jobs' rows were applied although the jobs were reported Failed.
    expect(await world.query('SELECT Id FROM NOME__Metronome_Customer__c')).toHaveLength(4);
    world.org.faults.clear();

    // Customer 4 leaves Metronome before any run hears what the jobs did.
    world.metronome.serve({ ...CATALOG, customers: customers.slice(0, 3) });
    const next = await world.sync();
    expect(next.status).toBe('succeeded');
    expect(next.objects['NOME__Metronome_Customer__c']!.deleted).toBe(1);
    await inSync(world);
    expect(
      await world.query("SELECT Id FROM NOME__Metronome_Customer__c WHERE NOME__Metronome_Customer_ID__c = 'cust-4'"),
    ).toHaveLength(0);
  });

  it("run --full claims them as the sync's own, so they are deleted later", async () => {
    const customers = [1, 2].map((n) => wellFormedCustomer(n));
    world = await startCraftedWorld({ ...CATALOG, customers });
    world.org.faults.failShare(1, 'bulk2.ingest.status', 'JOB_FAILED');
    await world.sync({ options: { bulkThreshold: 1 } });
    world.org.faults.clear();
    const full = await world.sync({ full: true });
    expect(full.status).toBe('succeeded');
    world.metronome.serve({ ...CATALOG, customers: customers.slice(0, 1) });
    const after = await world.sync();
    expect(after.objects['NOME__Metronome_Customer__c']!.deleted).toBe(1);
    await inSync(world);
  });
});
