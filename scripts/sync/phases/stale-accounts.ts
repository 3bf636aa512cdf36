/**
 * A stale account link never hides billing data. Metronome may point a customer at an account the org no longer
 * has (merged, deleted) or not yet has, or that the sync's user cannot see; Salesforce then refuses the whole
 * record. Checked reactively, on Salesforce's own per-record answer (no extra call while every account exists):
 * - a customer is sent again at once without the primary-account lookup, so it and its invoices, plans and grants
 *   land; the org keeps the digest of what it holds, so every later run tries the link again and makes it once the
 *   account exists (a customer already stored unlinked is not sent twice in one run);
 * - an account link record is only its account: it is not created, and a later run creates it.
 * Both are reported as ACCOUNT_NOT_IN_ORG warnings naming the account ID and where Metronome holds it.
 */
import { getField, getObject, type PackageSchema } from '../../metadata/index.ts';
import { recordHash } from '../hash.ts';
import type { WriteOutcome } from '../state/index.ts';
import type { PendingWrite } from '../writer.ts';
import { asWriteSet } from '../write-set.ts';
import type { RunLedger } from './ledger.ts';
import type { RecordSink } from './sink.ts';

export const ACCOUNT_NOT_IN_ORG = 'ACCOUNT_NOT_IN_ORG';

/** Salesforce's answers for a lookup to an account that is gone (recycle bin, hard-deleted, merged away) or hidden. */
const ACCOUNT_GONE = new Set([
  'INVALID_CROSS_REFERENCE_KEY',
  'ENTITY_IS_DELETED',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
]);

type Policy = 'unlink' | 'wait';

/** The package's lookups to Account (source names) and what a record does without its account. */
const ACCOUNT_LOOKUPS: { object: string; field: string; policy: Policy }[] = [
  { object: 'Metronome_Customer__c', field: 'Account__c', policy: 'unlink' },
  { object: 'Metronome_Customer_Account__c', field: 'Account__c', policy: 'wait' },
];

interface Refused {
  write: PendingWrite;
  outcome: WriteOutcome;
}

/** An answer that may be about the account lookup (the record tells for sure, see staleAccount). */
function mayBeStale(outcome: WriteOutcome, field: string): boolean {
  if (outcome.success || !ACCOUNT_GONE.has(outcome.error?.code ?? '')) return false;
  const fields = outcome.error?.field?.split(',').map((f) => f.trim());
  return !fields?.length || fields.includes(field);
}

/** The account ID the record points at, when Salesforce's answer is about that account. */
function staleAccount(write: PendingWrite, outcome: WriteOutcome, field: string): string | undefined {
  const accountId = write.record.fields[field];
  if (outcome.success || typeof accountId !== 'string' || !ACCOUNT_GONE.has(outcome.error?.code ?? ''))
    return undefined;
  // Salesforce does not always name the field; when it does, it must be this one.
  const fields = outcome.error?.field?.split(',').map((f) => f.trim());
  return !fields?.length || fields.includes(field) ? accountId : undefined;
}

function unlinked(write: PendingWrite, field: string): PendingWrite {
  const record = { ...write.record, fields: { ...write.record.fields, [field]: null } };
  return { ...write, record, hash: recordHash(record) };
}

function warningFor(policy: Policy, field: string, { write, outcome }: Refused) {
  const { record } = write;
  const accountId = String(record.fields[field]);
  const origin = record.origins?.[field] ?? 'Metronome';
  const what =
    policy === 'unlink'
      ? 'the customer is synced without it (its billing data lands) and is linked on a later run once the account exists'
      : 'this account link is not created; a later run creates it once the account exists';
  return {
    object: record.object,
    externalId: record.externalId,
    metronomeId: record.sourceId,
    code: ACCOUNT_NOT_IN_ORG,
    field,
    message: `Account ${accountId} (from ${origin}) is not in the org or not visible to the sync's user (${outcome.error?.code}): ${what}.`,
  };
}

/** The sink, with records refused for a stale account link handled as above instead of failing. */
export function toleratingStaleAccounts(sink: RecordSink, schema: PackageSchema, ledger: RunLedger): RecordSink {
  const lookups = new Map(
    ACCOUNT_LOOKUPS.map(({ object, field, policy }) => {
      const def = getObject(schema, object);
      return [def.apiName, { field: getField(def, field).apiName, policy }] as const;
    }),
  );
  return {
    ...sink,
    upsert: async (object, writes, api, onOutcomes, onLanded) => {
      const lookup = lookups.get(object.apiName);
      if (!lookup) return sink.upsert(object, writes, api, onOutcomes, onLanded);
      const set = asWriteSet(writes);
      // Held until their records are looked up (the set is not kept in memory): is it the account they point at?
      const suspects = new Map<string, WriteOutcome>();
      // A set that landed whole has no refused link to resend.
      await sink.upsert(
        object,
        set,
        api,
        (outcomes) => {
          onOutcomes(outcomes.filter((o) => !(mayBeStale(o, lookup.field) && suspects.set(o.externalId, o))));
        },
        onLanded,
      );
      if (!suspects.size) return;
      const refused: Refused[] = [];
      const notStale: WriteOutcome[] = [];
      for (const write of await set.find(new Set(suspects.keys()))) {
        const outcome = suspects.get(write.record.externalId)!;
        suspects.delete(write.record.externalId);
        if (staleAccount(write, outcome, lookup.field)) refused.push({ write, outcome });
        else notStale.push(outcome);
      }
      notStale.push(...suspects.values());
      if (notStale.length) onOutcomes(notStale);
      if (!refused.length) return;
      const warn = (r: Refused) => ledger.addWarning(warningFor(lookup.policy, lookup.field, r));
      if (lookup.policy === 'wait') return refused.forEach(warn);
      const resend: PendingWrite[] = [];
      for (const r of refused) {
        const retry = unlinked(r.write, lookup.field);
        // Already held unlinked (an earlier run): the org has it as it can be; only the link was tried again.
        if (r.write.known?.hash === retry.hash) {
          ledger.of(object.apiName).unchanged++;
          warn(r);
        } else resend.push(retry);
      }
      if (!resend.length) return;
      const refusedByKey = new Map(refused.map((r) => [r.write.record.externalId, r]));
      await sink.upsert(object, resend, 'collections', (outcomes) => {
        for (const o of outcomes) if (o.success) warn(refusedByKey.get(o.externalId)!);
        onOutcomes(outcomes);
      });
    },
  };
}
