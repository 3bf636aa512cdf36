/** The benchmark's results as a table and as the done-when checks (pure: numbers in, text out). */
import Table from 'cli-table3';
import { changeWriteBound } from './minimum.ts';

export interface ContenderRow {
  name: string;
  wallMs: number;
  salesforceCalls: number;
  /** Write calls among them (counted by the org). */
  salesforceWrites: number;
  /** The API minimum for what this contender had to write, when it wrote a full load. */
  minimum?: number;
  maxRssKiB: number;
  /** CPU time of the contender's process (user + system, all its threads); not of the servers. */
  cpuMs?: number;
  /** CPU time the doubles it talked to (Metronome sandbox, local org) spent meanwhile. */
  serversCpuMs?: number;
  metronomeCalls?: number;
  note?: string;
}

export interface BenchResults {
  date: string;
  machine: string;
  /** CPU cores the contenders and the doubles share. */
  cores?: number;
  customers: number;
  records: number;
  largeCustomers?: number;
  largeRecords?: number;
  first: ContenderRow;
  unchanged: ContenderRow;
  change: ContenderRow & { changedByObject: Record<string, number> };
  large?: ContenderRow;
  naive: ContenderRow;
  bulk: ContenderRow;
  writeFloor: ContenderRow;
  readFloor: ContenderRow;
}

export interface Check {
  what: string;
  measured: string;
  target: string;
  pass: boolean;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mib = (kib: number) => Math.round(kib / 1024);
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);
const times = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–');

export function checks(r: BenchResults): Check[] {
  const out: Check[] = [];
  const firstVsMin = ratio(r.first.salesforceCalls, r.first.minimum ?? 0);
  out.push({
    what: `first load: Salesforce calls ÷ API minimum`,
    measured: `${r.first.salesforceCalls} ÷ ${r.first.minimum} = ${times(firstVsMin)}`,
    target: '≤ 1.10×',
    pass: firstVsMin <= 1.1,
  });
  if (r.large) {
    const largeVsMin = ratio(r.large.salesforceCalls, r.large.minimum ?? 0);
    out.push({
      what: `${r.largeCustomers} customers: calls ÷ its API minimum`,
      measured: `${r.large.salesforceCalls} ÷ ${r.large.minimum} = ${times(largeVsMin)}`,
      target: '≤ 1.10×',
      pass: largeVsMin <= 1.1,
    });
  }
  const bound = changeWriteBound(r.change.changedByObject);
  const changeReads = r.change.salesforceCalls - r.change.salesforceWrites;
  out.push({
    what: '1% change: write calls, other calls',
    measured: `${r.change.salesforceWrites} writes, ${changeReads} others`,
    target: `≤ ${bound} writes (⌈changed/200⌉ per object), ≤ 2 others`,
    pass: r.change.salesforceWrites <= bound && changeReads <= 2,
  });
  out.push({
    what: 'unchanged re-run: writes, calls',
    measured: `${r.unchanged.salesforceWrites} writes, ${r.unchanged.salesforceCalls} calls`,
    target: '0 writes, ≤ 3 calls',
    pass: r.unchanged.salesforceWrites === 0 && r.unchanged.salesforceCalls <= 3,
  });
  const floor = Math.max(r.readFloor.wallMs, r.writeFloor.wallMs);
  const vsFloor = ratio(r.first.wallMs, floor);
  out.push({
    what: 'first load wall ÷ max(read floor, write floor)',
    measured: `${seconds(r.first.wallMs)} s ÷ ${seconds(floor)} s = ${times(vsFloor)}`,
    target: '≤ 1.25×',
    pass: vsFloor <= 1.25,
  });
  const vsBulk = ratio(r.first.wallMs, r.bulk.wallMs);
  out.push({
    what: 'first load wall ÷ one Bulk job per object',
    measured: `${seconds(r.first.wallMs)} s ÷ ${seconds(r.bulk.wallMs)} s = ${times(vsBulk)}`,
    target: '≤ 1.00×',
    pass: vsBulk <= 1,
  });
  if (r.large) {
    const growth = ratio(r.large.maxRssKiB, r.first.maxRssKiB) - 1;
    out.push({
      what: `peak RSS growth, ${r.customers} → ${r.largeCustomers} customers`,
      measured: `${mib(r.first.maxRssKiB)} → ${mib(r.large.maxRssKiB)} MiB (${(growth * 100).toFixed(0)}%)`,
      target: '≤ 20%',
      pass: growth <= 0.2,
    });
  }
  return out;
}

export function resultsTable(r: BenchResults): string {
  const table = new Table({
    head: [
      'contender',
      'wall s',
      '÷ sync first',
      'SF API calls',
      'API minimum',
      'calls ÷ min',
      'peak RSS MiB',
      'CPU s',
      'doubles CPU s',
      'Metronome calls',
      'note',
    ],
    style: { head: ['cyan'] },
  });
  const rows: ContenderRow[] = [
    r.first,
    r.unchanged,
    r.change,
    ...(r.large ? [r.large] : []),
    r.naive,
    r.bulk,
    r.writeFloor,
    r.readFloor,
  ];
  for (const row of rows) {
    table.push([
      row.name,
      seconds(row.wallMs),
      row === r.first ? '1.00×' : times(ratio(row.wallMs, r.first.wallMs)),
      row.salesforceCalls,
      row.minimum ?? '',
      row.minimum ? times(ratio(row.salesforceCalls, row.minimum)) : '',
      mib(row.maxRssKiB),
      row.cpuMs === undefined ? '' : seconds(row.cpuMs),
      row.serversCpuMs === undefined ? '' : seconds(row.serversCpuMs),
      row.metronomeCalls ?? '',
      row.note ?? '',
    ]);
  }
  const checkTable = new Table({ head: ['done-when check', 'measured', 'target', ''], style: { head: ['cyan'] } });
  for (const c of checks(r)) checkTable.push([c.what, c.measured, c.target, c.pass ? 'pass' : 'FAIL']);
  const large = r.large ? `; ${r.largeCustomers} customers, ${r.largeRecords} records` : '';
  const floor = cpuFloor(r);
  return [
    `${r.date} · ${r.machine}`,
    `Sandbox: ${r.customers} customers, ${r.records} records${large}`,
    table.toString(),
    checkTable.toString(),
    ...(floor ? [floor] : []),
  ].join('\n');
}

/**
 * The shortest wall time the machine's cores allow for the first load: everything the sync and the doubles
 * computed, spread perfectly over every core (the doubles share the machine here; Metronome and Salesforce do not).
 */
export function cpuFloor(r: BenchResults): string | undefined {
  const { cpuMs, serversCpuMs } = r.first;
  if (!r.cores || cpuMs === undefined || serversCpuMs === undefined) return undefined;
  const floorMs = (cpuMs + serversCpuMs) / r.cores;
  return (
    `CPU floor of the first load: (sync ${seconds(cpuMs)} s + doubles ${seconds(serversCpuMs)} s of CPU) ÷ ` +
    `${r.cores} cores = ${seconds(floorMs)} s, ${times(ratio(floorMs, Math.max(r.readFloor.wallMs, r.writeFloor.wallMs)))} the larger floor`
  );
}
