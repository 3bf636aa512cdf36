import { describe, expect, it } from 'vitest';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { ok, ORG, rec } from './fixtures.ts';

describe('state store: records', () => {
  it("an outcome alone marks its record seen by the run and takes the record's new source ID", () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const run1 = state.startRun('e', ORG, false);
    state.markIntent(ORG, [rec('a'), rec('b')], run1);
    state.commitOutcomes(ORG, [ok('a', true), ok('b', true)], run1);
    const run2 = state.startRun('e', ORG, false);
    state.commitOutcomes(ORG, [{ ...ok('a', false), sourceId: 'a-renamed' }], run2);
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')).toMatchObject({ sourceId: 'a-renamed', owned: true });
    expect(state.unseenOwned(ORG, 'X__c', run2).map((r) => r.externalId)).toEqual(['b']);
  });

  it('finds the records it is given after an empty read of the same object (intents, outcomes)', () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const run = state.startRun('e', ORG, false);
    expect(state.getRows(ORG, 'X__c', ['a', 'b']).size).toBe(0);
    state.markIntent(ORG, [rec('a')], run);
    expect([...state.getRows(ORG, 'X__c', ['a', 'b']).keys()]).toEqual(['a']);
    state.forgetOrg(ORG);
    expect(state.getRows(ORG, 'X__c', ['a', 'b']).size).toBe(0);
    state.commitOutcomes(ORG, [ok('b', true)], run);
    expect([...state.getRows(ORG, 'X__c', ['a', 'b']).keys()]).toEqual(['b']);
  });

  it('a write sent by a run that died stays marked unanswered (even through a failure) until evidence of who created it', () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const dead = state.startRun('e', ORG, false);
    state.markIntent(ORG, [rec('a'), rec('b')], dead); // sent, then the process was killed
    const next = state.startRun('e', ORG, false);
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')!.intentRun).toBe(dead);
    expect(state.runStartedAt(dead)).toBeGreaterThan(Date.now() - 60_000);
    state.markIntent(ORG, [rec('a'), rec('b')], next);
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')!.intentRun).toBe(dead); // the earliest send counts
    state.commitOutcomes(ORG, [{ ...rec('b'), hash: 'h-b', success: false, error: { code: 'X', message: 'x' } }], next);
    expect(state.getRows(ORG, 'X__c', ['b']).get('b')!.intentRun).toBe(dead);
    // created:false alone is no claim (an admin may have made it); the run's CreatedDate check turns it into created:true.
    state.commitOutcomes(ORG, [ok('a', false)], next);
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')).toMatchObject({ owned: false, intentRun: null });
    state.commitOutcomes(ORG, [ok('b', true)], next);
    expect(state.getRows(ORG, 'X__c', ['b']).get('b')).toMatchObject({ owned: true, hash: 'h-b', intentRun: null });
    expect(state.runs().map((r) => r.status)).toEqual(['running', 'interrupted']);
  });

  it('a found record is not claimed when this run sent it once and got created:false', () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const run = state.startRun('e', ORG, false);
    state.markIntent(ORG, [rec('a')], run);
    state.commitOutcomes(ORG, [ok('a', false)], run);
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')!.owned).toBe(false);
  });

  it('outcomes of one chunk keep every value whether the record is new, known, or moved to another source ID', () => {
    const state = new StateStore(':memory:');
    const run = state.startRun('e', ORG, false);
    const ids = Array.from({ length: 700 }, (_, i) => `r${i}`);
    state.markIntent(ORG, ids.slice(0, 600).map(rec), run);
    // r0–r599 were intended, r600–r699 are new; every hundredth record now comes from another Metronome ID.
    const moved = (id: string) => Number(id.slice(1)) % 100 === 0;
    state.commitOutcomes(
      ORG,
      ids.map((id) => ({ ...ok(id, true), sourceId: moved(id) ? `${id}-moved` : id })),
      run,
    );
    const rows = state.getRows(ORG, 'X__c', ids);
    expect(rows.size).toBe(700);
    for (const id of ids)
      expect(rows.get(id)).toEqual({
        object: 'X__c',
        externalId: id,
        sourceId: moved(id) ? `${id}-moved` : id,
        sfId: `a00${id}`,
        hash: `h-${id}`,
        owned: true,
        intentRun: null,
      });
    // The moved records are found by their new source ID (a record the mapping could not build is still spared).
    const next = state.startRun('e', ORG, false);
    // Found by source ID: a moved record by its new one (not its old), a record whose two IDs are equal by either.
    for (const sourceId of ['r100-moved', 'r200', 'r150']) state.markSeenBySource(ORG, 'X__c', sourceId, next);
    const unseen = state.unseenOwned(ORG, 'X__c', next).map((r) => r.externalId);
    expect(unseen).toHaveLength(698);
    expect(unseen).not.toContain('r100');
    expect(unseen).not.toContain('r150');
    expect(unseen).toContain('r200');
  });

  it("keeps each org's and object's records apart, and forgetting one org leaves the others", () => {
    const state = new StateStore(':memory:');
    const OTHER = '00D000000000002AAA';
    const run = state.startRun('e', ORG, false);
    state.commitOutcomes(ORG, [ok('a', true), { ...ok('a', true), object: 'Y__c', sfId: 'y-a' }], run);
    state.commitOutcomes(OTHER, [{ ...ok('a', false), sfId: 'other-a' }], run);
    expect(state.getRows(ORG, 'X__c', ['a']).get('a')!.sfId).toBe('a00a');
    expect(state.getRows(ORG, 'Y__c', ['a']).get('a')!.sfId).toBe('y-a');
    expect(state.getRows(OTHER, 'X__c', ['a']).get('a')).toMatchObject({ sfId: 'other-a', owned: false });
    expect(state.getRows(OTHER, 'Y__c', ['a']).size).toBe(0);
    state.forgetOrg(ORG);
    expect(state.recordCount(ORG)).toBe(0);
    expect(state.recordCount(OTHER)).toBe(1);
    expect(state.sampleIds(OTHER, 5)).toEqual(new Map([['X__c', ['other-a']]]));
  });

  it("a write that fails whole leaves nothing behind, not even its object's place in the state", () => {
    const state = new StateStore(':memory:');
    const run = state.startRun('e', ORG, false);
    const broken = { object: 'New__c', externalId: 'n1', sourceId: null as unknown as string };
    expect(() => state.markIntent(ORG, [rec('ok'), broken], run)).toThrow(/NOT NULL/);
    expect(state.recordCount(ORG)).toBe(0);
    // Objects met after the failure get their own place: none of their records shows up under another object.
    state.markIntent(ORG, [{ object: 'Other__c', externalId: 'o1', sourceId: 'o1' }], run);
    state.markIntent(ORG, [{ object: 'New__c', externalId: 'n2', sourceId: 'n2' }], run);
    expect([...state.getRows(ORG, 'New__c', ['n1', 'n2', 'o1']).keys()]).toEqual(['n2']);
    expect([...state.getRows(ORG, 'Other__c', ['n1', 'n2', 'o1']).keys()]).toEqual(['o1']);
    expect([...state.getRows(ORG, 'X__c', ['ok', 'n2', 'o1']).keys()]).toEqual([]);
  });
});
