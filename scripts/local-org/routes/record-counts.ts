/**
 * `GET /limits/recordCount[?sObjects=A,B]` ("Record Count", REST API Developer Guide), what
 * `sf org list sobject record-counts` reads: the live rows of each object, `{ sObjects: [{ count, name }] }`.
 */
import type { Org } from '../org.ts';

export function recordCounts(org: Org, query: URLSearchParams): { sObjects: { count: number; name: string }[] } {
  const wanted = (query.get('sObjects') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const objects = org.model.objects.filter((o) => wanted.length === 0 || wanted.includes(o.name.toLowerCase()));
  const sObjects = objects.map((o) => {
    let count = 0;
    for (const row of org.store.rowsOf(o.name)) if (!row.v.IsDeleted) count += 1;
    return { count, name: o.name };
  });
  return { sObjects: wanted.length === 0 ? sObjects.filter((s) => s.count > 0) : sObjects };
}
