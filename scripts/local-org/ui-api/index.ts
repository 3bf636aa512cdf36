/**
 * The UI API of the local org: what `lightning/graphql` and `lightning/uiRecordApi` read through in Salesforce.
 * `…/graphql` (GraphQL API) and `…/ui-api/…` (records, object info, list views, layouts, record UI).
 */
import type { Org } from '../org.ts';
import type { Ctx, Route, RouteMaker } from '../routes.ts';
import { runGraphql } from './graphql.ts';
import { uiApiRoute } from './routes.ts';

/** Routes `p` (the path after `/services/data/vNN.N/`) when it is `graphql` or `ui-api/…`. */
export function handleUiApi(org: Org, ctx: Ctx, p: string[], r: RouteMaker): Route | undefined {
  if (p[0] === 'graphql' && p.length === 1 && ctx.method === 'POST') {
    return r('graphql', () => ({ status: 200, body: runGraphql(org, parseJson(ctx.body), ctx.version) }));
  }
  if (p[0] === 'ui-api' && ctx.method === 'GET') return uiApiRoute(org, ctx, p.slice(1), r);
  return undefined;
}

/** A body that is not JSON is a GraphQL syntax error, answered like any other (HTTP 200, `errors[]`). */
function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || 'null');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
