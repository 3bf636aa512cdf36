/**
 * The benchmark's reference contenders, each run alone in a child process (so its peak RSS is its own) by
 * bench/main.ts: the read floor (Metronome through the SDK only), the write floor (sObject Collections, 200 a call,
 * 4 in flight), one Bulk 2.0 job per object, and naive per-record upserts (a sample). Writers take the mapped
 * records main.ts saved (NDJSON, in the order the sync meets them), so they measure writing only.
 * Usage (by main.ts): node scripts/sync/bench/contenders.ts, with the task as JSON in NOME_BENCH_TASK.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pLimit from 'p-limit';
import { loadSchema } from '../../metadata/index.ts';
import type { MappedRecord } from '../../mapping/index.ts';
import { createMetronomeSource } from '../../metronome/index.ts';
import { connectToOrg, SalesforceClient, type WriteResult } from '../../salesforce/index.ts';
import { defaultOptions } from '../config.ts';
import { syncObjects, type SyncObject } from '../objects.ts';
import { toCsvRows, toSObject } from '../writer.ts';
import { COLLECTION_SIZE } from './minimum.ts';

export type ContenderKind = 'read-floor' | 'write-floor' | 'bulk-per-object' | 'naive';

export interface ContenderTask {
  kind: ContenderKind;
  instanceUrl?: string;
  accessToken?: string;
  metronome?: { baseURL: string; bearerToken: string };
  /** NDJSON of MappedRecord in the order the sync meets them: the catalog, then the customers' lists, parents first. */
  recordsFile?: string;
  /** Records the naive contender sends (the first ones of the file, so every parent exists before its children). */
  sample?: number;
}

export interface ContenderResult {
  kind: ContenderKind;
  /** Time spent on the work itself, after start-up and loading the records file. */
  workMs: number;
  /** Records (writers) or Metronome objects (reader) handled. */
  records: number;
  failed: number;
  /** Calls the contender made itself (Salesforce, or Metronome for the reader). */
  calls: number;
  maxRssKiB: number;
  /** CPU time of the process (user + system, all threads). */
  cpuMs: number;
}

const COLLECTIONS_IN_FLIGHT = 4;

async function* readRecords(file: string, limit = Infinity): AsyncGenerator<MappedRecord> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    if (!line) continue;
    if (count++ >= limit) break;
    yield JSON.parse(line) as MappedRecord;
  }
  lines.close();
}

/** Records grouped by object, in the schema's parents-first order. */
async function byObjectParentsFirst(file: string, objects: SyncObject[]): Promise<[SyncObject, MappedRecord[]][]> {
  const groups = new Map<string, MappedRecord[]>(objects.map((o) => [o.apiName, []]));
  for await (const record of readRecords(file)) groups.get(record.object)?.push(record);
  return objects
    .map((o) => [o, groups.get(o.apiName)!] as [SyncObject, MappedRecord[]])
    .filter(([, records]) => records.length > 0);
}

async function salesforce(task: ContenderTask): Promise<SalesforceClient> {
  const { conn } = await connectToOrg({ instanceUrl: task.instanceUrl, accessToken: task.accessToken });
  return new SalesforceClient(conn);
}

const failures = (results: WriteResult[]) => results.filter((r) => !r.success).length;

async function readFloor(task: ContenderTask): Promise<Omit<ContenderResult, 'kind' | 'maxRssKiB' | 'cpuMs'>> {
  const options = defaultOptions();
  const source = createMetronomeSource({
    ...task.metronome!,
    concurrency: options.metronomeConcurrency,
    maxRetries: options.metronomeMaxRetries,
  });
  const started = performance.now();
  let records = 0;
  for await (const _ of source.plans()) records++;
  for await (const _ of source.billableMetrics()) records++;
  for await (const bundle of source.customerBundles({ mode: 'all' })) {
    records += 1 + bundle.plans.length + bundle.invoices.length + bundle.creditGrants.length;
    for (const invoice of bundle.invoices) records += invoice.line_items?.length ?? 0;
  }
  const calls = Object.values(source.callCounts()).reduce((a, b) => a + b, 0);
  return { workMs: performance.now() - started, records, failed: 0, calls };
}

async function writeFloor(task: ContenderTask): Promise<Omit<ContenderResult, 'kind' | 'maxRssKiB' | 'cpuMs'>> {
  const client = await salesforce(task);
  const groups = await byObjectParentsFirst(task.recordsFile!, syncObjects(loadSchema()));
  const limit = pLimit(COLLECTIONS_IN_FLIGHT);
  const started = performance.now();
  let records = 0;
  let failed = 0;
  for (const [object, list] of groups) {
    // Children reference parents by external ID, so an object starts only when its parents have all landed.
    const chunks: MappedRecord[][] = [];
    for (let i = 0; i < list.length; i += COLLECTION_SIZE) chunks.push(list.slice(i, i + COLLECTION_SIZE));
    const results = await Promise.all(
      chunks.map((chunk) =>
        limit(() => client.upsertCollection(object.apiName, object.externalIdField, chunk.map(toSObject))),
      ),
    );
    records += list.length;
    failed += results.reduce((n, r) => n + failures(r), 0);
  }
  return { workMs: performance.now() - started, records, failed, calls: client.callCount() };
}

async function bulkPerObject(task: ContenderTask): Promise<Omit<ContenderResult, 'kind' | 'maxRssKiB' | 'cpuMs'>> {
  const client = await salesforce(task);
  const groups = await byObjectParentsFirst(task.recordsFile!, syncObjects(loadSchema()));
  const started = performance.now();
  let records = 0;
  let failed = 0;
  for (const [object, list] of groups) {
    const { columns, rows } = toCsvRows(list);
    const result = await client.bulkIngest({
      object: object.apiName,
      operation: 'upsert',
      externalIdFieldName: object.externalIdField,
      columns,
      rows,
    });
    records += list.length;
    failed += result.failed.length + result.unprocessed.length;
  }
  return { workMs: performance.now() - started, records, failed, calls: client.callCount() };
}

/** One upsert call per record, one at a time: what a first integration often does. */
async function naive(task: ContenderTask): Promise<Omit<ContenderResult, 'kind' | 'maxRssKiB' | 'cpuMs'>> {
  const client = await salesforce(task);
  const objects = new Map(syncObjects(loadSchema()).map((o) => [o.apiName, o]));
  const sample: MappedRecord[] = [];
  for await (const record of readRecords(task.recordsFile!, task.sample ?? 1000)) sample.push(record);
  const started = performance.now();
  let failed = 0;
  for (const record of sample) {
    const object = objects.get(record.object)!;
    const { [object.externalIdField]: _key, ...fields } = toSObject(record);
    const path = `/sobjects/${object.apiName}/${object.externalIdField}/${encodeURIComponent(record.externalId)}`;
    try {
      await client.call('upsert', 'PATCH', path, fields);
    } catch {
      failed++;
    }
  }
  return { workMs: performance.now() - started, records: sample.length, failed, calls: client.callCount() };
}

const RUNNERS: Record<
  ContenderKind,
  (task: ContenderTask) => Promise<Omit<ContenderResult, 'kind' | 'maxRssKiB' | 'cpuMs'>>
> = {
  'read-floor': readFloor,
  'write-floor': writeFloor,
  'bulk-per-object': bulkPerObject,
  naive,
};

async function main(): Promise<void> {
  const task = JSON.parse(process.env.NOME_BENCH_TASK ?? 'null') as ContenderTask | null;
  const run = task && RUNNERS[task.kind];
  if (!run) throw new Error(`NOME_BENCH_TASK must name a contender: ${Object.keys(RUNNERS).join(', ')}`);
  const result = await run(task);
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  const out: ContenderResult = { kind: task.kind, ...result, maxRssKiB: usage.maxRSS, cpuMs };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
