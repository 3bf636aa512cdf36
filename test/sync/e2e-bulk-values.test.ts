/**
 * Issue 14 finding 2: through Bulk API 2.0 every value means what the record says. An empty text clears the
 * field (an empty CSV cell would leave the old value), a null clears it, and the text "#N/A" (which a CSV cell
 * would turn into a null) lands as that text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG, startCraftedWorld, wellFormedCustomer, type CraftedWorld } from './proof/crafted-world.ts';

describe('Bulk CSV values', () => {
  let world: CraftedWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('an empty text and a null clear the field, "#N/A" text round-trips; validate sees no drift', async () => {
    const customers = [1, 2, 3].map((n) => wellFormedCustomer(n));
    world = await startCraftedWorld({ ...CATALOG, customers });
    const bulk = { options: { bulkThreshold: 1 } };
    expect((await world.sync(bulk)).status).toBe('succeeded');
    expect(world.org.stats().byKind['bulk2.ingest.upload']).toBeGreaterThan(0);

    customers[0]!.customer!.name = '';
    customers[1]!.customer!.name = '#N/A';
    (customers[2]!.invoices![0] as { total: unknown }).total = null;
    (customers[2]!.creditGrants![0] as { reason: unknown }).reason = '';
    world.metronome.serve({ ...CATALOG, customers });
    const second = await world.sync(bulk);
    expect(second.status).toBe('succeeded');

    const names = new Map(
      (
        await world.query<{ NOME__Metronome_Customer_ID__c: string; NOME__Name__c: string | null }>(
          'SELECT NOME__Metronome_Customer_ID__c, NOME__Name__c FROM NOME__Metronome_Customer__c',
        )
      ).map((r) => [r.NOME__Metronome_Customer_ID__c, r.NOME__Name__c]),
    );
    expect(names.get('cust-1')).toBeNull();
    expect(names.get('cust-2')).toBe('#N/A');
    const [invoice] = await world.query<{ NOME__Total__c: number | null }>(
      "SELECT NOME__Total__c FROM NOME__Metronome_Invoice__c WHERE NOME__Metronome_Invoice_ID__c = 'inv-3'",
    );
    expect(invoice!.NOME__Total__c).toBeNull();
    const [grant] = await world.query<{ NOME__Reason__c: string | null }>(
      "SELECT NOME__Reason__c FROM NOME__Metronome_Credit_Grant__c WHERE NOME__Metronome_Credit_Grant_ID__c = 'grant-3'",
    );
    expect(grant!.NOME__Reason__c).toBeNull();

    const validation = await world.validate();
    expect({ missing: validation.missing, stale: validation.stale, orphaned: validation.orphaned }).toEqual({
      missing: [],
      stale: [],
      orphaned: [],
    });
  });
});
