/**
 * Who the org is, and whether it still holds what the sync wrote, in one API request. Before an incremental run a
 * handful of records the sync wrote are looked up by Id; if some are gone, the org was wiped, refreshed or
 * hand-edited, and the run re-sends everything. The Organization query and every sampled record go in one Composite
 * call (one API request whatever the number of objects), sampled from the org this environment last reached; if
 * the answer names another org, that org gets a sample of its own.
 */
import { COMPOSITE_SUBREQUESTS, SalesforceCallError, type SalesforceClient } from '../../salesforce/index.ts';
import type { StateStore } from '../state/index.ts';

export interface OrgIdentity {
  orgId: string;
  /** Changes when the org is recreated or refreshed. */
  fingerprint: string;
}

const IDENTITY_SOQL = 'SELECT Id, CreatedDate FROM Organization LIMIT 1';

function identityOf(rows: { Id?: string; CreatedDate?: string }[] | undefined): OrgIdentity {
  const org = rows?.[0];
  if (!org?.Id) throw new Error('The org did not answer its own Organization record');
  return { orgId: org.Id, fingerprint: org.CreatedDate ?? '' };
}

export async function readOrgIdentity(client: SalesforceClient): Promise<OrgIdentity> {
  return identityOf(await client.queryAll<{ Id: string; CreatedDate?: string }>(IDENTITY_SOQL));
}

/** Ids per object, at most `perObject`, trimmed so every object's sample fits in one Composite call beside the query. */
export function refreshSample(
  sampleIds: (perObject: number) => Map<string, string[]>,
  perObject: number,
): { object: string; id: string }[] {
  if (perObject < 1) return [];
  const sample = [...sampleIds(perObject)];
  const fits = Math.max(1, Math.floor((COMPOSITE_SUBREQUESTS - 1) / Math.max(1, sample.length)));
  return sample.flatMap(([object, ids]) => ids.slice(0, Math.min(perObject, fits)).map((id) => ({ object, id })));
}

/** Why a full sync is due, from the lookups' answers: some sampled records are gone. */
function missingReason(
  checks: { object: string; id: string }[],
  answers: { status: number; body: unknown }[],
): string | undefined {
  const missing = new Map<string, number>();
  answers.forEach((answer, index) => {
    const { object } = checks[index]!;
    if (answer.status === 404) missing.set(object, (missing.get(object) ?? 0) + 1);
    else if (answer.status !== 200)
      throw new SalesforceCallError(`refresh check of ${object}`, new Error(JSON.stringify(answer.body)));
  });
  for (const [object, count] of missing) {
    return `${count} of ${checks.filter((c) => c.object === object).length} sampled ${object} records the sync wrote are gone from the org`;
  }
  return undefined;
}

export interface OrgCheck {
  identity: OrgIdentity;
  /** Why a full sync is due because sampled records are gone; call only once the state vouches for this org. */
  missing(): Promise<string | undefined>;
}

export async function checkOrg(
  client: SalesforceClient,
  store: StateStore,
  environment: string,
  perObject: number,
): Promise<OrgCheck> {
  const guess = store.lastOrgId(environment);
  const checks = guess ? refreshSample((n) => store.sampleIds(guess, n), perObject) : [];
  if (!checks.length) {
    const identity = await readOrgIdentity(client);
    return { identity, missing: () => sampleOf(client, store, identity.orgId, perObject) };
  }
  const urls = [
    `/query?q=${encodeURIComponent(IDENTITY_SOQL)}`,
    ...checks.map((c) => `/sobjects/${c.object}/${c.id}?fields=Id`),
  ];
  const [org, ...answers] = await client.compositeGet(urls);
  if (org!.status !== 200) throw new SalesforceCallError('Organization query', new Error(JSON.stringify(org!.body)));
  const identity = identityOf((org!.body as { records?: { Id?: string; CreatedDate?: string }[] }).records);
  if (identity.orgId !== guess) return { identity, missing: () => sampleOf(client, store, identity.orgId, perObject) };
  return { identity, missing: async () => missingReason(checks, answers) };
}

/** A sample of its own for an org other than the one guessed (one more Composite call). */
async function sampleOf(
  client: SalesforceClient,
  store: StateStore,
  orgId: string,
  perObject: number,
): Promise<string | undefined> {
  const checks = refreshSample((n) => store.sampleIds(orgId, n), perObject);
  if (!checks.length) return undefined;
  const answers = await client.compositeGet(checks.map((c) => `/sobjects/${c.object}/${c.id}?fields=Id`));
  return missingReason(checks, answers);
}
