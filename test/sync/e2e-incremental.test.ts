/**
 * Done-when: after changes in the sandbox (new invoice, status change, archived customer, removed line item,
 * renamed plan, new alias) exactly those records change and nothing else is written; a dry run reports the same
 * changes and writes nothing.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffExpected, expectedRecords, orgExternalIds, startWorld, type World } from './world.ts';

describe('incremental sync after sandbox mutations', () => {
  let world: World;
  let diff: ReturnType<typeof diffExpected>;

  beforeAll(async () => {
    world = await startWorld({ customers: 30, seed: 11 });
    await world.sync();
    const before = await expectedRecords(world);
    world.sandbox.mutate({ kind: 'newInvoice' });
    world.sandbox.mutate({ kind: 'statusChange' });
    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: world.sandbox.dataset.customerId(10) });
    world.sandbox.mutate({ kind: 'removeLineItem' });
    world.sandbox.mutate({ kind: 'renamePlan' });
    world.sandbox.mutate({ kind: 'newAlias' });
    diff = diffExpected(before, await expectedRecords(world));
  });
  afterAll(async () => world?.stop());

  it('the mutations change something of every kind (the oracle sees them)', () => {
    const count = (k: 'created' | 'updated' | 'deleted') => Object.values(diff).reduce((n, d) => n + d[k].length, 0);
    expect(count('created')).toBeGreaterThan(1);
    expect(count('updated')).toBeGreaterThan(1);
    expect(count('deleted')).toBeGreaterThan(1);
    expect(diff['NOME__Metronome_Customer__c']!.deleted).toEqual([world.sandbox.dataset.customerId(10)]);
    expect(diff['NOME__Metronome_Ingest_Alias__c']!.created).toHaveLength(1);
    expect(diff['NOME__Metronome_Plan__c']!.updated).toHaveLength(1);
  });

  it('a dry run reports exactly those changes and writes nothing, to the org or to the state', async () => {
    // The state is shared with a real run that may be going on: a dry run marking records seen under its own run
    // would make that run take them for gone from Metronome and delete them.
    const stateRows = () => {
      const db = new DatabaseSync(path.join(world.stateDirectory, 'e2e.sqlite'), { readOnly: true });
      try {
        return ['records', 'orgs', 'record_errors'].map((table) =>
          db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
        );
      } finally {
        db.close();
      }
    };
    const before = stateRows();
    world.org.resetStats();
    const report = await world.sync({ dryRun: true });
    expect(world.org.stats().writes).toBe(0);
    expect(stateRows()).toEqual(before);
    for (const [object, d] of Object.entries(diff)) {
      const c = report.objects[object]!;
      expect({ created: c.created, updated: c.updated, deleted: c.deleted }, object).toEqual({
        created: d.created.length,
        updated: d.updated.length,
        deleted: d.deleted.length,
      });
    }
  });

  it('the sync writes exactly those records, and the org then equals Metronome', async () => {
    world.org.resetStats();
    const report = await world.sync();
    for (const [object, d] of Object.entries(diff)) {
      const c = report.objects[object]!;
      expect({ created: c.created, updated: c.updated, deleted: c.deleted }, object).toEqual({
        created: d.created.length,
        updated: d.updated.length,
        deleted: d.deleted.length,
      });
    }
    const upserted = Object.values(diff).reduce((n, d) => n + d.created.length + d.updated.length, 0);
    const stats = world.org.stats();
    // Every write call carried changed records only: collections calls ≤ one per changed object, plus deletes.
    const objectsWithUpserts = Object.values(diff).filter((d) => d.created.length + d.updated.length > 0).length;
    const objectsWithDeletes = Object.values(diff).filter((d) => d.deleted.length > 0).length;
    expect(stats.writes).toBe(objectsWithUpserts + objectsWithDeletes);
    expect(upserted).toBeGreaterThan(0);
    const ids = await orgExternalIds(world);
    for (const [object, d] of Object.entries(diff)) {
      for (const id of [...d.created, ...d.updated]) expect(ids.get(object)!.has(id), `${object} ${id}`).toBe(true);
      for (const id of d.deleted) expect(ids.get(object)!.has(id), `${object} ${id}`).toBe(false);
    }
    expect((await world.validate()).inSync).toBe(true);
  });

  it('deletes only records the sync created: a hand-made record survives', async () => {
    await world.conn
      .sobject('NOME__Metronome_Billable_Metric__c')
      .create({ Name: 'made by an admin', NOME__Metronome_Billable_Metric_ID__c: 'admin-made-1' });
    const report = await world.sync();
    expect(report.objects['NOME__Metronome_Billable_Metric__c']!.deleted).toBe(0);
    const rows = await world.query(
      "SELECT Id FROM NOME__Metronome_Billable_Metric__c WHERE NOME__Metronome_Billable_Metric_ID__c = 'admin-made-1'",
    );
    expect(rows).toHaveLength(1);
    const validation = await world.validate();
    expect(validation.orphaned.map((o) => o.externalId)).toEqual(['admin-made-1']);
  });
});
