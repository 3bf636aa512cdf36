import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../../../scripts/sync/phases/budget.ts';
import { endOfError, finishRun } from '../../../scripts/sync/phases/report.ts';
import { SalesforceCallError } from '../../../scripts/salesforce/index.ts';
import { testRun } from './fixtures.ts';

describe('report phase', () => {
  it('a budget stop or a used-up daily limit ends the run as stopped; anything else as failed', () => {
    const { run } = testRun();
    expect(endOfError(run, new BudgetExceededError('over budget'))).toEqual({
      status: 'stopped',
      message: 'over budget',
    });
    const quota = new SalesforceCallError(
      'PATCH',
      Object.assign(new Error('TotalRequests Limit exceeded.'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' }),
    );
    expect(endOfError(run, quota)).toMatchObject({
      status: 'stopped',
      message: expect.stringMatching(/daily API request limit is used up/),
    });
    expect(endOfError(run, new Error('boom'))).toEqual({ status: 'failed', message: 'boom' });
  });

  it('reports the ledger, the calls and the budget, and closes the run in the history', async () => {
    const { run, store } = testRun();
    await run.deps.client.limits();
    run.ledger.of('P__c').created = 2;
    for (let i = 0; i < 60; i++) run.ledger.addError({ object: 'C__c', metronomeId: `m${i}`, code: 'X', message: 'x' });
    const report = finishRun(run, { status: 'partial' });
    expect(report).toMatchObject({
      environment: 'test',
      orgId: run.orgId,
      status: 'partial',
      objects: { P__c: { created: 2 }, C__c: { failed: 60 } },
      apiCalls: { salesforce: 1, salesforceByKind: { limits: 1 } },
      apiBudget: { max: 15000, remaining: 15000, allowedForRun: 7500 },
      recordErrorCount: 60,
      runId: run.runId,
    });
    expect(report.recordErrors).toHaveLength(60);
    const stored = store.runs(1)[0]!;
    expect(stored.status).toBe('partial');
    expect((stored.summary as { recordErrors: unknown[] }).recordErrors).toHaveLength(50);
  });
});
