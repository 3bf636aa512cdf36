import { describe, expect, it } from 'vitest';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { ok, ORG, rec } from './fixtures.ts';

describe('state store: records a run did not meet', () => {
  it('owns what it created, not what it found; deletes only its own unseen records', () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const run1 = state.startRun('e', ORG, false);
    state.markIntent(ORG, [rec('mine'), rec('found')], run1);
    state.commitOutcomes(ORG, [ok('mine', true), ok('found', false)], run1);
    const run2 = state.startRun('e', ORG, false);
    expect(state.unseenOwned(ORG, 'X__c', run2).map((r) => r.externalId)).toEqual(['mine']);
    state.forgetUnseenForeign(ORG, 'X__c', run2);
    expect([...state.getRows(ORG, 'X__c', ['mine', 'found']).keys()]).toEqual(['mine']);
  });
});
