/**
 * Fault injection for the sandbox: rate limits (429 with Retry-After), server errors (5xx) and slow answers,
 * for the next N matching calls or a deterministic share of them.
 */
import { randomFor } from './random.ts';

export interface FaultRule {
  kind: 'rate_limit' | 'server_error' | 'slow';
  /** Applies to the next N matching calls, then expires. */
  times?: number;
  /** Applies to this share (0..1) of matching calls, chosen deterministically from the sandbox seed. */
  share?: number;
  /** Only calls whose endpoint (`GET /v1/customers/{customer_id}/invoices`) starts with this. */
  endpoint?: string;
  /** rate_limit: the Retry-After header, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** server_error: the status (default 500). */
  status?: number;
  /** slow: the delay before answering, in ms (default 2,000). */
  delayMs?: number;
}

export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];
  private readonly random: ReturnType<typeof randomFor>;
  private injectedCount = 0;

  constructor(seed: number) {
    this.random = randomFor(seed, 'faults');
  }

  add(rule: FaultRule): void {
    if (!['rate_limit', 'server_error', 'slow'].includes(rule.kind)) throw new Error(`unknown fault kind ${JSON.stringify(rule.kind)}`);
    if (rule.share !== undefined && !(rule.share >= 0 && rule.share <= 1)) throw new Error('share must be between 0 and 1');
    this.rules.push({ rule, remaining: rule.times ?? (rule.share === undefined ? 1 : Infinity) });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule, ...(Number.isFinite(r.remaining) ? { times: r.remaining } : {}) }));
  }

  /** How many calls were answered with a fault (slow ones included). */
  get injected(): number {
    return this.injectedCount;
  }

  /** The faults to apply to this call (a slow one and an error one can combine), consuming them. */
  decide(endpoint: string): FaultRule[] {
    const chosen: FaultRule[] = [];
    for (const entry of this.rules) {
      if (entry.remaining <= 0) continue;
      if (entry.rule.endpoint && !endpoint.startsWith(entry.rule.endpoint)) continue;
      if (entry.rule.share !== undefined && this.random.next() >= entry.rule.share) continue;
      if (chosen.some((c) => (c.kind === 'slow') === (entry.rule.kind === 'slow'))) continue;
      entry.remaining--;
      chosen.push(entry.rule);
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    if (chosen.length > 0) this.injectedCount++;
    return chosen;
  }
}
