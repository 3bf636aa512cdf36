import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../scripts/metadata/index.ts';
import { recordHash } from '../../../scripts/sync/hash.ts';
import { syncObjects, type SyncObject } from '../../../scripts/sync/objects.ts';
import { RunLedger } from '../../../scripts/sync/phases/ledger.ts';
import type { RecordSink } from '../../../scripts/sync/phases/sink.ts';
import { toleratingStaleAccounts } from '../../../scripts/sync/phases/stale-accounts.ts';
import type { WriteOutcome } from '../../../scripts/sync/state/index.ts';
import type { MappedRecord } from '../../../scripts/sync/types.ts';
import type { PendingWrite, WriteApi } from '../../../scripts/sync/writer.ts';
import { asWriteSet } from '../../../scripts/sync/write-set.ts';

const schema = loadSchema();
const objects = syncObjects(schema);
const object = (apiName: string) => objects.find((o) => o.apiName === apiName)!;
const CUSTOMER = object('NOME__Metronome_Customer__c');
const LINK = object('NOME__Metronome_Customer_Account__c');
const PLAN = object('NOME__Metronome_Plan__c');
const GONE = '001000000000GONEAAA';
const HERE = '001000000000HEREAAA';

function record(o: SyncObject, key: string, fields: Record<string, unknown>): MappedRecord {
  return {
    object: o.apiName,
    externalIdField: o.externalIdField,
    externalId: key,
    sourceId: key.split(':')[0]!,
    fields: { [o.externalIdField]: key, ...fields },
    origins: { NOME__Account__c: 'customer_config.salesforce_account_id' },
  } as MappedRecord;
}
const pending = (r: MappedRecord, known?: PendingWrite['known']): PendingWrite => ({
  record: r,
  hash: recordHash(r),
  known,
});

/** An org that refuses lookups to GONE (naming the field, as given), and records every call. */
function scriptedSink(code = 'INVALID_CROSS_REFERENCE_KEY', field: string | undefined = 'NOME__Account__c') {
  const calls: { object: string; api: WriteApi; keys: string[]; accounts: unknown[] }[] = [];
  const sink: RecordSink = {
    preflight: () => undefined,
    delete: async () => [],
    hurry: () => () => undefined,
    upsert: async (o, set, api, onOutcomes) => {
      const writes: PendingWrite[] = [];
      for await (const batch of asWriteSet(set).batches()) writes.push(...batch);
      calls.push({
        object: o.apiName,
        api,
        keys: writes.map((w) => w.record.externalId),
        accounts: writes.map((w) => w.record.fields.NOME__Account__c),
      });
      onOutcomes(
        writes.map((w): WriteOutcome => {
          const base = {
            object: o.apiName,
            externalId: w.record.externalId,
            sourceId: w.record.sourceId,
            hash: w.hash,
          };
          return w.record.fields.NOME__Account__c === GONE
            ? { ...base, success: false, error: { code, field, message: 'invalid cross reference id' } }
            : { ...base, success: true, sfId: 'a01000000000001AAA', created: true };
        }),
      );
    },
  };
  return { sink, calls };
}

async function send(
  code: string | undefined,
  field: string | undefined,
  o: SyncObject,
  writes: PendingWrite[],
  api: WriteApi = 'bulk',
) {
  const { sink, calls } = scriptedSink(code, field);
  const ledger = new RunLedger(
    objects.map((x) => x.apiName),
    100,
  );
  const outcomes: WriteOutcome[] = [];
  await toleratingStaleAccounts(sink, schema, ledger).upsert(o, writes, api, (list) => outcomes.push(...list));
  return { calls, ledger, outcomes };
}

describe('records refused for an account the org does not have', () => {
  it('sends a refused customer again without the lookup, once, and reports the account and its source', async () => {
    const stale = record(CUSTOMER, 'c-1', { NOME__Account__c: GONE, NOME__Name__c: 'Acme' });
    const fine = record(CUSTOMER, 'c-2', { NOME__Account__c: HERE, NOME__Name__c: 'Globex' });
    const { calls, ledger, outcomes } = await send(undefined, 'NOME__Account__c', CUSTOMER, [
      pending(stale),
      pending(fine),
    ]);
    expect(calls).toEqual([
      { object: CUSTOMER.apiName, api: 'bulk', keys: ['c-1', 'c-2'], accounts: [GONE, HERE] },
      { object: CUSTOMER.apiName, api: 'collections', keys: ['c-1'], accounts: [null] },
    ]);
    expect(outcomes.map((o) => [o.externalId, o.success])).toEqual([
      ['c-2', true],
      ['c-1', true],
    ]);
    // The digest stored is the unlinked record's: the next run sees a difference and tries the link again.
    expect(outcomes.find((o) => o.externalId === 'c-1')!.hash).toBe(
      recordHash({ ...stale, fields: { ...stale.fields, NOME__Account__c: null } }),
    );
    expect(ledger.errorCount).toBe(0);
    expect(ledger.warnings).toEqual([
      expect.objectContaining({
        code: 'ACCOUNT_NOT_IN_ORG',
        metronomeId: 'c-1',
        field: 'NOME__Account__c',
        message: expect.stringContaining(`Account ${GONE} (from customer_config.salesforce_account_id)`),
      }),
    ]);
  });

  it('does not send again a customer the org already holds unlinked; it stays unchanged, still reported', async () => {
    const stale = record(CUSTOMER, 'c-1', { NOME__Account__c: GONE });
    const unlinkedHash = recordHash({ ...stale, fields: { ...stale.fields, NOME__Account__c: null } });
    const { calls, ledger, outcomes } = await send(undefined, 'NOME__Account__c', CUSTOMER, [
      pending(stale, { sfId: 'a01000000000001AAA', intentRun: null, hash: unlinkedHash }),
    ]);
    expect(calls).toHaveLength(1);
    expect(outcomes).toEqual([]);
    expect(ledger.of(CUSTOMER.apiName).unchanged).toBe(1);
    expect(ledger.warnings).toHaveLength(1);
  });

  it('leaves an account link out, reported, and does not store it, so a later run creates it', async () => {
    const link = record(LINK, 'c-1:GONE', { NOME__Account__c: GONE, NOME__Is_Primary__c: false });
    const { calls, ledger, outcomes } = await send(
      'ENTITY_IS_DELETED',
      undefined,
      LINK,
      [pending(link)],
      'collections',
    );
    expect(calls).toHaveLength(1);
    expect(outcomes).toEqual([]);
    expect(ledger.errorCount).toBe(0);
    expect(ledger.warnings[0]).toMatchObject({
      code: 'ACCOUNT_NOT_IN_ORG',
      externalId: 'c-1:GONE',
      message: expect.stringContaining('link is not created'),
    });
  });

  it('keeps other refusals as errors: another field named, another code, another object', async () => {
    const stale = record(CUSTOMER, 'c-1', { NOME__Account__c: GONE });
    const otherField = await send('INVALID_CROSS_REFERENCE_KEY', 'NOME__Name__c', CUSTOMER, [pending(stale)]);
    const otherCode = await send('FIELD_INTEGRITY_EXCEPTION', 'NOME__Account__c', CUSTOMER, [pending(stale)]);
    for (const { calls, outcomes, ledger } of [otherField, otherCode]) {
      expect(calls).toHaveLength(1);
      expect(outcomes.map((o) => o.success)).toEqual([false]);
      expect(ledger.warnings).toEqual([]);
    }
    const plan = await send(undefined, 'NOME__Account__c', PLAN, [
      pending(record(PLAN, 'p-1', { NOME__Account__c: GONE })),
    ]);
    expect(plan.outcomes.map((o) => o.success)).toEqual([false]);
  });
});
