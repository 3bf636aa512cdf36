import { describe, expect, it } from 'vitest';
import { mirrorDeletions, recordSkipped } from '../../../scripts/sync/phases/deletions.ts';
import { healthyOrg, ORG_ID, testRun, writesSent, type Responder } from './fixtures.ts';

function withOwned(options: Parameters<typeof testRun>[0] = {}) {
  const t = testRun(options);
  const ok = (object: string, key: string, created: boolean) => ({
    object,
    externalId: key,
    sourceId: `src-${key}`,
    hash: 'h',
    success: true,
    sfId: `a00${key}`,
    created,
  });
  t.store.commitOutcomes(
    ORG_ID,
    [ok('P__c', 'p-gone', true), ok('P__c', 'p-kept', true), ok('C__c', 'c-gone', true), ok('C__c', 'found', false)],
    t.run.runId - 1,
  );
  t.run.state.markSeen('P__c', ['p-kept']);
  return t;
}

describe('mirroring deletions', () => {
  it('deletes what the sync created and did not meet, children first; forgets what it only found', async () => {
    const { run, store, sent } = withOwned();
    await mirrorDeletions(run);
    expect(writesSent(sent).map((r) => new URL(r.url).searchParams.get('ids'))).toEqual(['a00c-gone', 'a00p-gone']);
    expect(run.ledger.of('P__c').deleted).toBe(1);
    expect(run.ledger.of('C__c').deleted).toBe(1);
    expect(store.recordCount(ORG_ID)).toBe(1);
  });

  it('a delete Salesforce refuses is reported and the record kept in the state', async () => {
    const refuse: Responder = (request) =>
      request.method === 'DELETE'
        ? [{ success: false, errors: [{ statusCode: 'DELETE_FAILED', message: 'in use', fields: [] }] }]
        : healthyOrg(request);
    const { run, store } = withOwned({ responder: refuse });
    await mirrorDeletions(run);
    expect(run.ledger.errors.map((e) => [e.externalId, e.code, e.message])).toEqual([
      ['c-gone', 'DELETE_FAILED', 'Could not delete: in use'],
      ['p-gone', 'DELETE_FAILED', 'Could not delete: in use'],
    ]);
    expect(store.getRows(ORG_ID, 'P__c', ['p-gone']).size).toBe(1);
  });

  it('a dry run counts the deletions and sends and forgets nothing', async () => {
    const { run, store, sent } = withOwned({ dryRun: true });
    await mirrorDeletions(run);
    expect(run.ledger.of('P__c').deleted + run.ledger.of('C__c').deleted).toBe(2);
    expect(writesSent(sent)).toEqual([]);
    expect(store.recordCount(ORG_ID)).toBe(4);
  });

  it('customers the source skipped are reported as read failures and kept, with the message that no deletion ran', () => {
    const { run } = testRun();
    expect(recordSkipped(run, [])).toBeUndefined();
    const message = recordSkipped(run, [{ customerId: 'cust-1', message: '500 from Metronome' }]);
    expect(message).toMatch(/1 customer\(s\) could not be read .* no deletions/);
    expect(run.ledger.errors[0]).toMatchObject({
      externalId: 'cust-1',
      code: 'METRONOME_READ_FAILED',
      message: expect.stringContaining('500 from Metronome'),
    });
  });
});
