/**
 * The refresh check: before an incremental run, a handful of records the sync wrote are looked up by Id; if some
 * are gone, the org was wiped, refreshed or hand-edited, and the run re-sends everything. All samples go in one
 * Composite call (one API request whatever the number of objects), so an unchanged re-run stays at three calls.
 */
import { COMPOSITE_SUBREQUESTS, SalesforceCallError, type SalesforceClient } from '../../salesforce/index.ts';
import type { RunState } from './run-state.ts';

/** Ids per object, at most `perObject`, trimmed so every object's sample fits in one Composite call. */
export function refreshSample(state: RunState, perObject: number): [string, string[]][] {
  if (perObject < 1) return [];
  const sample = [...state.sampleIds(perObject)];
  const fits = Math.max(1, Math.floor(COMPOSITE_SUBREQUESTS / Math.max(1, sample.length)));
  return sample.map(([object, ids]) => [object, ids.slice(0, Math.min(perObject, fits))]);
}

/** Why a full sync is due when sampled records the sync wrote are gone from the org. */
export async function missingFromOrg(client: SalesforceClient, state: RunState, perObject: number): Promise<string | undefined> {
  const checks = refreshSample(state, perObject).flatMap(([object, ids]) => ids.map((id) => ({ object, id })));
  for (let i = 0; i < checks.length; i += COMPOSITE_SUBREQUESTS) {
    const part = checks.slice(i, i + COMPOSITE_SUBREQUESTS);
    const answers = await client.compositeGet(part.map((c) => `/sobjects/${c.object}/${c.id}?fields=Id`));
    const missing = new Map<string, number>();
    answers.forEach((answer, index) => {
      const { object } = part[index]!;
      if (answer.status === 404) missing.set(object, (missing.get(object) ?? 0) + 1);
      else if (answer.status !== 200) throw new SalesforceCallError(`refresh check of ${object}`, new Error(JSON.stringify(answer.body)));
    });
    for (const [object, count] of missing) {
      const sampled = part.filter((c) => c.object === object).length;
      return `${count} of ${sampled} sampled ${object} records the sync wrote are gone from the org`;
    }
  }
  return undefined;
}
