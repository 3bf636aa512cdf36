/**
 * The local org's faults, on the stand-ins' shared fault injection (scripts/fault-injection): what each fault
 * answers is the server's (server.ts applyFault); rules, matching and the admin endpoints are shared.
 */
import { FaultPlan, type FaultRule as Rule, type FaultSpec as Spec } from '../fault-injection/index.ts';

export { matchesRequest, type RequestInfo, type RequestMatcher } from '../fault-injection/index.ts';

export type FaultKind = '503' | 'UNABLE_TO_LOCK_ROW' | 'INVALID_SESSION_ID' | 'REQUEST_LIMIT_EXCEEDED' | 'slow' | 'drop';
export const FAULT_KINDS: FaultKind[] = ['503', 'UNABLE_TO_LOCK_ROW', 'INVALID_SESSION_ID', 'REQUEST_LIMIT_EXCEEDED', 'slow', 'drop'];

export type FaultSpec = Spec<FaultKind>;
export type FaultRule = Rule<FaultKind>;

export class FaultInjector extends FaultPlan<FaultKind> {
  constructor() {
    super(FAULT_KINDS);
  }
}
