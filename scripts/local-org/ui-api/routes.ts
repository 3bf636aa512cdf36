/** The `GET /services/data/vNN.N/ui-api/…` resources, each answered by its own module. */
import type { Org } from '../org.ts';
import type { Ctx, Route, RouteMaker } from '../server.ts';
import { getRecord, getRecords, listParam } from './records.ts';

export function uiApiRoute(org: Org, ctx: Ctx, p: string[], r: RouteMaker): Route | undefined {
  const q = ctx.url.searchParams;
  const v = ctx.version;
  const ok = (body: unknown) => ({ status: 200, body });
  if (p[0] === 'records') {
    if (p[1] === 'batch' && p.length === 3) return r('uiapi.records.batch', () => ok(getRecords(org, listParam(p[2]), q, v)));
    if (p.length === 2) return r('uiapi.record', () => ok(getRecord(org, p[1], q, v)));
  }
  return undefined;
}
