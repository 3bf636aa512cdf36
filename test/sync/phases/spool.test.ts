import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteQueues } from '../../../scripts/sync/phases/queues.ts';
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
