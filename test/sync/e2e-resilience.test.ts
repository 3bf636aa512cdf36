/**
 * Done-when: with faults injected on both sides, and with a run killed midway, the next run leaves the org equal
 * to Metronome (validate + direct queries). Also: the API budget stops a run cleanly; a wiped org is detected and
 * fully re-synced; Bulk API 2.0 carries large sets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyncConfig } from '../support/sync-config.ts';
import { expectedRecords, orgExternalIds, startWorld, type World } from './world.ts';
import { DEFAULT_RETRY } from '../../scripts/salesforce/index.ts';
import { spawnNome } from '../support/nome-process.ts';

async function expectOrgEqualsMetronome(world: World) {
  const validation = await world.validate();
  expect({ missing: validation.missing, stale: validation.stale, orphaned: validation.orphaned }).toEqual({
    missing: [],
    stale: [],
    orphaned: [],
  });
  const expected = await expectedRecords(world);
  const actual = await orgExternalIds(world);
  for (const [object, ids] of expected) expect([...actual.get(object)!].sort(), object).toEqual([...ids.keys()].sort());
}

describe('resilience', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('retries through faults on both sides; the next run leaves the org equal to Metronome', async () => {
    world = await startWorld({ customers: 25, seed: 5 });
    const f = world.org.faults;
    f.failNext(2, 'write', 'UNABLE_TO_LOCK_ROW');
    f.failNext(1, 'any', 'INVALID_SESSION_ID');
    f.failNext(2, 'write', 'drop');
    f.failShare(0.25, 'write', '503');
    f.failNext(3, 'read', '503');
    world.sandbox.faults.add({ fault: 'rate_limit', rate: 0.15, retryAfterSeconds: 0 });
    world.sandbox.faults.add({ fault: 'server_error', times: 2 });
    const faulted = await world.sync();
    expect(faulted.message).toBeUndefined();
    expect(['succeeded', 'partial']).toContain(faulted.status);
    expect(world.sandbox.faults.injected).toBeGreaterThan(0);
    f.clear();
    world.sandbox.faults.clear();
    await world.sync();
    await expectOrgEqualsMetronome(world);
  });

  it('a run killed midway is finished by the next run, and what it created is still deleted later', async () => {
    world = await startWorld({ customers: 30, seed: 9 });
    const configFile = writeSyncConfig(world.stateDirectory, {
      e2e: { instanceUrl: world.org.instanceUrl, options: { customerBatchSize: 5, refreshSampleSize: 3 } },
    });
    // Slow writes so the process can be killed between them.
    world.org.faults.failShare(1, 'write', 'slow', { delayMs: 120 });
    world.org.resetStats();
    const child = spawnNome(['sync', 'run', '--env', 'e2e', '--config', configFile, '--json'], {
      env: { ...world.env, NOME_STATE_DIR: world.stateDirectory },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (world.org.stats().writes < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    world.org.faults.clear();
    const writtenBeforeKill = world.org.stats().writes;
    expect(writtenBeforeKill).toBeGreaterThanOrEqual(8);
    const partial = await orgExternalIds(world);
    const expected = await expectedRecords(world);
    const customersBefore = partial.get('NOME__Metronome_Customer__c')!.size;
    expect(customersBefore).toBeGreaterThan(0);
    expect(customersBefore).toBeLessThan(expected.get('NOME__Metronome_Customer__c')!.size);

    const next = await world.sync({ options: { customerBatchSize: 5 } });
    expect(['succeeded', 'partial']).toContain(next.status);
    await expectOrgEqualsMetronome(world);

    // A customer the killed run created is archived: the sync still knows it made it, so it deletes it.
    const victim = [...partial.get('NOME__Metronome_Customer__c')!][0]!;
    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: victim });
    const after = await world.sync();
    expect(after.objects['NOME__Metronome_Customer__c']!.deleted).toBe(1);
    await expectOrgEqualsMetronome(world);
    const history = (await import('../../scripts/sync/state/index.ts')).StateStore.forEnvironment(
      'e2e',
      world.stateDirectory,
    );
    try {
      expect(history.runs(10).map((r) => r.status)).toContain('interrupted');
    } finally {
      history.close();
    }
  });

  it('a run that fails halfway keeps what Salesforce confirmed: the next run sends only the rest', async () => {
    world = await startWorld({ customers: 30, seed: 12 });
    let lineItemCalls = 0;
    // Every write before the line items lands, and the first 200 line items too; then the org refuses every write
    // (503) until cleared: retries run out in the middle of the line items.
    const isLineItemUpsert = (path: string) =>
      path.includes('/composite/sobjects/NOME__Metronome_Invoice_Line_Item__c/');
    world.org.faults.add({
      fault: '503',
      rate: 1,
      match: (r) =>
        r.kind === 'composite.sobjects.upsert' &&
        (lineItemCalls > 1 || (isLineItemUpsert(r.path) && ++lineItemCalls > 1)),
    });
    const failed = await world.sync();
    expect(failed.status).toBe('failed');
    const written = (r: typeof failed) => Object.values(r.objects).reduce((n, c) => n + c.created + c.updated, 0);
    expect(failed.objects['NOME__Metronome_Invoice_Line_Item__c']!.created).toBe(200);
    world.org.faults.clear();
    const next = await world.sync();
    const expected = await expectedRecords(world);
    const total = [...expected.values()].reduce((n, m) => n + m.size, 0);
    expect(written(failed) + written(next)).toBe(total);
    await expectOrgEqualsMetronome(world);
  });

  it('a customer Metronome keeps failing to serve is skipped and reported; that run mirrors no deletions', async () => {
    world = await startWorld({ customers: 15, seed: 14 });
    await world.sync();
    const archived = world.sandbox.dataset.customerId(0);
    world.sandbox.mutate({ kind: 'archiveCustomer', customerId: archived });
    world.sandbox.mutate({ kind: 'renamePlan' });
    // Every credit-grant read fails beyond the SDK's retries: no customer can be read completely.
    world.sandbox.faults.add({ fault: 'server_error', rate: 1, match: 'POST /v1/credits/listGrants' });
    const report = await world.sync({ options: { metronomeMaxRetries: 1 } });
    expect(report.status).toBe('partial');
    expect(report.message).toMatch(/no deletions/);
    expect(report.recordErrors.filter((e) => e.code === 'METRONOME_READ_FAILED').length).toBeGreaterThan(0);
    expect(Object.values(report.objects).reduce((n, c) => n + c.deleted, 0)).toBe(0);
    expect(report.objects['NOME__Metronome_Plan__c']!.updated).toBe(1); // what could be read still lands
    world.sandbox.faults.clear();
    const next = await world.sync();
    expect(next.objects['NOME__Metronome_Customer__c']!.deleted).toBe(1);
    await expectOrgEqualsMetronome(world);
  });

  it('stops cleanly before exceeding the configured share of the daily API budget', async () => {
    world = await startWorld({ customers: 20, seed: 4, dailyApiLimit: 40 });
    world.org.resetStats();
    const report = await world.sync({ options: { maxApiShare: 0.15 } });
    expect(report.status).toBe('stopped');
    expect(report.message).toMatch(/API budget/);
    expect(report.apiCalls.salesforce).toBeLessThanOrEqual(report.apiBudget!.allowedForRun + 1);
    const finished = await world.sync({ options: { maxApiShare: 1 } });
    expect(['succeeded', 'partial']).toContain(finished.status);
    await expectOrgEqualsMetronome(world);
  });

  it("stops cleanly when Salesforce says the org's daily API limit is used up, and the next run carries on", async () => {
    world = await startWorld({ customers: 20, seed: 6 });
    let writes = 0;
    let refused = 0;
    // Salesforce's answer once the daily quota is gone; a retry within the run could not wait it out.
    const quotaGone = (kind: string) => kind.startsWith('composite.sobjects') && ++writes > 3 && ++refused > 0;
    world.org.faults.add({ fault: 'REQUEST_LIMIT_EXCEEDED', rate: 1, match: (r) => quotaGone(r.kind) });
    const stopped = await world.sync();
    expect(stopped.status).toBe('stopped');
    expect(stopped.message).toMatch(/daily API request limit is used up/);
    expect(refused, 'the refused call is not retried').toBeLessThan(DEFAULT_RETRY.attempts);
    world.org.faults.clear();
    const finished = await world.sync();
    expect(['succeeded', 'partial']).toContain(finished.status);
    await expectOrgEqualsMetronome(world);
  });

  it('detects a wiped org (remembered records gone) and falls back to a full sync', async () => {
    world = await startWorld({ customers: 15, seed: 8 });
    await world.sync();
    const plans = await world.query<{ Id: string }>('SELECT Id FROM NOME__Metronome_Plan__c');
    await world.conn.sobject('NOME__Metronome_Plan__c').destroy(plans.map((p) => p.Id));
    const report = await world.sync();
    expect(report.fullSyncReason).toMatch(/gone from the org/);
    expect(report.objects['NOME__Metronome_Plan__c']!.created).toBe(plans.length);
    await expectOrgEqualsMetronome(world);
  });

  it('uses Bulk API 2.0 above the threshold, with the same result', async () => {
    world = await startWorld({ customers: 20, seed: 2 });
    const report = await world.sync({ options: { bulkThreshold: 20 } });
    expect(report.apiCalls.salesforceByKind.bulk).toBeGreaterThan(0);
    expect(report.recordErrors.find((e) => e.metronomeId === world!.sandbox.known.outOfRangeInvoiceId)).toBeTruthy();
    await expectOrgEqualsMetronome(world);
    world.org.resetStats();
    await world.sync({ options: { bulkThreshold: 20 } });
    expect(world.org.stats().writes).toBe(0);
  });
});
