/**
 * Write queues larger than memory (issue 13): with a spill threshold far below the account's size, a first load
 * still sends each object as one Bulk job and leaves the org and the state exactly as a run that never spilled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncObjects } from '../../scripts/sync/objects.ts';
import { StateStore } from '../../scripts/sync/state/index.ts';
import type { SyncReport } from '../../scripts/sync/types.ts';
import { expectedRecords, orgExternalIds, startWorld, type World } from './world.ts';

describe('a first load larger than the spill threshold', () => {
  let world: World;
  let expected: Map<string, Map<string, string>>;
  let report: SyncReport;

  beforeAll(async () => {
    world = await startWorld({ customers: 30, seed: 13 });
    expected = await expectedRecords(world);
    report = await world.sync({ options: { maxQueuedRecords: 40, bulkThreshold: 20 } });
  });
  afterAll(async () => world?.stop());

  it('makes exactly one Bulk job per object that reaches the threshold', async () => {
    const jobs = (await world.conn.request<{ records: { object: string; operation: string }[] }>(
      '/services/data/v62.0/jobs/ingest',
    )) as { records: { object: string; operation: string }[] };
    const perObject = new Map<string, number>();
    for (const j of jobs.records) perObject.set(j.object, (perObject.get(j.object) ?? 0) + 1);
    const total = [...expected.values()].reduce((n, ids) => n + ids.size, 0);
    expect(total).toBeGreaterThan(5 * 40); // the queues spilled several times over
    const large = [...expected].filter(([, ids]) => ids.size >= 20).map(([object]) => object);
    expect(large.length).toBeGreaterThan(2);
    for (const object of large) expect(perObject.get(object), object).toBe(1);
    for (const [object, n] of perObject) expect(n, object).toBe(1);
  });

  it('lands every record, and the state holds each one with its Id, digest and ownership', async () => {
    expect(report.status).toBe('partial'); // the sandbox's deliberately bad records only
    const failed = new Set(report.recordErrors.map((e) => `${e.object}/${e.externalId}`));
    const actual = await orgExternalIds(world);
    const store = StateStore.forEnvironment('e2e', world.stateDirectory);
    try {
      for (const o of syncObjects(world.schema)) {
        const want = [...(expected.get(o.apiName) ?? new Map())].filter(([id]) => !failed.has(`${o.apiName}/${id}`));
        expect([...(actual.get(o.apiName) ?? [])].sort(), o.apiName).toEqual(want.map(([id]) => id).sort());
        const orgIds = new Map(
          (await world.query<Record<string, string>>(`SELECT Id, ${o.externalIdField} FROM ${o.apiName}`)).map((r) => [
            r[o.externalIdField]!,
            r.Id!,
          ]),
        );
        const rows = store.getRows(report.orgId, o.apiName, [...orgIds.keys()]);
        for (const [id, digest] of want) {
          expect(rows.get(id), `${o.apiName} ${id}`).toMatchObject({
            sfId: orgIds.get(id),
            hash: digest,
            owned: true,
            intentRun: null,
          });
        }
      }
    } finally {
      store.close();
    }
  });

  it('an unchanged re-run after it writes nothing', async () => {
    world.org.resetStats();
    const again = await world.sync({ options: { maxQueuedRecords: 40, bulkThreshold: 20 } });
    expect(world.org.stats().writes).toBe(0);
    expect(Object.values(again.objects).reduce((n, c) => n + c.created + c.updated, 0)).toBe(0);
  });
});
