/**
 * Issue 14 findings 4 and 7 (server failure): every Salesforce call is bounded by a timeout and retried with a
 * fresh body. A 503 or a dropped connection on a Bulk CSV upload, or an answer slower than the timeout, does not
 * hang the run; a 500 UNKNOWN_EXCEPTION that persists on one write fails those records, not the run.
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

describe('bounded calls', () => {
  let world: CraftedWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('a 503 and a dropped connection on Bulk CSV uploads are retried with a fresh body; the run finishes', async () => {
    world = await startCraftedWorld({ ...CATALOG, customers: [1, 2, 3, 4].map((n) => wellFormedCustomer(n)) });
    world.org.faults.failNext(1, 'bulk2.ingest.upload', '503');
    world.org.faults.failNext(1, 'bulk2.ingest.upload', 'drop');
    world.org.faults.failNext(1, 'bulk2.ingest.upload', 'lost');
    const started = Date.now();
    const report = await world.sync({ options: { bulkThreshold: 1 } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report.message).toBeUndefined();
    expect(report.status).toBe('succeeded');
    expect(world.org.faults.list()).toEqual([]);
    await inSync(world);
  }, 40_000);

  it('an answer slower than the call timeout is abandoned and the call sent again', async () => {
    world = await startCraftedWorld({ ...CATALOG, customers: [1, 2].map((n) => wellFormedCustomer(n)) });
    world.org.faults.failNext(1, 'composite.sobjects', 'slow', { delayMs: 5_000 });
    world.org.faults.failNext(1, 'query', 'slow', { delayMs: 5_000 });
    const started = Date.now();
    const report = await world.sync({ callTimeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(report.status).toBe('succeeded');
    await inSync(world);
  }, 30_000);

  it('a 500 UNKNOWN_EXCEPTION that persists on one write becomes errors of its records; the rest lands', async () => {
    world = await startCraftedWorld({ ...CATALOG, customers: [1, 2, 3].map((n) => wellFormedCustomer(n)) });
    // Every upsert of invoices fails, through all retries; the other objects are not touched.
    world.org.faults.failShare(
      1,
      (r) => r.kind === 'composite.sobjects.upsert' && r.path.includes('Metronome_Invoice__c/'),
      'UNKNOWN_EXCEPTION',
    );
    const report = await world.sync();
    expect(report.message).toBeUndefined();
    expect(report.status).toBe('partial');
    const invoiceErrors = report.recordErrors.filter((e) => e.object === 'NOME__Metronome_Invoice__c');
    expect(invoiceErrors.map((e) => e.code)).toEqual(['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION']);
    // Their line items wait for them; everything else landed.
    expect(new Set(report.recordErrors.map((e) => e.code))).toEqual(
      new Set(['UNKNOWN_EXCEPTION', 'PARENT_NOT_SYNCED']),
    );
    expect(report.objects['NOME__Metronome_Customer__c']!.created).toBe(3);
    world.org.faults.clear();
    // The next run sends what failed.
    expect((await world.sync()).status).toBe('succeeded');
    await inSync(world);
  }, 30_000);
});
