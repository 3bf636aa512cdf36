/** Done-when: linked-only mode syncs only linked customers; a customer with two accounts yields both links. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceId18 } from '../../scripts/mapping/index.ts';
import { expectedRecords, orgExternalIds, startWorld, type World } from './world.ts';

describe('customer selection', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ customers: 20, seed: 3 });
  });
  afterAll(async () => world?.stop());

  it('linked-only mode syncs only customers linked to Salesforce, with their children', async () => {
    const report = await world.sync({ selection: 'linked', name: 'linked' });
    expect(report.status).not.toBe('failed');
    const ids = await orgExternalIds(world);
    const customers = [...ids.get('NOME__Metronome_Customer__c')!];
    const expected = await expectedRecords(world, 'linked');
    expect(customers.sort()).toEqual([...expected.get('NOME__Metronome_Customer__c')!.keys()].sort());
    expect(customers).not.toContain(world.sandbox.known.unlinkedCustomerId);
    expect(customers).toContain(world.sandbox.known.customFieldOnlyCustomerId);
    const all = await expectedRecords(world, 'all');
    expect(customers.length).toBeLessThan(all.get('NOME__Metronome_Customer__c')!.size);
    // Every child record in the org belongs to a linked customer.
    const invoices = await world.query<{ NOME__Customer__r: { NOME__Metronome_Customer_ID__c: string } }>(
      'SELECT NOME__Customer__r.NOME__Metronome_Customer_ID__c FROM NOME__Metronome_Invoice__c',
    );
    for (const i of invoices) expect(customers).toContain(i.NOME__Customer__r.NOME__Metronome_Customer_ID__c);
    expect((await world.validate({ selection: 'linked' })).inSync).toBe(true);
  });

  it('a customer linked to several accounts gets one link per account, the primary flagged', async () => {
    const id = world.sandbox.known.multiAccountCustomerId;
    const customer = await world.sandbox.dataset.customer(world.sandbox.dataset.customerIndexOf(id)!);
    const links = await world.query<{
      NOME__Account__c: string;
      NOME__Is_Primary__c: boolean;
      NOME__Metronome_Customer_Account_ID__c: string;
    }>(
      `SELECT NOME__Account__c, NOME__Is_Primary__c, NOME__Metronome_Customer_Account_ID__c FROM NOME__Metronome_Customer_Account__c WHERE NOME__Customer__r.NOME__Metronome_Customer_ID__c = '${id}'`,
    );
    expect(links.length).toBeGreaterThanOrEqual(2);
    const primary = toSalesforceId18(customer.customer_config!.salesforce_account_id!);
    expect(links.filter((l) => l.NOME__Is_Primary__c).map((l) => l.NOME__Account__c)).toEqual([primary]);
    for (const l of links) expect(l.NOME__Metronome_Customer_Account_ID__c).toBe(`${id}:${l.NOME__Account__c}`);
    const [row] = await world.query<{ NOME__Account__c: string }>(
      `SELECT NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Metronome_Customer_ID__c = '${id}'`,
    );
    expect(row!.NOME__Account__c).toBe(primary);
  });

  it('links removed in Metronome are deleted from the org (only those)', async () => {
    // A fresh org: every record there is this environment's own.
    await world.stop();
    world = await startWorld({ customers: 20, seed: 3 });
    await world.sync({ name: 'links' });
    const before = await world.query<{ NOME__Metronome_Customer_Account_ID__c: string; NOME__Is_Primary__c: boolean }>(
      'SELECT NOME__Metronome_Customer_Account_ID__c, NOME__Is_Primary__c FROM NOME__Metronome_Customer_Account__c',
    );
    expect(before.some((l) => !l.NOME__Is_Primary__c)).toBe(true);
    // The further accounts live in a customer custom field; reading another field drops every non-primary link.
    const report = await world.sync({ name: 'links', options: { extraAccountsField: 'no_such_field' } });
    const after = await world.query<{ NOME__Metronome_Customer_Account_ID__c: string; NOME__Is_Primary__c: boolean }>(
      'SELECT NOME__Metronome_Customer_Account_ID__c, NOME__Is_Primary__c FROM NOME__Metronome_Customer_Account__c',
    );
    expect(after.map((l) => l.NOME__Metronome_Customer_Account_ID__c).sort()).toEqual(
      before
        .filter((l) => l.NOME__Is_Primary__c)
        .map((l) => l.NOME__Metronome_Customer_Account_ID__c)
        .sort(),
    );
    expect(report.objects['NOME__Metronome_Customer_Account__c']!.deleted).toBe(before.length - after.length);
    for (const [object, c] of Object.entries(report.objects))
      if (object !== 'NOME__Metronome_Customer_Account__c') expect(c.deleted, object).toBe(0);
  });
});
