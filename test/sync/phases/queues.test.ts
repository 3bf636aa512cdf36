import { describe, expect, it } from 'vitest';
import { dependencyLevels, WriteQueues } from '../../../scripts/sync/phases/queues.ts';
import { queueBatch } from '../../../scripts/sync/phases/write.ts';
import {
  CHILD,
  childRecord,
  healthyOrg,
  PARENT,
  parentRecord,
  testRun,
  writesSent,
  type Responder,
} from './fixtures.ts';

const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('write queues', () => {
  it('records of one object from many batches travel together: 3 batches of 60 parents are one call', async () => {
    const { run, sent } = testRun();
    const queues = new WriteQueues(run);
    for (const batch of [0, 1, 2])
      queueBatch(run, queues, { records: keys(`b${batch}-`, 60).map((k) => parentRecord(k)), errors: [] });
    expect(queues.size).toBe(180);
    await queues.flush();
    expect(writesSent(sent)).toHaveLength(1);
    expect(run.ledger.of('P__c').created).toBe(180);
    expect(queues.size).toBe(0);
  });

  it('a record queued twice is sent once, in its latest version', async () => {
    const { run, sent } = testRun();
    const queues = new WriteQueues(run);
    queueBatch(run, queues, { records: [parentRecord('p', { v: 1 })], errors: [] });
    queueBatch(run, queues, { records: [parentRecord('p', { v: 2 })], errors: [] });
    await queues.flush();
    expect((writesSent(sent)[0]!.body as { records: { v: number }[] }).records.map((r) => r.v)).toEqual([2]);
  });

  it('flushes parents before children, and 450 children in ⌈450/200⌉ calls', async () => {
    const { run, sent } = testRun();
    const queues = new WriteQueues(run);
    queueBatch(run, queues, {
      records: [...keys('c', 450).map((k) => childRecord(k, 'p')), parentRecord('p')],
      errors: [],
    });
    await queues.flush();
    expect(writesSent(sent).map((r) => r.url.split('/composite/sobjects/')[1]!.split('/')[0])).toEqual([
      'P__c',
      'C__c',
      'C__c',
      'C__c',
    ]);
  });

  it('an object the read completes is sent at once, before any flush; its children wait for its send', async () => {
    const { run, sent } = testRun();
    const queues = new WriteQueues(run);
    queueBatch(run, queues, { records: [parentRecord('p'), childRecord('c', 'p')], errors: [] });
    queues.complete(['C__c']);
    queues.complete(['P__c']);
    await queues.settle();
    const objectsSent = () => writesSent(sent).map((r) => r.url.split('/composite/sobjects/')[1]!.split('/')[0]);
    expect(objectsSent()).toEqual(['P__c', 'C__c']);
    expect(queues.size).toBe(0);
    await queues.flush();
    expect(objectsSent()).toEqual(['P__c', 'C__c']);
  });

  it('a failed early send stops the read (throwIfFailed) and the final flush raises it; its children are not sent', async () => {
    const { run, sent } = testRun({
      responder: (request) => {
        if (request.url.includes('/P__c/'))
          throw Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' });
        return healthyOrg(request);
      },
    });
    const queues = new WriteQueues(run);
    queueBatch(run, queues, { records: [parentRecord('p'), childRecord('c', 'p')], errors: [] });
    queues.complete(['P__c', 'C__c']);
    await queues.settle();
    expect(() => queues.throwIfFailed()).toThrow(/Session expired/);
    await expect(queues.flush()).rejects.toThrow(/Session expired/);
    expect(writesSent(sent).some((r) => r.url.includes('/C__c/'))).toBe(false);
  });

  it("a child's Bulk job starts once its parent's job is found complete without failures, before the parent's outcomes are read", async () => {
    const jobs = new Map<string, { object: string; csv: string }>();
    let childJobCreated!: () => void;
    const childJob = new Promise<void>((resolve) => (childJobCreated = resolve));
    const order: string[] = [];
    const bulk: Responder = async (request) => {
      const [, id, what] = new URL(request.url).pathname.split('/jobs/ingest')[1]!.split('/');
      if (request.method === 'POST') {
        const object = (request.body as { object: string }).object;
        const job = `750${String(jobs.size + 1).padStart(15, '0')}`;
        jobs.set(job, { object, csv: '' });
        order.push(`create ${object}`);
        if (object === 'C__c') childJobCreated();
        return { id: job };
      }
      const job = jobs.get(id!)!;
      if (request.method === 'PUT') return void (job.csv = String(request.body));
      const rows = job.csv.trim().split('\n');
      if (request.method === 'PATCH' || !what)
        return { state: 'JobComplete', numberRecordsProcessed: rows.length - 1, numberRecordsFailed: 0 };
      if (job.object === 'P__c') await Promise.race([childJob, new Promise((resolve) => setTimeout(resolve, 3000))]);
      order.push(`outcomes of ${job.object}`);
      return [`"sf__Id","sf__Created",${rows[0]}`, ...rows.slice(1).map((r, i) => `a00${id!.slice(-6)}${i},true,${r}`)]
        .join('\n')
        .concat('\n');
    };
    const { run } = testRun({ bulkThreshold: 1, responder: bulk });
    const queues = new WriteQueues(run);
    queueBatch(run, queues, { records: [parentRecord('p'), childRecord('c', 'p')], errors: [] });
    queues.complete(['P__c', 'C__c']);
    await queues.flush();
    expect(order).toEqual(['create P__c', 'create C__c', 'outcomes of P__c', 'outcomes of C__c']);
    expect(run.ledger.of('C__c').created).toBe(1);
  });

  it('orders objects by depth in the lookup graph', () => {
    expect(dependencyLevels([CHILD, PARENT]).map((level) => level.map((o) => o.apiName))).toEqual([['P__c'], ['C__c']]);
  });
});
