import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteQueues } from '../../../scripts/sync/phases/queues.ts';
import { SpooledQueue, spoolFile } from '../../../scripts/sync/phases/spool.ts';
import { SET_BATCH, type PendingWrite } from '../../../scripts/sync/write-set.ts';
import { queueBatch } from '../../../scripts/sync/phases/write.ts';
import { childRecord, healthyOrg, parentRecord, testRun, writesSent, type SentRequest } from './fixtures.ts';

const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const dirs: string[] = [];
const spoolDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-spool-test-'));
  dirs.push(dir);
  return dir;
};
/** Every file under the spool directory, with its mode bits. */
const spoolFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, mode: statSync(file).mode & 0o777, dirMode: statSync(e.parentPath).mode & 0o777 };
    });
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('write queues past the memory threshold', () => {
  it('spill to an owner-only file, still send each object in the fewest calls, and remove the file after', async () => {
    const dir = spoolDir();
    const { run, sent, store } = testRun({ maxQueuedRecords: 50, spoolDir: dir });
    const queues = new WriteQueues(run);
    for (const batch of [0, 1, 2, 3])
      queueBatch(run, queues, { records: keys(`b${batch}-`, 45).map((k) => parentRecord(k, { v: 1 })), errors: [] });
    // A record met again after its first version was spilled: the later version is the one sent.
    queueBatch(run, queues, { records: [parentRecord('b0-0', { v: 2 })], errors: [] });
    const files = spoolFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f.mode, f.dirMode]).toEqual([0o600, 0o700]);
    expect(queues.size).toBe(180);

    await queues.flush();
    const calls = writesSent(sent);
    expect(calls).toHaveLength(1); // 180 parents: one collections call, as without spilling
    const records = (calls[0]!.body as { records: { PK__c: string; v: number }[] }).records;
    expect(records).toHaveLength(180);
    expect(records.find((r) => r.PK__c === 'b0-0')!.v).toBe(2);
    expect(run.ledger.of('P__c').created).toBe(180);
    expect(store.getRows(run.orgId, 'P__c', ['b3-44']).get('b3-44')!.sfId).toBeTruthy();
    queues.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('hold back the children of a failed parent even when the children were spilled', async () => {
    const dir = spoolDir();
    const refused = (request: SentRequest) => {
      const body = request.body as { records?: { PK__c?: string }[] } | undefined;
      if (request.method === 'PATCH' && request.url.includes('/P__c/'))
        return body!.records!.map((r) =>
          r.PK__c === 'bad'
            ? {
                success: false,
                errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'no', fields: [] }],
              }
            : { id: 'a00000000000009AAA', success: true, created: true, errors: [] },
        );
      return healthyOrg(request);
    };
    const { run, sent } = testRun({ maxQueuedRecords: 20, spoolDir: dir, responder: refused });
    const queues = new WriteQueues(run);
    queueBatch(run, queues, {
      records: [
        parentRecord('good'),
        parentRecord('bad'),
        ...keys('c', 60).map((k, i) => childRecord(k, i % 2 ? 'bad' : 'good')),
      ],
      errors: [],
    });
    expect(spoolFiles(dir).length).toBeGreaterThan(0);
    await queues.flush();
    const children = writesSent(sent).filter((r) => r.url.includes('/C__c/'));
    const sentKeys = children.flatMap((r) => (r.body as { records: { CK__c: string }[] }).records.map((c) => c.CK__c));
    expect(sentKeys.sort()).toEqual(
      keys('c', 60)
        .filter((_, i) => i % 2 === 0)
        .sort(),
    );
    const held = run.ledger.errors.filter((e) => e.code === 'PARENT_NOT_SYNCED');
    expect(held).toHaveLength(30);
    queues.dispose();
  });
});

describe('a spool file', () => {
  const write = (key: string, text: string): PendingWrite => ({
    record: parentRecord(key, { Description__c: text }),
    hash: `h-${key}`,
    known: { sfId: null, intentRun: null },
  });
  const sentOf = async (queue: SpooledQueue) => {
    const sent: PendingWrite[] = [];
    for await (const batch of queue.batches()) sent.push(...batch);
    return sent;
  };

  it('gives back exactly what was spilled: text of every width across its chunks, and a record larger than one', async () => {
    const queue = new SpooledQueue(spoolFile(spoolDir(), 'P__c', 0));
    // Each record about 1 KB of UTF-8 with 2-, 3- and 4-byte characters, so lines straddle the 64 KiB chunks the
    // file is written and read in; one record alone is larger than a chunk.
    const texts = keys('r', 400).map((k, i) => `${k} é€😀 ${'ü語'.repeat(120 + (i % 7))} "quoted"\n\\`);
    texts[123] = `big ${'😀é'.repeat(60_000)}`;
    const writes = texts.map((text, i) => write(`r${i}`, text));
    for (const w of writes.slice(0, 250)) queue.add(w);
    queue.spill();
    for (const w of writes.slice(250)) queue.add(w);
    queue.spill();
    // Met again after it was spilled: the version in memory is the one sent, once.
    const later = write('r7', 'the later version');
    queue.add(later);

    const sent = await sentOf(queue);
    expect(sent).toEqual([...writes.filter((w) => w.record.externalId !== 'r7'), later]);
    queue.dispose();
  });

  it('is read back in batches of SET_BATCH records, whatever the chunks its lines arrive in', async () => {
    const queue = new SpooledQueue(spoolFile(spoolDir(), 'P__c', 0));
    const count = 2 * SET_BATCH + 500;
    for (const key of keys('s', count)) queue.add(write(key, `${key} ${'x'.repeat(40)}`));
    queue.spill();
    const sizes: number[] = [];
    for await (const batch of queue.batches()) sizes.push(batch.length);
    expect(sizes).toEqual([SET_BATCH, SET_BATCH, 500]);
    queue.dispose();
  });
});
