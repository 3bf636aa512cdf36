/**
 * "Deletions only of records the sync itself created", where the sync cannot see the answer directly: a write
 * call that was retried (an earlier attempt may have created the record) and a write sent by a run that was
 * killed before it learnt the outcome. Both then read `created: false`; a record an admin made earlier with the
 * same external ID must not be claimed, and one the sync's own unanswered send made must be. (The local org's
 * faults refuse a call before applying it, so "applied, answer lost" is exercised through the killed run.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateStore } from '../../scripts/sync/state/index.ts';
import { startWorld, type World } from './world.ts';

const CUSTOMER = 'NOME__Metronome_Customer__c';
const CUSTOMER_KEY = 'NOME__Metronome_Customer_ID__c';

/** A customer record an admin made by hand ten minutes ago, with the external ID Metronome will send. */
async function handMadeEarlier(world: World, customerId: string): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - 10 * 60_000);
  try {
    await world.conn.sobject(CUSTOMER).create({ NOME__Name__c: 'made by an admin', [CUSTOMER_KEY]: customerId });
  } finally {
    vi.useRealTimers();
  }
}

async function customersInOrg(world: World, ids: string[]): Promise<string[]> {
  const rows = await world.query<Record<string, string>>(`SELECT ${CUSTOMER_KEY} FROM ${CUSTOMER}`);
  return rows
    .map((r) => r[CUSTOMER_KEY]!)
    .filter((id) => ids.includes(id))
    .sort();
}

describe('ownership when a write outcome was uncertain', () => {
  let world: World | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await world?.stop();
    world = undefined;
  });

  it('a retried upsert does not claim an older hand-made record; what the sync created is still deleted', async () => {
    world = await startWorld({ customers: 10, seed: 21 });
    const handMade = world.sandbox.dataset.customerId(2);
    const synced = world.sandbox.dataset.customerId(3);
    await handMadeEarlier(world, handMade);
    // The customers' upsert is answered 503 once: the client sends it again.
    let fired = false;
    world.org.faults.add({
      fault: '503',
      rate: 1,
      match: (r) =>
        r.kind === 'composite.sobjects.upsert' && r.path.includes(`/${CUSTOMER}/`) && !fired && (fired = true),
    });
    await world.sync();
    expect(fired).toBe(true);

    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: handMade });
    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: synced });
    const report = await world.sync();
    expect(report.objects[CUSTOMER]!.deleted).toBe(1);
    expect(await customersInOrg(world, [handMade, synced])).toEqual([handMade]);
  });

  it('a run killed after sending claims what it created on the next run, not an older hand-made record', async () => {
    world = await startWorld({ customers: 10, seed: 22 });
    const handMade = world.sandbox.dataset.customerId(2);
    const sentByDeadRun = world.sandbox.dataset.customerId(3);
    await handMadeEarlier(world, handMade);
    const orgId = (await world.query<{ Id: string }>('SELECT Id FROM Organization'))[0]!.Id;
    // A run that recorded its intent to send both customers, sent them, and was killed before any answer.
    const state = StateStore.forEnvironment('e2e', world.stateDirectory);
    try {
      const dead = state.startRun('e2e', orgId, false, 2 ** 22 + 4321);
      state.markIntent(
        orgId,
        [handMade, sentByDeadRun].map((id) => ({ object: CUSTOMER, externalId: id, sourceId: id })),
        dead,
      );
    } finally {
      state.close();
    }
    await world.conn
      .sobject(CUSTOMER)
      .upsert({ NOME__Name__c: 'sent by the killed run', [CUSTOMER_KEY]: sentByDeadRun }, CUSTOMER_KEY);
    await world.sync();

    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: handMade });
    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: sentByDeadRun });
    const report = await world.sync();
    expect(report.objects[CUSTOMER]!.deleted).toBe(1);
    expect(await customersInOrg(world, [handMade, sentByDeadRun])).toEqual([handMade]);
  });
});
