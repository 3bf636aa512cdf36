/**
 * `created: false` after a retried call, or for a record a killed run sent without hearing back, does not say who
 * created the record: that earlier send, or someone before it. The org's CreatedDate does: the sync claims the
 * record (so mirrors its deletion later) only when it is not older than the send. One query per 200 unsure
 * records, only then.
 */
import { soqlList, type SalesforceClient } from '../../salesforce/index.ts';
import { externalIdField, matchKey } from '../keys.ts';
import type { SyncObject } from '../objects.ts';
import type { WriteOutcome } from '../state/index.ts';

/** Allowance for this machine's clock running ahead of the org's when comparing with CreatedDate. */
const CLOCK_SKEW_MS = 60_000;

export async function settleOwnership(
  client: SalesforceClient,
  object: SyncObject,
  outcomes: WriteOutcome[],
  sentSince: (o: WriteOutcome) => number | undefined,
): Promise<void> {
  const unsure = outcomes.filter((o) => o.success && !o.created && o.sfId && sentSince(o) !== undefined);
  for (let i = 0; i < unsure.length; i += 200) {
    const part = unsure.slice(i, i + 200);
    const soql = `SELECT Id, CreatedDate FROM ${object.apiName} WHERE Id IN ${soqlList(part.map((o) => o.sfId!))}`;
    const rows = await client.queryAll<{ Id: string; CreatedDate: string }>(soql);
    const createdAt = new Map(rows.map((r) => [r.Id.slice(0, 15), Date.parse(r.CreatedDate)]));
    for (const o of part) {
      const at = createdAt.get(o.sfId!.slice(0, 15));
      o.created = at !== undefined && at >= sentSince(o)! - CLOCK_SKEW_MS;
    }
  }
}

/**
 * Which of these unanswered first sends created their record: looked up in the org by external ID, a record counts
 * as created by the send when it is not older than the run that sent it. The others were never created (or were
 * someone else's): forgetting them loses nothing.
 */
export async function resolveIntents(
  client: SalesforceClient,
  object: SyncObject,
  intents: { externalId: string; intentRun: number }[],
  sentAt: (runId: number) => number | undefined,
): Promise<{ externalId: string; sfId: string }[]> {
  const field = externalIdField(object);
  const claims: { externalId: string; sfId: string }[] = [];
  for (let i = 0; i < intents.length; i += 200) {
    const part = intents.slice(i, i + 200);
    const soql = `SELECT Id, CreatedDate, ${object.externalIdField} FROM ${object.apiName} WHERE ${object.externalIdField} IN ${soqlList(part.map((p) => p.externalId))}`;
    const rows = await client.queryAll<Record<string, string>>(soql);
    const byKey = new Map(rows.map((r) => [matchKey(field, String(r[object.externalIdField])), r]));
    for (const intent of part) {
      const row = byKey.get(matchKey(field, intent.externalId));
      const since = sentAt(intent.intentRun);
      if (row && since !== undefined && Date.parse(row.CreatedDate!) >= since - CLOCK_SKEW_MS)
        claims.push({ externalId: intent.externalId, sfId: row.Id! });
    }
  }
  return claims;
}
