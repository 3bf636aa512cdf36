/**
 * The sandbox's faults, on the stand-ins' shared fault injection (scripts/fault-injection): `rate_limit` (429 with
 * Retry-After, `retryAfterSeconds`, default 1), `server_error` (`status`, default 500) and `slow` (`delayMs`, default
 * 2,000), matched on the endpoint (`GET /v1/customers/{customer_id}/invoices`, or a prefix of one). A `rate` is decided
 * by a generator seeded from the sandbox seed, so a faulty run repeats exactly.
 */
import { FaultPlan, type FaultRule as Rule, type FaultSpec as Spec } from '../../fault-injection/index.ts';
import { randomFor } from './random.ts';

export type SandboxFault = 'rate_limit' | 'server_error' | 'slow';
export const SANDBOX_FAULTS: SandboxFault[] = ['rate_limit', 'server_error', 'slow'];

export type FaultSpec = Spec<SandboxFault>;
export type FaultRule = Rule<SandboxFault>;

export class FaultInjector extends FaultPlan<SandboxFault> {
  constructor(seed: number) {
    const random = randomFor(seed, 'faults');
    super(SANDBOX_FAULTS, () => random.next());
  }
}
