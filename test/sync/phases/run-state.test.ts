import { describe, expect, it } from 'vitest';
import { dryRunState, liveState } from '../../../scripts/sync/phases/run-state.ts';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { ORG_ID } from './fixtures.ts';

const rec = (externalId: string) => ({ object: 'P__c', externalId, sourceId: `src-${externalId}` });
const ok = (externalId: string) => ({
  ...rec(externalId),
  hash: 'h',
  success: true,
  sfId: `a00${externalId}`,
  created: true,
});

function storeWith(keys: string[]) {
  const store = new StateStore(':memory:');
  store.openOrg(ORG_ID, 'fp');
  const first = store.startRun('e', ORG_ID, false);
  store.commitOutcomes(ORG_ID, keys.map(ok), first);
  store.finishRun(first, 'succeeded', {});
  return store;
}

const snapshot = (store: StateStore) => ({
  rows: store.getRows(ORG_ID, 'P__c', ['a', 'b', 'c']),
  errors: store.errors(),
  count: store.recordCount(ORG_ID),
});

describe('run state', () => {
  it('a live run records what it sees, intends, confirms and deletes', () => {
    const store = storeWith(['a', 'b']);
    const state = liveState(store, ORG_ID, store.startRun('e', ORG_ID, false));
    state.markSeen('P__c', ['a']);
    expect(state.unseenOwned('P__c').map((t) => t.externalId)).toEqual(['b']);
    state.markIntent([rec('c')]);
    expect(state.rows('P__c', ['c']).get('c')?.intentRun).toBe(state.runId);
    state.removeRecords('P__c', ['b']);
    expect(store.recordCount(ORG_ID)).toBe(2);
  });

  it('a dry run reads the state and changes none of it', () => {
    const store = storeWith(['a', 'b']);
    const before = snapshot(store);
    const state = dryRunState(store, ORG_ID, store.startRun('e', ORG_ID, true));
    expect(state.openOrg('fp')).toBeUndefined();
    state.markSeen('P__c', ['a']);
    state.markSeenBySource('P__c', 'src-x');
    state.markIntent([rec('c')]);
    state.commitOutcomes([ok('c')]);
    state.saveError({ object: 'P__c', sourceId: 's', code: 'X', message: 'x' });
    state.invalidateHashes();
    state.removeRecords('P__c', ['a', 'b']);
    state.forgetUnseenForeign('P__c');
    state.pruneErrors();
    expect(snapshot(store)).toEqual(before);
    expect(state.rows('P__c', ['a']).get('a')?.hash).toBe('h');
  });

  it("a dry run's deletions leave out what it met, by external ID or by source ID", () => {
    const store = storeWith(['a', 'b', 'c']);
    const state = dryRunState(store, ORG_ID, store.startRun('e', ORG_ID, true));
    state.openOrg('fp');
    state.markSeen('P__c', ['a']);
    state.markSeenBySource('P__c', 'src-b');
    expect(state.unseenOwned('P__c').map((t) => t.externalId)).toEqual(['c']);
  });

  it('a dry run against a refreshed org treats the state as void (nothing known, nothing to delete)', () => {
    const store = storeWith(['a']);
    const state = dryRunState(store, ORG_ID, store.startRun('e', ORG_ID, true));
    expect(state.openOrg('another fingerprint')).toMatch(/changed/);
    expect(state.rows('P__c', ['a']).size).toBe(0);
    expect(state.unseenOwned('P__c')).toEqual([]);
    expect(store.recordCount(ORG_ID)).toBe(1);
  });
});
