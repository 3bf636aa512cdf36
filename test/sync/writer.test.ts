import { describe, expect, it } from 'vitest';
import { chooseApi, parseBulkError, toCsvRows, toSObject } from '../../scripts/sync/writer.ts';
import type { WriteOutcome } from '../../scripts/sync/state/index.ts';

const record = {
  object: 'NOME__Metronome_Invoice__c',
  externalIdField: 'NOME__Metronome_Invoice_ID__c',
  externalId: 'inv-1',
  sourceId: 'inv-1',
  fields: {
    NOME__Total__c: 12.5,
    NOME__Start__c: null,
    NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c-1' },
    NOME__Status__c: 'DRAFT',
  },
};

describe('writer', () => {
  it('JSON bodies keep parent references nested; CSV turns them into relationship columns and nulls into #N/A', () => {
    expect(toSObject(record)).toMatchObject({
      NOME__Metronome_Invoice_ID__c: 'inv-1',
      NOME__Customer__r: { NOME__Metronome_Customer_ID__c: 'c-1' },
    });
    const { columns, rows } = toCsvRows([record]);
    expect(columns).toContain('NOME__Customer__r.NOME__Metronome_Customer_ID__c');
    expect(rows[0]).toMatchObject({
      NOME__Total__c: '12.5',
      NOME__Start__c: '#N/A',
      'NOME__Customer__r.NOME__Metronome_Customer_ID__c': 'c-1',
    });
  });

  it('chooses Bulk API 2.0 from the threshold up', () => {
    expect(chooseApi(1999, 2000)).toBe('collections');
    expect(chooseApi(2000, 2000)).toBe('bulk');
  });

  it('reads Bulk 2.0 failed-row errors into code, message and field', () => {
    expect(parseBulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --')).toEqual({
      code: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Name]',
      field: 'Name',
    });
    expect(
      parseBulkError(
        'NUMBER_OUTSIDE_VALID_RANGE:Total: value outside of valid range on numeric field: 1e16:NOME__Total__c --',
      ),
    ).toMatchObject({ code: 'NUMBER_OUTSIDE_VALID_RANGE', field: 'NOME__Total__c' });
  });
});

describe('record-level lock errors', () => {
  it('resends only the locked records, after a backoff, and reports them locked once the rounds run out', async () => {
    const { SalesforceClient } = await import('../../scripts/salesforce/index.ts');
    const { upsertRecords } = await import('../../scripts/sync/writer.ts');
    const calls: { at: number; keys: string[] }[] = [];
    const conn = {
      version: '62.0',
      instanceUrl: 'http://127.0.0.1:1',
      request: async (req: { body?: string | Buffer }) => {
        const keys = (JSON.parse(String(req.body)) as { records: Record<string, string>[] }).records.map(
          (r) => r.E__c!,
        );
        calls.push({ at: Date.now(), keys });
        return keys.map((k) =>
          k === 'ok'
            ? { id: 'a00000000000001AAA', success: true, created: true, errors: [] }
            : { success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked', fields: [] }] },
        );
      },
    };
    const client = new SalesforceClient(conn, { retry: { attempts: 3, baseDelayMs: 60, maxDelayMs: 1000 } });
    const object = { apiName: 'A__c', externalIdField: 'E__c' } as Parameters<typeof upsertRecords>[1];
    const write = (key: string) => ({
      record: { object: 'A__c', externalIdField: 'E__c', externalId: key, sourceId: key, fields: {} },
      hash: key,
    });
    const outcomes: WriteOutcome[] = [];
    await upsertRecords(client, object, [write('ok'), write('locked')], 'collections', {
      onOutcomes: (list) => void outcomes.push(...list),
    });
    expect(calls.map((c) => c.keys)).toEqual([['ok', 'locked'], ['locked'], ['locked']]);
    // backoffDelay(0) is 30–60 ms, backoffDelay(1) 60–120 ms.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(25);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(55);
    expect(outcomes.find((o) => o.externalId === 'locked')).toMatchObject({
      success: false,
      error: { code: 'UNABLE_TO_LOCK_ROW' },
    });
    expect(outcomes.find((o) => o.externalId === 'ok')).toMatchObject({ success: true, created: true });
  });
});

describe('a whole call refused because of one record', () => {
  const setup = async (refusal: string) => {
    const { SalesforceClient } = await import('../../scripts/salesforce/index.ts');
    const calls: string[][] = [];
    const conn = {
      version: '62.0',
      instanceUrl: 'http://127.0.0.1:1',
      request: async (req: { body?: string | Buffer }) => {
        const keys = (JSON.parse(String(req.body)) as { records: Record<string, string>[] }).records.map(
          (r) => r.E__c!,
        );
        calls.push(keys);
        if (keys.includes('bad'))
          throw Object.assign(new Error('Cannot deserialize instance of date from VALUE_STRING value 2024-13-45'), {
            errorCode: refusal,
          });
        return keys.map(() => ({ id: 'a00000000000001AAA', success: true, created: true, errors: [] }));
      },
    };
    const client = new SalesforceClient(conn, { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const object = { apiName: 'A__c', externalIdField: 'E__c' } as Parameters<
      typeof import('../../scripts/sync/writer.ts').upsertRecords
    >[1];
    const writes = ['a', 'b', 'bad', 'c', 'd'].map((key) => ({
      record: { object: 'A__c', externalIdField: 'E__c', externalId: key, sourceId: `src-${key}`, fields: {} },
      hash: key,
    }));
    return { client, object, writes, calls };
  };

  it('is split until the record stands alone: it fails with the code and its Metronome ID, the others land', async () => {
    const { upsertRecords } = await import('../../scripts/sync/writer.ts');
    const { client, object, writes, calls } = await setup('JSON_PARSER_ERROR');
    const outcomes: WriteOutcome[] = [];
    await upsertRecords(client, object, writes, 'collections', { onOutcomes: (list) => void outcomes.push(...list) });
    expect(
      outcomes
        .filter((o) => o.success)
        .map((o) => o.externalId)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(outcomes.find((o) => !o.success)).toMatchObject({
      externalId: 'bad',
      sourceId: 'src-bad',
      error: { code: 'JSON_PARSER_ERROR', message: expect.stringContaining('2024-13-45') },
    });
    expect(calls.length).toBeLessThanOrEqual(7);
  });

  it('a refusal no single record causes (a field the org lacks) still stops the run', async () => {
    const { upsertRecords } = await import('../../scripts/sync/writer.ts');
    const { client, object, writes, calls } = await setup('INVALID_FIELD');
    await expect(upsertRecords(client, object, writes, 'collections')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    expect(calls).toHaveLength(1);
  });
});
