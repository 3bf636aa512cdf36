/**
 * Fault injection for the offline stand-ins (the local org and the Metronome sandbox), one vocabulary for both:
 * a rule makes the next `times` matching calls, or a `rate` (0..1) of them, fail with a `fault` the stand-in
 * knows, optionally after `delayMs`. Rules are checked in the order added; the first that fires wins.
 */
import { randomUUID } from 'node:crypto';

/** What a call is, as the stand-in names it: a kind (`query`, `GET /v1/plans`), whether it writes, method and path. */
export interface RequestInfo {
  kind: string;
  write: boolean;
  method: string;
  path: string;
}

/**
 * Which calls a rule applies to: `'any'`, `'write'`, `'read'`, a kind or a prefix of one on a `.` or `/` boundary
 * (`'bulk2.ingest'` matches `bulk2.ingest.create`; `'GET /v1/customers/{customer_id}'` matches its `/plans`), a list
 * of those, or a predicate.
 */
export type RequestMatcher = string | string[] | ((request: RequestInfo) => boolean);

export interface FaultSpec<Fault extends string = string> {
  fault: Fault;
  match?: RequestMatcher;
  /** Fire on the next `times` matching calls (default 1 unless `rate` is set). */
  times?: number;
  /** Fire on this share (0..1) of matching calls, for as long as the rule lives (or `times` firings). */
  rate?: number;
  /** For slow faults: how long to wait before answering (default 2,000 ms). */
  delayMs?: number;
  /** For faults with a status: the HTTP status to answer (the stand-in's default otherwise). */
  status?: number;
  /** For rate limits: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
}

export interface FaultRule<Fault extends string = string> extends FaultSpec<Fault> {
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
    return request.kind === m || request.kind.startsWith(`${m}.`) || request.kind.startsWith(`${m}/`);
  });
}

export class FaultPlan<Fault extends string> {
  private rules: FaultRule<Fault>[] = [];
  private injectedCount = 0;
  private readonly faults: readonly Fault[];
  private readonly random: () => number;

  /** `random` decides `rate` rules: pass a seeded one for a repeatable run (default Math.random). */
  constructor(faults: readonly Fault[], random: () => number = Math.random) {
    this.faults = faults;
    this.random = random;
  }

  /** Adds a rule; returns its id (for `remove`). Bad specs are refused with a message naming the field. */
  add(spec: FaultSpec<Fault>): string {
    if (!this.faults.includes(spec.fault))
      throw new Error(`Unknown fault ${JSON.stringify(spec.fault)}; expected one of ${this.faults.join(', ')}`);
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) throw new Error('rate must be between 0 and 1');
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0))
      throw new Error('times must be a whole number above 0');
    const rule: FaultRule<Fault> = { ...spec, id: randomUUID(), fired: 0 };
    if (rule.rate === undefined && rule.times === undefined) rule.times = 1;
    this.rules.push(rule);
    return rule.id;
  }

  /** The next `times` calls matching `match` fail with `fault`. */
  failNext(
    times: number,
    match: RequestMatcher,
    fault: Fault,
    options: Omit<FaultSpec<Fault>, 'fault' | 'match' | 'times' | 'rate'> = {},
  ): string {
    return this.add({ ...options, fault, match, times });
  }

  /** A share (0..1) of calls matching `match` fail with `fault` until cleared. */
  failShare(
    rate: number,
    match: RequestMatcher,
    fault: Fault,
    options: Omit<FaultSpec<Fault>, 'fault' | 'match' | 'times' | 'rate'> = {},
  ): string {
    return this.add({ ...options, fault, match, rate });
  }

  remove(id: string): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule<Fault>[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** How many calls a rule fired on. */
  get injected(): number {
    return this.injectedCount;
  }

  /** The rule to apply to this call, if any, among faults `only` accepts; consumes one firing. */
  pick(request: RequestInfo, only: (fault: Fault) => boolean = () => true): FaultRule<Fault> | undefined {
    for (const rule of this.rules) {
      if (!only(rule.fault) || !matchesRequest(rule.match, request)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired += 1;
      this.injectedCount += 1;
      if (rule.times !== undefined && --rule.times <= 0) this.remove(rule.id);
      return rule;
    }
    return undefined;
  }
}
