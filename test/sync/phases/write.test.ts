import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../../scripts/sync/phases/context.ts';
import { WriteQueues } from '../../../scripts/sync/phases/queues.ts';
import { queueBatch } from '../../../scripts/sync/phases/write.ts';
import type { MappedBatch } from '../../../scripts/sync/types.ts';
import { childRecord, healthyOrg, ORG_ID, parentRecord, testRun, writesSent, type Responder } from './fixtures.ts';

async function writeBatch(run: RunContext, batch: MappedBatch) {
  const queues = new WriteQueues(run);
  queueBatch(run, queues, batch);
  await queues.flush();
}

const objectOf = (url: string) => url.split('/composite/sobjects/')[1]?.split('/')[0];

describe('write phase', () => {
  it('writes parents before children, commits what Salesforce confirmed, and counts it', async () => {
    const { run, store, sent } = testRun();
    await writeBatch(run, { records: [childRecord('c1', 'p1'), parentRecord('p1')], errors: [] });
    expect(writesSent(sent).map((r) => objectOf(r.url))).toEqual(['P__c', 'C__c']);
    expect(run.ledger.of('P__c')).toMatchObject({ read: 1, created: 1 });
    expect(run.ledger.of('C__c')).toMatchObject({ read: 1, created: 1 });
    expect(store.getRows(ORG_ID, 'C__c', ['c1']).get('c1')).toMatchObject({ owned: true, intentRun: null });
  });

  it('a record Salesforce refuses is reported and stored, its children held back, the others written', async () => {
    const refuseP2: Responder = (request) => {
      const body = request.body as { records?: Record<string, string>[] };
      if (objectOf(request.url) !== 'P__c') return healthyOrg(request);
      return body.records!.map((r) =>
        r.PK__c === 'p2'
          ? { success: false, errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'no', fields: ['Name'] }] }
          : { id: 'a00000000000009AAA', success: true, created: true, errors: [] },
      );
    };
    const { run, store } = testRun({ responder: refuseP2 });
    await writeBatch(run, {
      records: [parentRecord('p1'), parentRecord('p2'), childRecord('c1', 'p1'), childRecord('c2', 'p2')],
      errors: [],
    });
    expect(run.ledger.errors.map((e) => [e.externalId, e.code])).toEqual([
      ['p2', 'FIELD_INTEGRITY_EXCEPTION'],
      ['c2', 'PARENT_NOT_SYNCED'],
    ]);
    expect(run.ledger.of('C__c')).toMatchObject({ created: 1, failed: 1 });
    expect(
      store
        .errors(ORG_ID)
        .map((e) => e.externalId)
        .sort(),
    ).toEqual(['c2', 'p2']);
  });

  it('what the mapping could not build is reported and kept from deletion; warnings are counted', async () => {
    const { run, store } = testRun();
    store.commitOutcomes(
      ORG_ID,
      [
        {
          object: 'P__c',
          externalId: 'broken',
          sourceId: 'src-broken',
          hash: 'h',
          success: true,
          sfId: 'a001',
          created: true,
        },
      ],
      run.runId - 1,
    );
    const error = {
      object: 'P__c',
      externalId: 'broken',
      sourceId: 'src-broken',
      code: 'INVALID_DATE',
      field: 'D__c',
      message: 'bad date',
    };
    const warning = { object: 'P__c', sourceId: 'src-w', code: 'TRUNCATED', message: 'cut' };
    await writeBatch(run, { records: [], errors: [error], warnings: [warning] });
    expect(run.ledger.of('P__c')).toMatchObject({ read: 1, failed: 1 });
    expect(run.ledger.warningCount).toBe(1);
    expect(run.state.unseenOwned('P__c')).toEqual([]);
  });

  it('a dry run counts what it would create and update, and sends and stores nothing', async () => {
    const { run, store, sent } = testRun({ dryRun: true });
    store.commitOutcomes(
      ORG_ID,
      [
        {
          object: 'P__c',
          externalId: 'old',
          sourceId: 'src-old',
          hash: 'stale',
          success: true,
          sfId: 'a001',
          created: true,
        },
      ],
      run.runId,
    );
    await writeBatch(run, { records: [parentRecord('old'), parentRecord('new')], errors: [] });
    expect(run.ledger.of('P__c')).toMatchObject({ created: 1, updated: 1 });
    expect(writesSent(sent)).toEqual([]);
    expect(store.recordCount(ORG_ID)).toBe(1);
  });

  it('refuses a record of an object the package does not define', async () => {
    const { run } = testRun();
    const stray = { ...parentRecord('x'), object: 'Stray__c' };
    await expect(writeBatch(run, { records: [stray], errors: [] })).rejects.toThrow(
      /Stray__c, which the package does not define/,
    );
  });
});
