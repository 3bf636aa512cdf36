/** The run's API budget: a share of the org's remaining daily requests, checked before every write call. */
import type { ApiLimits, SalesforceClient } from '../../salesforce/index.ts';

export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiBudgetExceeded';
  }
}

export class ApiBudget {
  readonly allowedForRun: number;
  readonly limits: ApiLimits;
  private readonly client: SalesforceClient;
  private readonly maxShare: number;
  /** Calls the last complete run of the same kind used: what this one is expected to need. */
  private readonly estimate: number | undefined;
  private readonly startCalls: number;

  constructor(
    client: SalesforceClient,
    limits: ApiLimits,
    maxShare: number,
    estimate: number | undefined,
    startCalls: number,
  ) {
    this.client = client;
    this.limits = limits;
    this.maxShare = maxShare;
    this.estimate = estimate;
    this.startCalls = startCalls;
    this.allowedForRun = Math.floor(limits.remaining * maxShare);
  }

  used(): number {
    return this.client.callCount() - this.startCalls;
  }

  /** Refuses a run that the last one like it says would not fit, before it writes anything. */
  checkEstimate(): void {
    if (this.estimate !== undefined && this.estimate > this.allowedForRun)
      throw new BudgetExceededError(this.message(this.estimate, true));
  }

  beforeWriteCall(): void {
    const used = this.used();
    if (used >= this.allowedForRun) throw new BudgetExceededError(this.message(used, false));
  }

  private message(calls: number, expected: boolean): string {
    const { remaining, max } = this.limits;
    return (
      `Stopped before exceeding the API budget: the org has ${remaining} of ${max} daily API requests left and this run may use ` +
      `${Math.round(this.maxShare * 100)}% of them (${this.allowedForRun}); it ${expected ? 'is expected to need' : 'has used'} ${calls}. ` +
      "Raise maxApiShare in the environment's options or run later."
    );
  }
}
