/**
 * The API calls a user would notice (issue 13): records of one object travel together across customer batches, so
 * a first load takes per object ⌈n/200⌉ collections calls (or one Bulk job), a 1% change one call per changed
 * object, and an unchanged re-run nothing but one read (the org's identity, whose answer carries the day's API
 * usage); Bulk jobs read only the results they need.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../scripts/sync/types.ts';
import { diffExpected, expectedRecords, startWorld, type World } from './world.ts';

const collectionsCalls = (world: World) => world.org.callCount('composite.sobjects.upsert');
const sentPerObject = (report: SyncReport) => Object.values(report.objects).map((c) => c.created + c.updated);

describe('Salesforce API calls of a sync', () => {
  let world: World;
  let first: SyncReport;
  let firstCollections: number;

  beforeAll(async () => {
    world = await startWorld({ customers: 40, seed: 21 });
    world.org.resetStats();
    first = await world.sync();
    firstCollections = collectionsCalls(world);
  });
  afterAll(async () => world?.stop());

  it('a first load writes each object in ⌈n/200⌉ collections calls, plus one read', () => {
    const calls = (counts: number[]) => counts.reduce((sum, n) => sum + Math.ceil(n / 200), 0);
    // Records Salesforce refused travelled in the same calls: at most they round a count up.
    expect(firstCollections).toBeGreaterThanOrEqual(calls(sentPerObject(first)));
    expect(firstCollections).toBeLessThanOrEqual(
      calls(Object.values(first.objects).map((c) => c.created + c.updated + c.failed)),
    );
    expect(firstCollections).toBeLessThan(Object.keys(first.objects).length * 2);
    expect(first.apiCalls.salesforce).toBe(firstCollections + 1);
    expect(world.org.callCount('limits')).toBe(0);
  });

  it('an unchanged re-run costs one call and writes nothing', async () => {
    world.org.resetStats();
    const again = await world.sync();
    expect(again.apiCalls.salesforce).toBe(1);
    expect(world.org.stats().writes).toBe(0);
  });

  it('finalizing invoices of customers spread over the account costs one call per changed object, plus one read', async () => {
    const before = await expectedRecords(world);
    const customers = [0, 9, 19, 29, 39].map((i) => world.sandbox.dataset.customerId(i));
    let finalized = 0;
    for (const customerId of customers) {
      try {
        world.sandbox.mutate({ kind: 'statusChange', customerId });
        finalized++;
      } catch {
        // No draft invoice for this customer.
      }
    }
    expect(finalized).toBeGreaterThanOrEqual(3);
    const changedObjects = Object.values(diffExpected(before, await expectedRecords(world))).filter(
      (d) => d.created.length + d.updated.length > 0,
    ).length;
    world.org.resetStats();
    const report = await world.sync();
    expect(world.org.stats().writes).toBe(changedObjects);
    expect(report.apiCalls.salesforce).toBeLessThanOrEqual(changedObjects + 1);
    expect(report.objects['NOME__Metronome_Invoice__c']!.updated).toBe(finalized);
  });
});

describe('Bulk API 2.0 jobs', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ customers: 20, seed: 2 });
  });
  afterAll(async () => world?.stop());

  it('a job of new records reads its successful rows (new Ids) and its failed rows only when it has some', async () => {
    world.org.resetStats();
    const report = await world.sync({ options: { bulkThreshold: 20 } });
    const jobs = world.org.callCount('bulk2.ingest.create');
    expect(jobs).toBeGreaterThan(0);
    const withFailures = new Set(report.recordErrors.filter((e) => e.code !== 'PARENT_NOT_SYNCED').map((e) => e.object))
      .size;
    // One results read per job, one more for each object whose job had failed rows; one status check per job.
    expect(world.org.callCount('bulk2.ingest.results')).toBeLessThanOrEqual(jobs + withFailures);
    expect(world.org.callCount('bulk2.ingest.status')).toBe(jobs);
  });

  it('a job of updates to records the sync knows reads no results at all', async () => {
    world.org.resetStats();
    const report = await world.sync({ full: true, options: { bulkThreshold: 20 } });
    expect(world.org.callCount('bulk2.ingest.create')).toBeGreaterThan(0);
    const failedObjects = new Set(report.recordErrors.map((e) => e.object)).size;
    expect(world.org.callCount('bulk2.ingest.results')).toBeLessThanOrEqual(failedObjects);
    expect(Object.values(report.objects).reduce((n, c) => n + c.updated, 0)).toBeGreaterThan(0);
  });
});
