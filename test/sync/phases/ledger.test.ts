import { describe, expect, it } from 'vitest';
import { RunLedger } from '../../../scripts/sync/phases/ledger.ts';

describe('run ledger', () => {
  it('counts every error, keeps the first ones, and remembers which records failed', () => {
    const ledger = new RunLedger(['P__c'], 2);
    for (const key of ['a', 'b', 'c'])
      ledger.addError({ object: 'P__c', externalId: key, metronomeId: key, code: 'X', message: 'x' });
    ledger.addError({ object: 'P__c', metronomeId: 'm-only', code: 'X', message: 'no external id' });
    expect(ledger.errorCount).toBe(4);
    expect(ledger.errors.map((e) => e.externalId)).toEqual(['a', 'b']);
    expect(ledger.of('P__c').failed).toBe(4);
    expect(ledger.failed('P__c', 'c')).toBe(true);
    expect(ledger.failed('P__c', 'm-only')).toBe(true);
    expect(ledger.failed('P__c', 'd')).toBe(false);
  });

  it('an object the package does not define is never reported, and its errors still count', () => {
    const ledger = new RunLedger(['P__c'], 10);
    ledger.addError({ object: 'Other__c', metronomeId: 'x', code: 'X', message: 'x' });
    expect(ledger.errorCount).toBe(1);
    expect([...ledger.counts.keys()]).toEqual(['P__c']);
  });

  it('reports progress per object with its counts', () => {
    const events: unknown[] = [];
    const ledger = new RunLedger(['P__c'], 10, (e) => events.push(e));
    ledger.of('P__c').created = 3;
    ledger.progress('P__c');
    ledger.progress('Unknown__c');
    expect(events).toEqual([{ object: 'P__c', counts: expect.objectContaining({ created: 3 }) }]);
  });

  it('counts warnings apart from errors, with the same limit', () => {
    const ledger = new RunLedger(['P__c'], 1);
    ledger.addWarning({ object: 'P__c', metronomeId: 'a', code: 'W', message: 'w' });
    ledger.addWarning({ object: 'P__c', metronomeId: 'b', code: 'W', message: 'w' });
    expect([ledger.warningCount, ledger.warnings.length, ledger.errorCount]).toEqual([2, 1, 0]);
  });
});
