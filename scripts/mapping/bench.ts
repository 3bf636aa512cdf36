/**
 * The mapping's CPU on the bench sandbox's data: `node scripts/mapping/bench.ts [--customers 2000] [--seed 42]
 * [--runs 5]`. Generates the sandbox's dataset in-process (no HTTP; each item goes through JSON once, as the SDK
 * hands it over), then maps all of it as the sync does (`mapCustomerOnly`, `mapCustomerList` per list, the
 * catalog) and digests every record as the sync's state does (sha256 of the record's canonical JSON). Prints the
 * CPU ms of each run (process.cpuUsage), their median, the GC time, the young-generation collections (with a fixed
 * semi-space, `--min-semi-space-size=16 --max-semi-space-size=16`, a measure of what the run allocates), and a
 * checksum of everything mapped: the exact JSON of every record, error and warning, and every digest. A change to
 * the mapping that keeps the checksum changes no field value, external ID or digest.
 */
import { createHash, hash } from 'node:crypto';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadSchema, type PackageSchema } from '../metadata/index.ts';
import { SandboxDataset } from '../metronome/sandbox/index.ts';
import {
  canonicalJson,
  mapBillableMetric,
  mapCustomerList,
  mapCustomerOnly,
  mapPlan,
  type CustomerDetail,
  type CustomerListKind,
  type MappingResult,
} from './index.ts';

interface World {
  catalog: { plans: { plan: unknown; details: unknown }[]; metrics: unknown[] };
  customers: { customer: CustomerDetail; lists: { kind: CustomerListKind; items: unknown[] }[] }[];
}

/** What the SDK hands the sync: the parsed JSON of the response. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function generate(customers: number, seed: number): World {
  const data = new SandboxDataset({ customers, seed });
  const plans = data.plans().map((plan) => overTheWire({ plan, details: data.planDetail(plan.id) }));
  const metrics = overTheWire(data.billableMetrics(false));
  const world: World = { catalog: { plans, metrics }, customers: [] };
  for (let index = 0; index < data.size; index++) {
    if (data.isArchived(index)) continue;
    world.customers.push({
      customer: overTheWire(data.customer(index)),
      lists: [
        { kind: 'creditGrants', items: overTheWire(data.creditGrants(index)) },
        { kind: 'invoices', items: overTheWire(data.invoices(index)) },
        { kind: 'plans', items: overTheWire(data.customerPlans(index)) },
      ],
    });
  }
  return world;
}

/** The sync's record digest (scripts/sync/hash.ts), restated so the mapping does not import the sync. */
const digest = (record: MappingResult['records'][number]) =>
  hash('sha256', canonicalJson([record.object, record.externalId, record.fields]), 'base64url').slice(0, 22);

/** Maps the world as the sync does. */
function mapAll(schema: PackageSchema, world: World): MappingResult[] {
  const results: MappingResult[] = [];
  for (const { plan, details } of world.catalog.plans) results.push(mapPlan(schema, plan as never, details as never));
  for (const metric of world.catalog.metrics) results.push(mapBillableMetric(schema, metric as never));
  for (const { customer, lists } of world.customers) {
    const { mapped, ...result } = mapCustomerOnly(schema, customer, { mode: 'all' });
    results.push(result);
    for (const { kind, items } of lists) results.push(mapCustomerList(schema, customer.id, kind, items, mapped));
  }
  return results;
}

const digestAll = (results: MappingResult[]) => results.map((result) => result.records.map(digest));

function checksum(results: MappingResult[], digests: string[][]): string {
  const sum = createHash('sha256');
  results.forEach((result, i) => sum.update(JSON.stringify(result)).update(digests[i]!.join(',')));
  return sum.digest('hex');
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      runs: { type: 'string', default: '5' },
    },
  });
  const schema = loadSchema();
  const world = generate(Number(values.customers), Number(values.seed));
  let gcMs = 0;
  let minorGcs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGcs++;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const runs: { map: number; digest: number; gc: number; minorGcs: number }[] = [];
  let results: MappingResult[] = [];
  let digests: string[][] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    gcMs = 0;
    minorGcs = 0;
    const start = process.cpuUsage();
    results = mapAll(schema, world);
    const map = cpuMs(start);
    const digested = process.cpuUsage();
    digests = digestAll(results);
    const digest = cpuMs(digested);
    // The observer hears of the run's collections once the event loop turns.
    await new Promise((resolve) => setTimeout(resolve, 50));
    runs.push({ map, digest, gc: gcMs, minorGcs });
  }
  gc.disconnect();
  const records = results.reduce((sum, result) => sum + result.records.length, 0);
  const row = (label: string, pick: (run: (typeof runs)[number]) => number) =>
    console.log(
      `${label.padEnd(22)} ${runs.map((run) => pick(run).toFixed(0).padStart(5)).join(' ')}   median ${median(runs.map(pick)).toFixed(0)}`,
    );
  console.log(`${world.customers.length} customers, ${records} records; ms per run (the first one cold):`);
  row('CPU mapping', (run) => run.map);
  row('CPU digests', (run) => run.digest);
  row('CPU mapping + digests', (run) => run.map + run.digest);
  row('GC (within the above)', (run) => run.gc);
  row('young-generation GCs', (run) => run.minorGcs);
  console.log(`checksum ${checksum(results, digests)}`);
}

await main();
