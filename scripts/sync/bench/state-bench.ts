/**
 * The state store's CPU for a first load and for the unchanged re-run after it, replayed without Metronome or an
 * org: the same calls `nome sync run` makes of `StateStore` for the 2,000-customer bench sandbox (26,931 records
 * over 9 objects), with the real batch sizes (intents per 2,000-record write batch, outcomes per 2,000-record
 * result chunk, an object at a time, parents first), against a state file in a temporary directory.
 *
 *   node scripts/sync/bench/state-bench.ts [--runs 5] [--scale 1] [--module path/to/state/index.ts] [--json]
 *
 * Prints each phase's CPU time (user + system, process.cpuUsage) as the median of the runs; `--module` measures
 * another version of the store, the module that exports its `StateStore`, for a before and after on the same
 * machine at the same load (e.g. `mkdir /tmp/main && git archive main scripts/sync | tar -x -C /tmp/main`, then
 * `/tmp/main/scripts/sync/state/index.ts`, or `…/sync/state.ts` from before the store was split into files);
 * `--scale 5` replays a sandbox five times the size (10,000 customers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { StateStore, WriteOutcome } from '../state/index.ts';

/**
 * Records per object, about as many as the 2,000-customer sandbox (seed 42) holds, in the order a first load
 * writes them, and whether the object's external ID is composed from its Metronome ID (a customer's account links
 * and ingest aliases, an invoice's line items) rather than being that ID.
 */
const OBJECTS: [string, number, boolean][] = [
  ['NOME__Metronome_Billable_Metric__c', 20, false],
  ['NOME__Metronome_Plan__c', 10, false],
  ['NOME__Metronome_Customer__c', 2000, false],
  ['NOME__Metronome_Customer_Account__c', 2000, true],
  ['NOME__Metronome_Ingest_Alias__c', 2000, true],
  ['NOME__Metronome_Customer_Plan__c', 2400, false],
  ['NOME__Metronome_Credit_Grant__c', 2500, false],
  ['NOME__Metronome_Invoice__c', 6000, false],
  ['NOME__Metronome_Invoice_Line_Item__c', 10_001, true],
];
/** A write batch (SET_BATCH) and a Bulk result chunk. */
const BATCH = 2000;
const ORG = '00D5g00000ABCDEFGH';

type Store = typeof StateStore;

/** A deterministic UUID-shaped ID: Metronome's IDs are random UUIDs, so the state's keys arrive in random order. */
function uuid(seed: number): string {
  let x = (seed + 1) * 2654435761;
  let hex = '';
  while (hex.length < 32) {
    x = Math.imul(x ^ (x >>> 15), 2246822507) ^ Math.imul(x ^ (x >>> 13), 3266489909);
    hex += (x >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface BenchRecord {
  object: string;
  externalId: string;
  sourceId: string;
}

function records(object: string, count: number, composed: boolean, offset: number): BenchRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const sourceId = uuid(offset + (composed ? Math.floor(i / 2) : i));
    // A composed ID is the parent's Metronome ID and a digest of the child's identity (mapping/ids.ts).
    const externalId = composed ? `${sourceId}:${uuid(i).slice(0, 12)}:0` : sourceId;
    return { object, externalId, sourceId };
  });
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** What the sync hands the store for one object of a first load, made before the clock starts. */
interface ObjectLoad {
  object: string;
  records: BenchRecord[];
  intents: BenchRecord[][];
  outcomes: WriteOutcome[][];
}

function loads(data: BenchRecord[][]): ObjectLoad[] {
  let n = 0;
  return data.map((list) => ({
    object: list[0]!.object,
    records: list,
    intents: batches(list),
    outcomes: batches(list).map((batch) =>
      batch.map((r) => ({
        ...r,
        hash: uuid(++n).replaceAll('-', '').slice(0, 22),
        success: true,
        sfId: `a0${(n % 10).toString()}5g00000${n.toString(36).padStart(7, '0')}AAA`,
        created: true,
      })),
    ),
  }));
}

function firstLoad(state: StateStore, data: ObjectLoad[]): void {
  state.openOrg(ORG, 'fp');
  const run = state.startRun('bench', ORG, false);
  for (const { object, records, intents, outcomes } of data) {
    // Planning the first batch asks once whether the state knows any of them (the store then knows it does not).
    const known = state.getRows(
      ORG,
      object,
      records.slice(0, BATCH).map((r) => r.externalId),
    );
    if (known.size) throw new Error('a first load found rows in a fresh state');
    for (const batch of intents) state.markIntent(ORG, batch, run);
    for (const batch of outcomes) state.commitOutcomes(ORG, batch, run);
  }
  state.finishRun(run, 'succeeded', {});
}

/** An unchanged re-run: every record looked up and marked seen, then the deletion phase's questions per object. */
function rerun(state: StateStore, data: ObjectLoad[]): void {
  state.openOrg(ORG, 'fp');
  const run = state.startRun('bench', ORG, false);
  for (const { object, intents } of data) {
    for (const batch of intents) {
      const rows = state.getRows(
        ORG,
        object,
        batch.map((r) => r.externalId),
      );
      if (rows.size !== batch.length) throw new Error(`${object}: ${rows.size} of ${batch.length} rows found`);
      state.markSeen(ORG, object, [...rows.keys()], run);
    }
  }
  for (const { object } of data) {
    state.unseenIntents(ORG, object, run);
    if (state.unseenOwned(ORG, object, run).length) throw new Error(`${object}: a seen record is to be deleted`);
    state.forgetUnseenForeign(ORG, object, run);
  }
  state.pruneErrors(ORG, run);
  state.finishRun(run, 'succeeded', {});
}

interface Sample {
  firstLoadMs: number;
  firstCloseMs: number;
  rerunMs: number;
  rerunCloseMs: number;
}

function once(Store: Store, data: ObjectLoad[]): Sample {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-state-bench-'));
  try {
    const file = path.join(dir, 'bench.sqlite');
    let at = process.cpuUsage();
    let state = new Store(file);
    firstLoad(state, data);
    const firstLoadMs = cpuMs(at);
    at = process.cpuUsage();
    state.close();
    const firstCloseMs = cpuMs(at);
    at = process.cpuUsage();
    state = new Store(file);
    rerun(state, data);
    const rerunMs = cpuMs(at);
    at = process.cpuUsage();
    state.close();
    return { firstLoadMs, firstCloseMs, rerunMs, rerunCloseMs: cpuMs(at) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      scale: { type: 'string', default: '1' },
      module: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, not ${values.scale}`);
  const modulePath = path.resolve(values.module ?? path.join(import.meta.dirname, '../state/index.ts'));
  const { StateStore: Store } = (await import(pathToFileURL(modulePath).href)) as { StateStore: Store };
  let offset = 0;
  const data = loads(
    OBJECTS.map(([object, count, composed]) =>
      records(object, Math.round(count * scale), composed, (offset += 1_000_000)),
    ),
  );
  once(Store, data); // warm-up: compiled code and the file cache, as a real run's second object would find them
  const samples = Array.from({ length: runs }, () => once(Store, data));
  const result = Object.fromEntries(
    (Object.keys(samples[0]!) as (keyof Sample)[]).map((k) => [k, Math.round(median(samples.map((s) => s[k])))]),
  );
  if (values.json) console.log(JSON.stringify({ module: modulePath, runs, ...result }));
  else {
    const total = data.reduce((n, load) => n + load.records.length, 0);
    console.log(`${path.relative(process.cwd(), modulePath)}: ${total} records, median of ${runs} runs, CPU ms`);
    console.log(`  first load ${result.firstLoadMs} + close ${result.firstCloseMs}`);
    console.log(`  unchanged re-run ${result.rerunMs} + close ${result.rerunCloseMs}`);
  }
}

await main();
