import { describe, expect, it } from 'vitest';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { ok, ORG, rec } from './fixtures.ts';

describe('state store: record errors', () => {
  it('a failed record keeps no digest (so it is sent again) and its error is stored until it succeeds', () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const run = state.startRun('e', ORG, false);
    state.commitOutcomes(ORG, [ok('a', true)], run);
    state.commitOutcomes(
      ORG,
      [
        {
          ...rec('a'),
          hash: 'h2',
          success: false,
          error: { code: 'STRING_TOO_LONG', field: 'F__c', message: 'too long' },
        },
      ],
      run,
    );
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')!.hash).toBeNull();
    expect(state.errors(ORG)).toEqual([
      expect.objectContaining({ externalId: 'a', code: 'STRING_TOO_LONG', field: 'F__c' }),
    ]);
    state.commitOutcomes(ORG, [ok('a', false)], run);
    expect(state.errors(ORG)).toEqual([]);
  });
});
