import { describe, expect, it } from 'vitest';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { ok, ORG } from './fixtures.ts';

describe('state store: the org', () => {
  it('forgets an org whose fingerprint changed (refreshed sandbox) and says why', () => {
    const state = new StateStore(':memory:');
    expect(state.openOrg(ORG, 'created-1')).toMatch(/no state/);
    const run = state.startRun('e', ORG, false);
    state.commitOutcomes(ORG, [ok('a', true)], run);
    expect(state.openOrg(ORG, 'created-1')).toBeUndefined();
    expect(state.openOrg(ORG, 'created-2')).toMatch(/changed/);
    expect(state.recordCount(ORG)).toBe(0);
  });
});
