/**
 * Fault injection for tests and soaks: the next N calls, or a share of calls, matching a request kind
 * fail in a chosen way. Rules are checked in the order added; the first that fires wins.
 */
import { randomUUID } from 'node:crypto';

/**
 * `drop` closes the connection before the call is applied; `lost` applies it, then closes the connection before
 * the answer (the caller cannot tell whether it happened); `late` applies it and answers after `delayMs` (a
 * caller killed meanwhile never hears that it happened); `UNKNOWN_EXCEPTION` is Salesforce's 500; `JOB_FAILED`
 * reports a Bulk ingest job as Failed when its status is read (whatever of it was already applied stays).
 */
export type FaultKind = '503' | 'UNABLE_TO_LOCK_ROW' | 'INVALID_SESSION_ID' | 'REQUEST_LIMIT_EXCEEDED' | 'slow' | 'drop' | 'lost' | 'late' | 'UNKNOWN_EXCEPTION' | 'JOB_FAILED';
export const FAULT_KINDS: FaultKind[] = ['503', 'UNABLE_TO_LOCK_ROW', 'INVALID_SESSION_ID', 'REQUEST_LIMIT_EXCEEDED', 'slow', 'drop', 'lost', 'late', 'UNKNOWN_EXCEPTION', 'JOB_FAILED'];

/** What a call is: its kind (`query`, `sobject.create`, `composite.sobjects.upsert`, `bulk2.ingest.upload`, …). */
export interface RequestInfo {
  kind: string;
  write: boolean;
  method: string;
  path: string;
}

/**
 * Which calls a rule applies to: `'any'`, `'write'`, `'read'`, a kind or kind prefix (`'bulk2.ingest'`
 * matches `bulk2.ingest.create` and the rest), a list of those, or a predicate.
 */
export type RequestMatcher = string | string[] | ((request: RequestInfo) => boolean);

export interface FaultSpec {
  fault: FaultKind;
  match?: RequestMatcher;
  /** Fire on the next `times` matching calls (default 1 unless `rate` is set). */
  times?: number;
  /** Fire on this share (0..1) of matching calls, for as long as the rule lives. */
  rate?: number;
  /** For `slow` and `late`: how long to wait before answering (default 2000 ms). */
  delayMs?: number;
}

export interface FaultRule extends FaultSpec {
  id: string;
  fired: number;
}

export function matchesRequest(matcher: RequestMatcher | undefined, request: RequestInfo): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'function') return matcher(request);
  const list = Array.isArray(matcher) ? matcher : [matcher];
  return list.some((m) => {
    if (m === 'any' || m === '*') return true;
    if (m === 'write') return request.write;
    if (m === 'read') return !request.write;
    return request.kind === m || request.kind.startsWith(`${m}.`);
  });
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  /** Adds a rule; returns its id (for `remove`). */
  add(spec: FaultSpec): string {
    if (!FAULT_KINDS.includes(spec.fault)) throw new Error(`Unknown fault ${String(spec.fault)}; expected one of ${FAULT_KINDS.join(', ')}`);
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) throw new Error('rate must be between 0 and 1');
    const rule: FaultRule = { ...spec, id: randomUUID(), fired: 0 };
    if (rule.rate === undefined && rule.times === undefined) rule.times = 1;
    this.rules.push(rule);
    return rule.id;
  }

  /** The next `times` calls matching `match` fail with `fault`. */
  failNext(times: number, match: RequestMatcher, fault: FaultKind, options: { delayMs?: number } = {}): string {
    return this.add({ fault, match, times, ...options });
  }

  /** A share (0..1) of calls matching `match` fail with `fault` until cleared. */
  failShare(rate: number, match: RequestMatcher, fault: FaultKind, options: { delayMs?: number } = {}): string {
    return this.add({ fault, match, rate, ...options });
  }

  remove(id: string): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The fault to apply to this call, if any; consumes one firing of a counted rule. */
  pick(request: RequestInfo): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!matchesRequest(rule.match, request)) continue;
      if (rule.times !== undefined && rule.rate === undefined) {
        rule.times -= 1;
        rule.fired += 1;
        if (rule.times <= 0) this.remove(rule.id);
        return rule;
      }
      if (Math.random() < (rule.rate ?? 0)) {
        rule.fired += 1;
        if (rule.times !== undefined && --rule.times <= 0) this.remove(rule.id);
        return rule;
      }
    }
    return undefined;
  }
}
