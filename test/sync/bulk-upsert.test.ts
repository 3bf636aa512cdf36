import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SalesforceClient } from '../../scripts/salesforce/index.ts';
import type { WriteOutcome } from '../../scripts/sync/state/index.ts';
import { MEMO_IN_MEMORY_MAX } from '../../scripts/sync/bulk-upsert.ts';
import { upsertRecords, type PendingWrite } from '../../scripts/sync/writer.ts';
import { PARENT } from './phases/fixtures.ts';

/**
 * A Bulk API 2.0 double: jobs take one upload each; every row succeeds, a new Id per row, unless `failing`. It takes
 * sObject Collections upserts too (`collections` lists the external IDs each one carried).
 */
function bulkOrg(onUpload: () => void = () => undefined, failing = 0, attempts = 1) {
  const jobs = new Map<string, { csv: string; state: string }>();
  const collections: string[][] = [];
  let n = 0;
  const conn = {
    version: '62.0',
    instanceUrl: 'http://org.test',
    request: async (req: { method: string; url: string; body?: string | Buffer }) => {
      const path = new URL(req.url).pathname.replace('/services/data/v62.0', '');
      if (path.startsWith('/composite/sobjects/')) {
        const records = (JSON.parse(String(req.body)) as { records: { PK__c: string }[] }).records;
        collections.push(records.map((r) => r.PK__c));
        return records.map((_, i) => ({ id: `a01${String(++n).padStart(12, '0')}${i}`, success: true, created: true }));
      }
      const [, , , id, what] = path.split('/');
      if (req.method === 'POST' && path === '/jobs/ingest') {
        const job = `750${String(++n).padStart(15, '0')}`;
        jobs.set(job, { csv: '', state: 'Open' });
        return { id: job };
      }
      const job = jobs.get(id!)!;
      if (req.method === 'PUT') {
        if (job.csv) throw new Error('a job takes one upload');
        onUpload();
        job.csv = String(req.body);
        return '';
      }
      const rows = job.csv.trim().split('\n');
      if (req.method === 'PATCH') {
        const asked = (JSON.parse(String(req.body)) as { state: string }).state;
        return { state: (job.state = asked === 'UploadComplete' ? 'JobComplete' : asked) };
      }
      if (!what) return { state: job.state, numberRecordsProcessed: rows.length - 1, numberRecordsFailed: failing };
      if (what === 'failedResults')
        return [
          `"sf__Id","sf__Error",${rows[0]}`,
          ...rows.slice(1, 1 + failing).map((r) => `"","X:refused:Name --",${r}`),
        ]
          .join('\n')
          .concat('\n');
      if (what !== 'successfulResults') return '';
      return [`"sf__Id","sf__Created",${rows[0]}`, ...rows.slice(1).map((r, i) => `a00${id!.slice(-6)}${i},true,${r}`)]
        .join('\n')
        .concat('\n');
    },
  };
  return {
    jobs,
    collections,
    client: new SalesforceClient(conn, { retry: { attempts, baseDelayMs: 1, maxDelayMs: 1 } }),
  };
}

const write = (i: number): PendingWrite => ({
  record: {
    object: 'P__c',
    externalIdField: 'PK__c',
    externalId: `p-${i}`,
    sourceId: `src-${i}`,
    fields: { Name: `parent, "number" ${i}` },
  } as PendingWrite['record'],
  hash: `h${i}`,
});

/**
 * Runs `work` with the process's TMPDIR a private folder of its own (the system temp directory is read when a job
 * starts), so only this test's files show there; restores TMPDIR and removes the folder after.
 */
async function withPrivateTmpdir(work: (dir: string) => Promise<void>): Promise<void> {
  const privateTmp = mkdtempSync(path.join(tmpdir(), 'bulk-upsert-test-'));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  try {
    await work(privateTmp);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(privateTmp, { recursive: true, force: true });
  }
}

describe('a Bulk upsert', () => {
  it('writes its CSV to an owner-only temp file while it is sent, and removes it after', () =>
    withPrivateTmpdir(async (privateTmp) => {
      const seen: { dirMode: number; files: number[] }[] = [];
      const { client } = bulkOrg(() => {
        for (const d of readdirSync(privateTmp)) {
          const dir = path.join(privateTmp, d);
          const files = readdirSync(dir).map((f) => statSync(path.join(dir, f)).mode & 0o777);
          seen.push({ dirMode: statSync(dir).mode & 0o777, files });
        }
      });
      await upsertRecords(client, PARENT, [write(1), write(2)], 'bulk');
      // TMPDIR is the process's: work another test left running may show here too, under the same rules.
      expect(seen.length).toBeGreaterThanOrEqual(1);
      for (const { dirMode, files } of seen) {
        expect(dirMode).toBe(0o700);
        expect(files.length).toBeGreaterThanOrEqual(1);
        expect(files.every((mode) => mode === 0o600)).toBe(true);
      }
      await expect.poll(() => readdirSync(privateTmp), { timeout: 2000 }).toEqual([]);
    }));

  it('is one job for the whole set; each record comes back with its Id, digest and source', async () => {
    const { jobs, client } = bulkOrg();
    const outcomes: WriteOutcome[] = [];
    const writes = Array.from({ length: 5000 }, (_, i) => write(i));
    await upsertRecords(client, PARENT, writes, 'bulk', { onOutcomes: (list) => void outcomes.push(...list) });
    expect(jobs.size).toBe(1);
    expect(outcomes).toHaveLength(5000);
    expect(outcomes.find((o) => o.externalId === 'p-4321')).toMatchObject({
      success: true,
      created: true,
      hash: 'h4321',
      sourceId: 'src-4321',
      sfId: expect.stringMatching(/^a00/),
    });
  });

  it('says every record landed once its job is found complete without a failed row, before reading any outcome', async () => {
    const { client } = bulkOrg();
    const heard: string[] = [];
    await upsertRecords(client, PARENT, [write(1), write(2)], 'bulk', {
      onLanded: () => heard.push('landed'),
      onOutcomes: (list) => void heard.push(...list.map((o) => o.externalId)),
    });
    expect(heard).toEqual(['landed', 'p-1', 'p-2']);
  });

  it('never says landed when a row failed: children must wait for the outcomes to be held back', async () => {
    const { client } = bulkOrg(undefined, 1);
    let landed = false;
    const failed: string[] = [];
    await upsertRecords(client, PARENT, [write(1), write(2)], 'bulk', {
      onLanded: () => (landed = true),
      onOutcomes: (list) => void failed.push(...list.filter((o) => !o.success).map((o) => o.externalId)),
    });
    expect(failed).toEqual(['p-1']);
    expect(landed).toBe(false);
  });

  it('writes each cell as Salesforce reads it, and sends a record whose text is "#N/A" by Collections', async () => {
    const { jobs, collections, client } = bulkOrg();
    const outcomes: WriteOutcome[] = [];
    const writeOf = (key: string, fields: Record<string, unknown>, known?: PendingWrite['known']): PendingWrite => ({
      record: {
        object: 'P__c',
        externalIdField: 'PK__c',
        externalId: key,
        sourceId: `src-${key}`,
        fields: { PK__c: key, ...fields },
      } as PendingWrite['record'],
      hash: `h-${key}`,
      ...(known ? { known } : {}),
    });
    const writes = [
      writeOf('a', { Name: 'Ärger, "quoted"', Amount__c: 1.5, Flag__c: true, Note__c: null }),
      writeOf('b', { Name: '', Amount__c: 0, Flag__c: false, G__r: { GK__c: 'g-1' } }, { sfId: 'a00B', intentRun: 7 }),
      writeOf('c', { Name: 'two\nlines', G__c: null }),
      writeOf('d', { Name: '#N/A' }),
      writeOf('e', { Name: 'e', G__r: { GK__c: '#N/A' } }),
    ];
    await upsertRecords(client, PARENT, writes, 'bulk', { onOutcomes: (list) => void outcomes.push(...list) });
    // The columns are every field some record names, in the order met; a field a record does not name stays empty
    // (left as it is), a null or an empty text is #N/A (cleared).
    expect([...jobs.values()].map((j) => j.csv)).toEqual([
      [
        'PK__c,Name,Amount__c,Flag__c,Note__c,G__r.GK__c,G__c',
        'a,"Ärger, ""quoted""",1.5,true,#N/A,,',
        'b,#N/A,0,false,,g-1,',
        'c,"two\nlines",,,,,#N/A',
        '',
      ].join('\n'),
    ]);
    expect(collections).toEqual([['d', 'e']]);
    expect(outcomes.find((o) => o.externalId === 'b')).toMatchObject({ hash: 'h-b', sourceId: 'src-b', intentRun: 7 });
    expect(
      outcomes
        .filter((o) => o.success)
        .map((o) => o.externalId)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('is split into several jobs only when its CSV would pass the upload limit, each record in exactly one', async () => {
    const { jobs, client } = bulkOrg();
    client.bulkUploadMaxBytes = 4096;
    const outcomes: WriteOutcome[] = [];
    const writes = Array.from({ length: 500 }, (_, i) => write(i));
    await upsertRecords(client, PARENT, writes, 'bulk', { onOutcomes: (list) => void outcomes.push(...list) });
    const uploads = [...jobs.values()].map((j) => j.csv);
    expect(uploads.length).toBeGreaterThan(3);
    for (const csv of uploads) expect(Buffer.byteLength(csv)).toBeLessThanOrEqual(4096);
    const sent = uploads.flatMap((csv) => csv.trim().split('\n').slice(1));
    expect(sent).toHaveLength(500);
    expect(new Set(outcomes.filter((o) => o.success).map((o) => o.externalId)).size).toBe(500);
    expect(uploads[0]!.split('\n')[0]).toBe('Name,PK__c');
    expect(sent).toContain('"parent, ""number"" 7",p-7');
    // Each job is filled as far as the limit allows: its next record would not have fitted.
    for (const [i, csv] of uploads.slice(0, -1).entries()) {
      const nextRow = uploads[i + 1]!.split('\n')[1]!;
      expect(Buffer.byteLength(csv) + Buffer.byteLength(`${nextRow}\n`)).toBeGreaterThan(4096);
    }
  });

  it.runIf(existsSync('/proc/self/fd'))(
    "keeps what a large set's outcomes need on disk, not in memory, and still matches every record",
    () =>
      withPrivateTmpdir(async (privateTmp) => {
        // The memo's file is unlinked as soon as it is open (nothing left behind if the process dies): seen through
        // the process's open files.
        const memoFiles: string[] = [];
        const { client } = bulkOrg(() => {
          for (const fd of readdirSync('/proc/self/fd')) {
            const target = (() => {
              try {
                return readlinkSync(`/proc/self/fd/${fd}`);
              } catch {
                return '';
              }
            })();
            if (target.startsWith(privateTmp) && target.includes('nome-keys-')) memoFiles.push(target);
          }
        });
        const outcomes: WriteOutcome[] = [];
        const writes = Array.from({ length: MEMO_IN_MEMORY_MAX + 1 }, (_, i) => write(i));
        await upsertRecords(client, PARENT, writes, 'bulk', { onOutcomes: (list) => void outcomes.push(...list) });
        expect(memoFiles).toHaveLength(1);
        expect(outcomes).toHaveLength(MEMO_IN_MEMORY_MAX + 1);
        expect(outcomes.find((o) => o.externalId === 'p-12345')).toMatchObject({
          hash: 'h12345',
          sourceId: 'src-12345',
        });
        await expect.poll(() => readdirSync(privateTmp), { timeout: 2000 }).toEqual([]);
      }),
  );

  it('sends the records by sObject Collections when Bulk keeps failing for a passing reason before the job runs', async () => {
    const unavailable = () => {
      throw Object.assign(new Error('Service Unavailable'), { errorCode: 'ERROR_HTTP_503' });
    };
    const { jobs, collections, client } = bulkOrg(unavailable, 0, 3);
    const outcomes: WriteOutcome[] = [];
    let landed = false;
    const writes = Array.from({ length: 300 }, (_, i) => write(i));
    await upsertRecords(client, PARENT, writes, 'bulk', {
      onLanded: () => (landed = true),
      onOutcomes: (list) => void outcomes.push(...list),
    });
    // A new job for each attempt, each aborted.
    expect([...jobs.values()].map((j) => j.state)).toEqual(['Aborted', 'Aborted', 'Aborted']);
    expect(collections.map((c) => c.length)).toEqual([200, 100]);
    expect(outcomes.filter((o) => o.success)).toHaveLength(300);
    expect(outcomes.find((o) => o.externalId === 'p-42')).toMatchObject({ hash: 'h42', sourceId: 'src-42' });
    expect(landed).toBe(false);
  });

  it('still fails the send when Bulk refuses the data itself', async () => {
    const refused = () => {
      throw Object.assign(new Error('InvalidBatch : bad header'), { errorCode: 'InvalidBatch' });
    };
    const { collections, client } = bulkOrg(refused, 0, 3);
    await expect(upsertRecords(client, PARENT, [write(1), write(2)], 'bulk')).rejects.toThrow(/InvalidBatch/);
    expect(collections).toEqual([]);
  });
});
