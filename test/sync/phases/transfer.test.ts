import { describe, expect, it } from 'vitest';
import { writeAll } from '../../../scripts/sync/phases/transfer.ts';
import type { MappedBatch } from '../../../scripts/sync/types.ts';
import { childRecord, emptySource, parentRecord, testRun, writesSent, type SentRequest } from './fixtures.ts';

const objectsWritten = (sent: SentRequest[]) =>
  writesSent(sent).map((r) => r.url.split('/composite/sobjects/')[1]!.split('/')[0]);

/** Resolves when `seen()` holds, or after `ms` (then the caller's assertion says what did not happen). */
async function until(seen: () => boolean, ms = 2000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (seen()) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return seen();
}

describe('writing while reading', () => {
  it('an object the source completes is written while the source still reads the next list', async () => {
    const { run, sent } = testRun();
    let parentsWrittenDuringRead = false;
    async function* customers(): AsyncGenerator<MappedBatch> {
      yield { records: [parentRecord('p1'), parentRecord('p2')], errors: [], warnings: [] };
      yield { records: [], errors: [], warnings: [], complete: ['P__c'] };
      // The next list is still being read: the parents' write must not wait for it.
      parentsWrittenDuringRead = await until(() => objectsWritten(sent).includes('P__c'));
      yield { records: [childRecord('c1', 'p1'), childRecord('c2', 'p2')], errors: [], warnings: [] };
      yield { records: [], errors: [], warnings: [], complete: ['C__c'] };
    }
    run.deps.source = { ...emptySource(), customers };
    await writeAll(run);
    expect(parentsWrittenDuringRead).toBe(true);
    expect(objectsWritten(sent)).toEqual(['P__c', 'C__c']);
    expect(run.ledger.of('C__c').created).toBe(2);
  });

  it('a read that fails after an early write waits for that write, whose outcomes stay recorded', async () => {
    const { run, sent } = testRun();
    async function* customers(): AsyncGenerator<MappedBatch> {
      yield { records: [parentRecord('p1')], errors: [], warnings: [], complete: ['P__c'] };
      await until(() => objectsWritten(sent).includes('P__c'), 200);
      throw new Error('Metronome went away');
    }
    run.deps.source = { ...emptySource(), customers };
    await expect(writeAll(run)).rejects.toThrow('Metronome went away');
    expect(run.ledger.of('P__c').created).toBe(1);
    expect(run.state.rows('P__c', ['p1']).get('p1')?.sfId).toMatch(/^a00/);
  });

  it('hurries the status checks only once nothing is left to read, and until the last send is over', async () => {
    const { run } = testRun();
    const events: string[] = [];
    const sink = run.sink;
    run.sink = {
      ...sink,
      hurry: () => {
        events.push('hurry');
        return () => events.push('calm');
      },
      upsert: async (...args) => {
        events.push(`send ${args[0].apiName}`);
        await sink.upsert(...args);
        events.push(`sent ${args[0].apiName}`);
      },
    };
    async function* customers(): AsyncGenerator<MappedBatch> {
      yield { records: [parentRecord('p1')], errors: [], warnings: [], complete: ['P__c'] };
      await until(() => events.includes('sent P__c'));
      events.push('read over');
      yield { records: [childRecord('c1', 'p1')], errors: [], warnings: [] };
    }
    run.deps.source = { ...emptySource(), customers };
    await writeAll(run);
    expect(events).toEqual(['send P__c', 'sent P__c', 'read over', 'hurry', 'send C__c', 'sent C__c', 'calm']);
  });
});
