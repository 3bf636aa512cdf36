/**
 * Done-when: a first sync creates exactly the expected records (lookups, picklists, formula, auto-number names);
 * a second sync with no change sends no write call (counted at the local org); validate reports zero drift and
 * names record and field after a hand edit; a bad record is reported with its Metronome ID while the rest lands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getObject } from '../../scripts/metadata/index.ts';
import { expectedRecords, orgExternalIds, startWorld, type World } from './world.ts';

const NS = (name: string) => `NOME__${name}`;

/** `MC-{000000}` → /^MC-\d{6,}$/ */
function autoNumberPattern(displayFormat: string): RegExp {
  const escaped = displayFormat.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{(0+)\}/, (_, zeros: string) => `\\d{${zeros.length},}`)}$`);
}

describe('first sync into an empty org', () => {
  let world: World;
  let expected: Map<string, Map<string, string>>;
  let first: Awaited<ReturnType<World['sync']>>;

  beforeAll(async () => {
    world = await startWorld({ customers: 30 });
    expected = await expectedRecords(world);
    first = await world.sync();
  });
  afterAll(async () => world?.stop());

  it('creates exactly the records Metronome maps to, no more, no less', async () => {
    const actual = await orgExternalIds(world);
    for (const [object, ids] of expected) {
      expect([...(actual.get(object) ?? [])].sort(), object).toEqual([...ids.keys()].sort());
      expect(first.objects[object]!.created, object).toBe(ids.size);
    }
    expect(first.status).toBe('partial'); // the sandbox's deliberately bad records
  });

  it('reports the bad record (Number(16,2) overflow) with its Metronome ID while every other record lands', async () => {
    const bad = world.sandbox.known.outOfRangeInvoiceId;
    const error = first.recordErrors.find((e) => e.metronomeId === bad && e.object === NS('Metronome_Invoice__c'));
    expect(error).toMatchObject({ code: 'NUMBER_OUTSIDE_VALID_RANGE', field: NS('Total__c') });
    const invoices = await world.query<{ NOME__Metronome_Invoice_ID__c: string }>(
      'SELECT NOME__Metronome_Invoice_ID__c FROM NOME__Metronome_Invoice__c',
    );
    expect(invoices.map((r) => r.NOME__Metronome_Invoice_ID__c)).not.toContain(bad);
    expect(invoices.length).toBe(expected.get(NS('Metronome_Invoice__c'))!.size);
  });

  it('sets lookups, picklist values, the formula and auto-number names', async () => {
    const plans = await world.query<{
      Id: string;
      Name: string;
      NOME__Name__c: string;
      NOME__Metronome_Plan_ID__c: string;
    }>('SELECT Id, Name, NOME__Name__c, NOME__Metronome_Plan_ID__c FROM NOME__Metronome_Plan__c');
    const planPattern = autoNumberPattern(getObject(world.schema, 'Metronome_Plan__c').nameField.displayFormat!);
    for (const p of plans) expect(p.Name).toMatch(planPattern);
    const customerPlans = await world.query<Record<string, unknown>>(
      'SELECT Name, NOME__Plan_Name__c, NOME__Plan__r.NOME__Name__c, NOME__Plan__r.NOME__Metronome_Plan_ID__c, NOME__Metronome_Plan_ID__c, NOME__Customer__r.NOME__Metronome_Customer_ID__c FROM NOME__Metronome_Customer_Plan__c',
    );
    expect(customerPlans.length).toBeGreaterThan(0);
    const cpPattern = autoNumberPattern(getObject(world.schema, 'Metronome_Customer_Plan__c').nameField.displayFormat!);
    for (const cp of customerPlans) {
      const plan = cp.NOME__Plan__r as Record<string, string>;
      expect(cp.Name).toMatch(cpPattern);
      expect(plan.NOME__Metronome_Plan_ID__c).toBe(cp.NOME__Metronome_Plan_ID__c);
      expect(cp.NOME__Plan_Name__c).toBe(plan.NOME__Name__c);
      expect((cp.NOME__Customer__r as Record<string, string>).NOME__Metronome_Customer_ID__c).toBeTruthy();
    }
    const statuses = await world.query<{ NOME__Status__c: string; NOME__Metronome_Invoice_ID__c: string }>(
      'SELECT NOME__Status__c, NOME__Metronome_Invoice_ID__c FROM NOME__Metronome_Invoice__c',
    );
    const allowed = getObject(world.schema, 'Metronome_Invoice__c')
      .fields.find((f) => f.name === 'Status__c')!
      .picklist!.values.map((v) => v.fullName);
    for (const s of statuses) expect(allowed).toContain(s.NOME__Status__c);
    expect(
      statuses.find((s) => s.NOME__Metronome_Invoice_ID__c === world.sandbox.known.unknownStatusInvoiceId)
        ?.NOME__Status__c,
    ).toBe('N/A');
    const lines = await world.query<Record<string, unknown>>(
      'SELECT Name, NOME__Invoice__r.NOME__Metronome_Invoice_ID__c, NOME__Metronome_Invoice_ID__c FROM NOME__Metronome_Invoice_Line_Item__c',
    );
    const liPattern = autoNumberPattern(
      getObject(world.schema, 'Metronome_Invoice_Line_Item__c').nameField.displayFormat!,
    );
    for (const l of lines) {
      expect(l.Name).toMatch(liPattern);
      expect((l.NOME__Invoice__r as Record<string, string>).NOME__Metronome_Invoice_ID__c).toBe(
        l.NOME__Metronome_Invoice_ID__c,
      );
    }
  });

  it('the setup page admin query finds the customers of an account', async () => {
    const [link] = await world.query<{ NOME__Account__c: string }>(
      'SELECT NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Account__c != null LIMIT 1',
    );
    const rows = await world.query<Record<string, unknown>>(
      `SELECT NOME__Metronome_Customer_ID__c, NOME__Name__c, NOME__Account__r.Name FROM NOME__Metronome_Customer__c WHERE NOME__Account__r.Id = '${link!.NOME__Account__c}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect((rows[0]!.NOME__Account__r as Record<string, string>).Name).toMatch(/^Account \d+$/);
  });

  it('a second sync with no change sends no write call', async () => {
    world.org.resetStats();
    const second = await world.sync();
    expect(world.org.stats().writes).toBe(0);
    for (const [object, c] of Object.entries(second.objects)) {
      expect(c.created + c.updated + c.deleted, object).toBe(0);
    }
    expect(second.fullSyncReason).toBeUndefined();
  });

  it('validate reports zero drift after a sync', async () => {
    const report = await world.validate();
    expect(report.missing).toEqual([]);
    expect(report.stale).toEqual([]);
    expect(report.orphaned).toEqual([]);
    expect(report.inSync).toBe(true);
  });

  it('validate names the record and the field after a hand edit in the org', async () => {
    const [invoice] = await world.query<{ Id: string; NOME__Metronome_Invoice_ID__c: string }>(
      'SELECT Id, NOME__Metronome_Invoice_ID__c FROM NOME__Metronome_Invoice__c LIMIT 1',
    );
    await world.conn.sobject('NOME__Metronome_Invoice__c').update({ Id: invoice!.Id, NOME__Total__c: 4242.42 });
    const report = await world.validate();
    expect(report.inSync).toBe(false);
    expect(report.stale).toHaveLength(1);
    expect(report.stale[0]).toMatchObject({
      object: NS('Metronome_Invoice__c'),
      externalId: invoice!.NOME__Metronome_Invoice_ID__c,
    });
    expect(report.stale[0]!.differences).toEqual([expect.objectContaining({ field: NS('Total__c'), actual: 4242.42 })]);
  });

  it('an incremental run leaves hand edits and deletions alone; a --full run repairs them and deletes nothing', async () => {
    const [plan] = await world.query<{ Id: string }>('SELECT Id FROM NOME__Metronome_Plan__c LIMIT 1');
    await world.conn.sobject('NOME__Metronome_Plan__c').destroy(plan!.Id);
    const drifted = await world.validate();
    expect(drifted.stale.length + drifted.missing.length).toBeGreaterThanOrEqual(2);
    const incremental = await world.sync({ options: { refreshSampleSize: 0 } });
    expect(Object.values(incremental.objects).reduce((n, c) => n + c.created + c.updated, 0)).toBe(0);
    expect((await world.validate()).inSync).toBe(false);

    const full = await world.sync({ full: true });
    expect(full.fullSyncReason).toMatch(/--full/);
    expect(full.objects[NS('Metronome_Plan__c')]!.created).toBeGreaterThanOrEqual(1);
    expect(Object.values(full.objects).reduce((n, c) => n + c.deleted, 0)).toBe(0);
    expect(await world.validate()).toMatchObject({ inSync: true, missing: [], stale: [], orphaned: [] });
  });
});
