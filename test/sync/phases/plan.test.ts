import { describe, expect, it } from 'vitest';
import { recordHash } from '../../../scripts/sync/hash.ts';
import { recordHeld, splitHeld } from '../../../scripts/sync/phases/hold-back.ts';
import { planObject } from '../../../scripts/sync/phases/plan.ts';
import { CHILD, childRecord, ORG_ID, PARENT, parentRecord, testRun } from './fixtures.ts';

describe('planning one object, and holding back children of failed parents', () => {
  it('sends new and changed records, skips unchanged ones, and collapses repeats of one external ID', () => {
    const { run, store } = testRun();
    const same = parentRecord('same');
    store.commitOutcomes(
      ORG_ID,
      [
        {
          object: 'P__c',
          externalId: 'same',
          sourceId: 'src-same',
          hash: recordHash(same),
          success: true,
          sfId: 'a001',
          created: true,
        },
      ],
      run.runId,
    );
    store.commitOutcomes(
      ORG_ID,
      [
        {
          object: 'P__c',
          externalId: 'twice',
          sourceId: 'src-twice',
          hash: 'old',
          success: true,
          sfId: 'a002',
          created: true,
        },
      ],
      run.runId,
    );
    const writes = planObject(run, PARENT, [
      same,
      parentRecord('new'),
      parentRecord('twice', { v: 1 }),
      parentRecord('twice', { v: 2 }),
    ]);
    expect(writes.map((w) => w.record.externalId)).toEqual(['new', 'twice']);
    expect(writes[1]!.record.fields).toMatchObject({ v: 2 });
    expect(writes.map((w) => w.known)).toEqual([undefined, { sfId: 'a002', intentRun: null, hash: 'old' }]);
    expect(run.ledger.of('P__c')).toMatchObject({ read: 4, unchanged: 1 });
  });

  it('sends unchanged records too when the run ignores digests (a full sync the state cannot vouch for)', () => {
    const { run, store } = testRun({ full: true });
    const same = parentRecord('same');
    store.commitOutcomes(
      ORG_ID,
      [
        {
          object: 'P__c',
          externalId: 'same',
          sourceId: 'src-same',
          hash: recordHash(same),
          success: true,
          sfId: 'a001',
          created: true,
        },
      ],
      run.runId,
    );
    expect(planObject(run, PARENT, [same])).toHaveLength(1);
  });

  it('holds back a child whose parent failed in this run, reporting and storing it with the lookup field', () => {
    const { run, store } = testRun();
    run.ledger.addError({ object: 'P__c', externalId: 'bad', metronomeId: 'src-bad', code: 'X', message: 'x' });
    const { ready, held } = splitHeld(
      run,
      CHILD,
      planObject(run, CHILD, [childRecord('c1', 'bad'), childRecord('c2', 'good')]),
    );
    expect(ready.map((w) => w.record.externalId)).toEqual(['c2']);
    // Nothing is reported until the read that is sent records it.
    expect(run.ledger.errors).toHaveLength(1);
    recordHeld(run, held);
    expect(run.ledger.errors[1]).toMatchObject({
      object: 'C__c',
      externalId: 'c1',
      metronomeId: 'src-c1',
      code: 'PARENT_NOT_SYNCED',
      field: 'P__c',
      message: expect.stringContaining('P__r → P__c bad'),
    });
    expect(store.errors(ORG_ID).map((e) => [e.externalId, e.code])).toEqual([['c1', 'PARENT_NOT_SYNCED']]);
  });
});
