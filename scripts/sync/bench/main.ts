/**
 * `npm run bench`: the sync side by side with the ways it could have been written, on one sandbox, each contender
 * in its own child process on a fresh local org (see scripts/sync/README.md, "Benchmarks").
 * Usage: node scripts/sync/bench/main.ts [--customers 2000] [--large 10000 | --large 0] [--naive-sample 1000] [--runs 1]
 *   [--json]
 * With --runs N, the timed contenders (floors, Bulk, the sync's first load) run N rounds, in turn, each on a fresh
 * org, and each reports its median run: other work on the machine then weighs on all of them alike.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSchema } from '../../metadata/index.ts';
import type { SandboxDataset } from '../../metronome/sandbox/index.ts';
import type { SyncReport } from '../types.ts';
import { measureContender, measureSyncRun, type Measured, type SyncRun } from './measure.ts';
import { apiMinimum } from './minimum.ts';
import { resultsTable, type BenchResults, type ContenderRow } from './report.ts';
import { countOrgRecords, saveMappedRecords, startBenchWorld } from './world.ts';

const { values: flags } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    large: { type: 'string', default: '10000' },
    'naive-sample': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const positiveInteger = (name: string, text: string, allowZero = false) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new Error(
      `--${name} must be ${allowZero ? 'a whole number' : 'a positive whole number'}, got ${JSON.stringify(text)}`,
    );
  return n;
};
const customers = positiveInteger('customers', flags.customers);
const largeCustomers = positiveInteger('large', flags.large, true);
const naiveSample = positiveInteger('naive-sample', flags['naive-sample']);
const seed = positiveInteger('seed', flags.seed, true);
const runs = positiveInteger('runs', flags.runs);
/** Invoices finalized for the "1% change": one each of this many customers (the 20 of 2,000). */
const CHANGED_CUSTOMERS = Math.max(1, Math.round(customers / 100));

const say = (line: string) => process.stderr.write(`${line}\n`);
type Run = Awaited<ReturnType<typeof measureContender>>;
type SyncMeasured = Awaited<ReturnType<typeof measureSyncRun>>;
/** The run of median wall time (the lower middle one of an even count). */
const median = <T extends { wallMs: number }>(items: T[]): T =>
  [...items].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((items.length - 1) / 2)]!;
const joinNotes = (...notes: (string | undefined)[]) => notes.filter(Boolean).join('; ') || undefined;
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const metronomeCalls = (report: SyncReport) => report.apiCalls.metronome;
const changedByObject = (report: SyncReport) =>
  Object.fromEntries(
    Object.entries(report.objects)
      .map(([o, c]) => [o, c.created + c.updated + c.deleted])
      .filter(([, n]) => Number(n) > 0),
  );

/** `count` active customers spread over the list, each with a DRAFT invoice to finalize. */
function changeTargets(dataset: SandboxDataset, count: number): string[] {
  const step = Math.floor(dataset.size / count);
  const targets: string[] = [];
  for (let k = 0; k < count; k++) {
    for (let i = k * step; i < Math.min(dataset.size, (k + 1) * step); i++) {
      if (dataset.isArchived(i) || !dataset.invoices(i).some((inv) => inv.status === 'DRAFT')) continue;
      targets.push(dataset.customerId(i));
      break;
    }
  }
  return targets;
}

function row(name: string, m: Measured, extra: Partial<ContenderRow> = {}): ContenderRow {
  say(
    `  ${name}: ${(m.wallMs / 1000).toFixed(1)} s, ${(m.cpuMs / 1000).toFixed(1)} s CPU, ${m.salesforceCalls} Salesforce calls, ` +
      `${Math.round(m.maxRssKiB / 1024)} MiB`,
  );
  return {
    name,
    wallMs: m.wallMs,
    salesforceCalls: m.salesforceCalls,
    salesforceWrites: m.salesforceWrites,
    maxRssKiB: m.maxRssKiB,
    cpuMs: m.cpuMs,
    serversCpuMs: m.serversCpuMs,
    ...extra,
  };
}

const schema = loadSchema();
// Other work on the machine slows every contender: the load at the start goes with the results.
const loadAtStart = loadavg()[0]!;
say(
  `Preparing: a sandbox of ${customers} customers, a template org with the accounts they link to, the mapped records…`,
);
const world = await startBenchWorld({ customers, seed });
try {
  const metronome = { baseURL: world.sandbox.baseURL, bearerToken: world.sandbox.bearerToken };
  const recordsFile = path.join(world.dir, 'records.ndjson');
  const mapped = await saveMappedRecords(schema, world.sandbox, recordsFile);
  const records = sum(mapped);
  const minimum = apiMinimum(mapped).total;

  say('Contenders:');
  let orgs = 0;
  const writer = async (kind: 'write-floor' | 'bulk-per-object' | 'naive') => {
    const org = await world.freshOrg(`${kind}-${orgs++}`);
    const m = await measureContender(
      { kind, instanceUrl: org.instanceUrl, accessToken: org.accessToken, recordsFile, sample: naiveSample },
      org,
    );
    await org.stop();
    return m;
  };
  const probeFile = path.join(world.dir, 'probe.json');
  const timed = { readFloor: [] as Run[], writeFloor: [] as Run[], bulk: [] as Run[], first: [] as SyncMeasured[] };
  let syncRun: SyncRun | undefined;
  for (let round = 0; round < runs; round++) {
    if (runs > 1) say(`  round ${round + 1} of ${runs}`);
    timed.readFloor.push(await measureContender({ kind: 'read-floor', metronome }, undefined, [world.sandbox]));
    timed.writeFloor.push(await writer('write-floor'));
    timed.bulk.push(await writer('bulk-per-object'));
    await syncRun?.org.stop();
    const org = await world.freshOrg(`sync-${round}`);
    syncRun = { org, sandbox: world.sandbox, stateDir: path.join(world.dir, `state-${round}`), metronome, probeFile };
    timed.first.push(await measureSyncRun(syncRun));
  }
  const ofRuns = runs > 1 ? `median of ${runs} runs` : undefined;
  const readFloorRun = median(timed.readFloor);
  const readFloor = row('read floor: Metronome through the SDK only', readFloorRun, {
    metronomeCalls: readFloorRun.child.calls,
    note: ofRuns,
  });
  const floorRun = median(timed.writeFloor);
  const writeFloor = row('write floor: Collections, 200 a call, 4 in flight', floorRun, {
    minimum,
    note: joinNotes(floorRun.child.failed ? `${floorRun.child.failed} refused` : undefined, ofRuns),
  });
  const bulkRun = median(timed.bulk);
  const bulk = row('one Bulk 2.0 job per object, parents first', bulkRun, {
    minimum,
    note: joinNotes(bulkRun.child.failed ? `${bulkRun.child.failed} refused` : undefined, ofRuns),
  });

  // Naive: one call per record, timed on a sample and extrapolated to every record.
  const naiveRun = await writer('naive');
  const sampled = naiveRun.child.records;
  const startup = naiveRun.wallMs - naiveRun.child.workMs;
  const naive = row(
    'naive: one upsert per record',
    {
      ...naiveRun,
      wallMs: startup + (naiveRun.child.workMs * records) / sampled,
      salesforceCalls: records,
      salesforceWrites: records,
    },
    {
      minimum,
      note: `${sampled} records timed, extrapolated to ${records}`,
      // Only the sample's CPU was measured; an extrapolation of it would be a guess.
      cpuMs: undefined,
      serversCpuMs: undefined,
    },
  );

  const firstRun = median(timed.first);
  const firstNote = joinNotes(
    firstRun.firstRequestMs !== undefined
      ? `first request after ${(firstRun.firstRequestMs / 1000).toFixed(2)} s`
      : undefined,
    ofRuns,
  );
  const first = row('nome sync run: first load', firstRun, {
    minimum,
    metronomeCalls: metronomeCalls(firstRun.report),
    note: firstNote,
  });
  // The re-runs go on from the last first load's org and state.
  const unchangedRun = await measureSyncRun(syncRun!);
  const unchanged = row('nome sync run: unchanged re-run', unchangedRun, {
    metronomeCalls: metronomeCalls(unchangedRun.report),
  });

  for (const customerId of changeTargets(world.sandbox.dataset, CHANGED_CUSTOMERS)) {
    await world.sandbox.mutate({ kind: 'statusChange', customerId, status: 'FINALIZED' });
  }
  const changeRun = await measureSyncRun(syncRun!);
  const change = {
    ...row(`nome sync run: 1% change (${CHANGED_CUSTOMERS} invoices finalized)`, changeRun, {
      metronomeCalls: metronomeCalls(changeRun.report),
    }),
    changedByObject: changedByObject(changeRun.report),
  };
  await syncRun!.org.stop();

  let large: ContenderRow | undefined;
  let largeRecords: number | undefined;
  if (largeCustomers) {
    say(`  (a sandbox of ${largeCustomers} customers for the size run…)`);
    const bigger = await world.biggerSandbox(largeCustomers);
    const bigOrg = await world.freshOrg('large');
    const largeRun = await measureSyncRun({
      probeFile,
      org: bigOrg,
      sandbox: bigger,
      stateDir: path.join(world.dir, 'state-large'),
      metronome: { baseURL: bigger.baseURL, bearerToken: bigger.bearerToken },
    });
    const landed = await countOrgRecords(schema, bigOrg);
    largeRecords = sum(landed);
    large = row(`nome sync run: first load, ${largeCustomers} customers`, largeRun, {
      minimum: apiMinimum(landed).total,
      metronomeCalls: metronomeCalls(largeRun.report),
    });
    await bigOrg.stop();
  }

  const cpu = cpus();
  const results: BenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: cpu.length,
    machine:
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ` +
      `${process.platform}, load average ${loadAtStart.toFixed(1)} at start`,
    customers,
    records,
    ...(largeCustomers ? { largeCustomers, largeRecords } : {}),
    first,
    unchanged,
    change,
    ...(large ? { large } : {}),
    naive,
    bulk,
    writeFloor,
    readFloor,
  };
  process.stdout.write(flags.json ? `${JSON.stringify(results, null, 2)}\n` : `${resultsTable(results)}\n`);
} finally {
  await world.close();
}
