import { describe, expect, it } from 'vitest';
import { ApiBudget, BudgetExceededError } from '../../../scripts/sync/phases/budget.ts';
import { scriptedClient } from './fixtures.ts';

describe('API budget', () => {
  it('allows the configured share of what the org has left, counting from the start of the run', async () => {
    const { client } = scriptedClient();
    await client.limits();
    const budget = new ApiBudget(client, { max: 100, remaining: 10 }, 0.5, undefined, client.callCount());
    expect(budget.allowedForRun).toBe(5);
    for (let i = 0; i < 5; i++) {
      budget.beforeWriteCall();
      await client.limits();
    }
    expect(() => budget.beforeWriteCall()).toThrow(BudgetExceededError);
    expect(() => budget.beforeWriteCall()).toThrow(
      /10 of 100 daily API requests left .* 50% of them \(5\); it has used 5/,
    );
  });

  it('refuses up front a run the last one like it says will not fit, and not otherwise', () => {
    const { client } = scriptedClient();
    expect(() => new ApiBudget(client, { max: 100, remaining: 10 }, 0.5, 6, 0).checkEstimate()).toThrow(
      /is expected to need 6/,
    );
    expect(() => new ApiBudget(client, { max: 100, remaining: 10 }, 0.5, 5, 0).checkEstimate()).not.toThrow();
    expect(() => new ApiBudget(client, { max: 100, remaining: 10 }, 0.5, undefined, 0).checkEstimate()).not.toThrow();
  });
});
