/** The `GET /services/data/vNN.N/ui-api/…` resources, each answered by its own module. */
import type { Org } from '../org.ts';
import type { Ctx, Route, RouteMaker } from '../routes.ts';
import { layoutFields, layoutOfObject, recordUi } from './layout.ts';
import { listInfo, listRecords, listViews } from './list.ts';
import { objectInfo, objectInfos, objectNamed } from './object-info.ts';
import { getRecord, getRecords, listParam, objectOfRecord } from './records.ts';
import { relatedListInfo, relatedListRecords, relatedListSummaries } from './related.ts';

export function uiApiRoute(org: Org, ctx: Ctx, p: string[], r: RouteMaker): Route | undefined {
  const q = ctx.url.searchParams;
  const v = ctx.version;
  const ok = (body: unknown) => ({ status: 200, body });
  switch (p[0]) {
    case 'records':
      if (p[1] === 'batch' && p.length === 3)
        return r('uiapi.records.batch', () => ok(getRecords(org, listParam(p[2]), q, v)));
      if (p.length === 2)
        return r('uiapi.record', () => ok(getRecord(org, p[1], q, v, recordLayoutFields(org, p[1], q))));
      return undefined;
    case 'object-info':
      if (p[1] === 'batch' && p.length === 3)
        return r('uiapi.objectInfo.batch', () => ok(objectInfos(org, listParam(p[2]))));
      if (p.length === 2) return r('uiapi.objectInfo', () => ok(objectInfo(org, objectNamed(org, p[1]))));
      return undefined;
    case 'list-info':
      if (p.length === 3) return r('uiapi.listInfo', () => ok(listInfo(org, p[1], p[2])));
      return undefined;
    case 'list-records':
      if (p.length === 3) return r('uiapi.listRecords', () => ok(listRecords(org, p[1], p[2], q, v)));
      return undefined;
    case 'list-ui':
      if (p.length === 2) return r('uiapi.listUi', () => ok(listViews(org, p[1], v)));
      if (p.length === 3)
        return r('uiapi.listUi', () =>
          ok({ info: listInfo(org, p[1], p[2]), records: listRecords(org, p[1], p[2], q, v) }),
        );
      return undefined;
    case 'layout':
      if (p.length === 2) return r('uiapi.layout', () => ok(layoutOfObject(org, p[1], q)));
      return undefined;
    case 'related-list-info':
      if (p.length === 2) return r('uiapi.relatedListInfo', () => ok(relatedListSummaries(org, p[1])));
      if (p.length === 3) return r('uiapi.relatedListInfo', () => ok(relatedListInfo(org, p[1], p[2])));
      return undefined;
    case 'related-list-records':
      if (p.length === 3) return r('uiapi.relatedListRecords', () => ok(relatedListRecords(org, p[1], p[2], q, v)));
      return undefined;
    case 'record-ui':
      if (p.length === 2) return r('uiapi.recordUi', () => ok(recordUi(org, listParam(p[1]), q, v)));
      return undefined;
  }
  return undefined;
}

/** `records/{id}?layoutTypes=Full`: the fields of the record's layout, as optional fields. */
function recordLayoutFields(org: Org, id: string, q: URLSearchParams): string[] {
  const types = listParam(q.get('layoutTypes'));
  if (!types.length) return [];
  const { object } = objectOfRecord(org, id);
  return types.flatMap((layoutType) =>
    layoutFields(org, object, new URLSearchParams({ layoutType, mode: q.get('modes') ?? 'View' })),
  );
}
