import { describe, expect, it } from 'vitest';
import { FaultPlan, faultAdmin, matchesRequest, type RequestInfo } from '../../scripts/fault-injection/index.ts';

/** The stand-ins' shared fault vocabulary: rules by `times` or `rate`, matched by kind, prefix, class or predicate. */
const call = (kind: string, write = false): RequestInfo => ({ kind, write, method: write ? 'POST' : 'GET', path: '/' });

describe('fault injection shared by the local org and the Metronome sandbox', () => {
  it('matches a kind, a prefix on a . or / boundary, reads and writes, and predicates', () => {
    expect(matchesRequest('bulk2.ingest', call('bulk2.ingest.create'))).toBe(true);
    expect(matchesRequest('bulk2.in', call('bulk2.ingest.create'))).toBe(false);
    expect(matchesRequest('GET /v1/customers/{customer_id}', call('GET /v1/customers/{customer_id}/plans'))).toBe(true);
    expect(matchesRequest('GET /v1/customers', call('GET /v1/customersx'))).toBe(false);
    expect(matchesRequest('write', call('query'))).toBe(false);
    expect(matchesRequest(['read', 'write'], call('query'))).toBe(true);
    expect(matchesRequest((r) => r.kind.endsWith('upsert'), call('sobject.upsert', true))).toBe(true);
  });

  it('a counted rule fires exactly `times` times, then is gone; `only` picks among fault kinds', () => {
    const plan = new FaultPlan(['slow', '503'] as const);
    plan.failNext(2, 'query', '503');
    plan.failNext(1, 'query', 'slow', { delayMs: 5 });
    expect(plan.pick(call('query'), (f) => f === 'slow')?.delayMs).toBe(5);
    expect(plan.pick(call('query'))?.fault).toBe('503');
    expect(plan.pick(call('sobject.create'))).toBeUndefined();
    expect(plan.pick(call('query'))?.fault).toBe('503');
    expect(plan.pick(call('query'))).toBeUndefined();
    expect(plan.injected).toBe(3);
  });

  it('a rate rule follows its random source, so a seeded plan repeats', () => {
    const sequence = [0.1, 0.9, 0.4, 0.6];
    let i = 0;
    const plan = new FaultPlan(['503'] as const, () => sequence[i++ % sequence.length]);
    plan.failShare(0.5, 'any', '503');
    expect([1, 2, 3, 4].map(() => plan.pick(call('query'))?.fault ?? null)).toEqual(['503', null, '503', null]);
  });

  it('refuses bad rules with a message naming the field, over the admin endpoint too', () => {
    const plan = new FaultPlan(['503'] as const);
    expect(() => plan.add({ fault: 'meteor' as '503' })).toThrow(/Unknown fault "meteor"; expected one of 503/);
    expect(() => plan.add({ fault: '503', rate: 2 })).toThrow(/rate must be between 0 and 1/);
    expect(() => plan.add({ fault: '503', times: 0 })).toThrow(/times must be a whole number/);
    expect(faultAdmin(plan, 'POST', [], { fault: 'meteor' })).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/Unknown fault/) },
    });
    const added = faultAdmin(plan, 'POST', [], { fault: '503', match: 'query', times: 2 });
    expect(added?.status).toBe(201);
    expect(faultAdmin(plan, 'GET', [], undefined)?.body).toMatchObject({
      faults: [{ fault: '503', times: 2 }],
      injected: 0,
    });
    expect(faultAdmin(plan, 'DELETE', [(added?.body as { id: string }).id], undefined)?.status).toBe(204);
    expect(plan.list()).toEqual([]);
    expect(faultAdmin(plan, 'PUT', [], undefined)).toBeUndefined();
  });
});
