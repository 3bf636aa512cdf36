import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../../../scripts/sync/phases/budget.ts';
import { dryRunSink } from '../../../scripts/sync/phases/sink.ts';
import { recordHash } from '../../../scripts/sync/hash.ts';
import type { WriteOutcome } from '../../../scripts/sync/state/index.ts';
import { healthyOrg, PARENT, parentRecord, testRun, writesSent, type Responder } from './fixtures.ts';

const write = (key: string, known?: { sfId: string | null; intentRun: number | null }) => ({
  record: parentRecord(key),
  hash: recordHash(parentRecord(key)),
  known,
});

describe('record sinks', () => {
  it('the dry-run sink answers created for records the org does not have yet and updated for the others', async () => {
    const outcomes: WriteOutcome[] = [];
    await dryRunSink().upsert(
      PARENT,
      [write('new'), write('old', { sfId: 'a001', intentRun: null })],
      'collections',
      (o) => outcomes.push(...o),
    );
    expect(outcomes.map((o) => [o.externalId, o.success, o.created])).toEqual([
      ['new', true, true],
      ['old', true, false],
    ]);
  });

  it('the live sink stops before a write call the budget does not allow', async () => {
    const { run, sent } = testRun({ maxApiShare: 1 / 15000 });
    await run.deps.client.limits();
    await expect(run.sink.upsert(PARENT, [write('a')], 'collections', () => undefined)).rejects.toThrow(
      BudgetExceededError,
    );
    expect(writesSent(sent)).toEqual([]);
  });

  it('the live sink claims a record an earlier, unanswered send created, and not one that was there before it', async () => {
    const earlier = new Date(Date.now() - 3_600_000).toISOString();
    const org: Responder = (request) => {
      if (request.method === 'PATCH')
        return [
          { id: 'a00000000000001AAA', success: true, created: false, errors: [] },
          { id: 'a00000000000002AAA', success: true, created: false, errors: [] },
        ];
      if (decodeURIComponent(request.url).includes('CreatedDate FROM P__c')) {
        return {
          done: true,
          records: [
            { Id: 'a00000000000001AAA', CreatedDate: new Date().toISOString() },
            { Id: 'a00000000000002AAA', CreatedDate: earlier },
          ],
        };
      }
      return healthyOrg(request);
    };
    const { run } = testRun({ responder: org });
    const unanswered = { sfId: null, intentRun: run.runId };
    const outcomes: WriteOutcome[] = [];
    await run.sink.upsert(PARENT, [write('mine', unanswered), write('theirs', unanswered)], 'collections', (o) =>
      outcomes.push(...o),
    );
    expect(outcomes.map((o) => [o.externalId, o.created])).toEqual([
      ['mine', true],
      ['theirs', false],
    ]);
  });
});
