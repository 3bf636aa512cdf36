/**
 * The stand-ins' shared admin endpoints for faults, under `/__admin/faults` on each server:
 * `GET` lists the rules, `POST {fault, match, times, rate, delayMs, …}` adds one (answers `{id}`),
 * `DELETE` clears them all and `DELETE /__admin/faults/{id}` removes one.
 */
import type { FaultPlan, FaultSpec } from './plan.ts';

export interface AdminReply {
  status: number;
  body?: unknown;
}

/** Answers `/__admin/faults[/{id}]` (`rest` is the path after `faults`), or undefined for another admin path. */
export function faultAdmin<Fault extends string>(
  plan: FaultPlan<Fault>,
  method: string,
  rest: string[],
  body: unknown,
): AdminReply | undefined {
  if (method === 'GET' && rest.length === 0)
    return { status: 200, body: { faults: plan.list(), injected: plan.injected } };
  if (method === 'POST' && rest.length === 0) {
    try {
      return { status: 201, body: { id: plan.add(body as FaultSpec<Fault>) } };
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message } };
    }
  }
  if (method === 'DELETE' && rest.length === 1) {
    plan.remove(rest[0]);
    return { status: 204 };
  }
  if (method === 'DELETE' && rest.length === 0) {
    plan.clear();
    return { status: 204 };
  }
  return undefined;
}
