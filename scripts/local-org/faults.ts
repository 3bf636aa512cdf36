/**
 * The local org's faults, on the stand-ins' shared fault injection (scripts/fault-injection): what each fault
 * answers is the server's (server.ts applyFault); rules, matching and the admin endpoints are shared.
 */
import { FaultPlan, type FaultRule as Rule, type FaultSpec as Spec } from '../fault-injection/index.ts';

export { matchesRequest, type RequestInfo, type RequestMatcher } from '../fault-injection/index.ts';

/**
 * `drop` closes the connection before the call is applied; `lost` applies it, then closes the connection before
 * the answer (the caller cannot tell whether it happened); `late` applies it and answers after `delayMs` (a
 * caller killed meanwhile never hears that it happened); `UNKNOWN_EXCEPTION` is Salesforce's 500; `JOB_FAILED`
 * reports a Bulk ingest job as Failed when its status is read (whatever of it was already applied stays).
 */
export type FaultKind =
  | '503'
  | 'UNABLE_TO_LOCK_ROW'
  | 'INVALID_SESSION_ID'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'slow'
  | 'drop'
  | 'lost'
  | 'late'
  | 'UNKNOWN_EXCEPTION'
  | 'JOB_FAILED';
export const FAULT_KINDS: FaultKind[] = [
  '503',
  'UNABLE_TO_LOCK_ROW',
  'INVALID_SESSION_ID',
  'REQUEST_LIMIT_EXCEEDED',
  'slow',
  'drop',
  'lost',
  'late',
  'UNKNOWN_EXCEPTION',
  'JOB_FAILED',
];

export type FaultSpec = Spec<FaultKind>;
export type FaultRule = Rule<FaultKind>;

export class FaultInjector extends FaultPlan<FaultKind> {
  constructor() {
    super(FAULT_KINDS);
  }
}
