/**
 * Sync benchmark (not part of the test suite): a sandbox of N customers → a fresh local org: the first load, a re-run
 * with no change, a 1% change (N/100 invoices of as many customers finalized), then six mutations of every kind.
 * Prints time, Salesforce calls against the API minimum (per object the cheaper of ⌈n/200⌉ sObject Collections calls
 * or one Bulk 2.0 job of 5 calls), Metronome calls, writes received by the org and peak RSS.
 * Usage: node scripts/sync/benchmark.ts [customers=2000] [bulkThreshold=1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { DEFAULT_API_VERSION } from '../salesforce/index.ts';
import { startLocalOrg } from '../local-org/index.ts';
import { loadSchema } from '../metadata/index.ts';
import { linkOrgAccounts, startMetronomeSandbox } from '../metronome/sandbox/index.ts';
import { objectMinimum } from './bench/minimum.ts';
import { adhocEnvironment, syncEnvironment, validateEnvironment } from './service.ts';
import type { SyncReport } from './types.ts';

/** The fewest write calls Salesforce allows for what the run wrote: per object and operation (bench/minimum.ts). */
function apiMinimum(report: SyncReport): number {
  return Object.values(report.objects).reduce(
    (sum, c) => sum + objectMinimum(c.created + c.updated) + objectMinimum(c.deleted),
    0,
  );
}

const customers = Number(process.argv[2] ?? 2000);
const bulkThreshold = Number(process.argv[3] ?? 1000);
const schema = await loadSchema();
const org = await startLocalOrg({});
const sandbox = await startMetronomeSandbox({ customers, seed: 42 });
const stateDirectory = mkdtempSync(path.join(tmpdir(), 'nome-bench-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  const conn = new Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    version: DEFAULT_API_VERSION,
  });
  await linkOrgAccounts(conn, sandbox, { prefix: 'Bench ', count: Math.min(600, sandbox.accountSlots()) }); // reused round-robin
  const env = {
    SF_ACCESS_TOKEN: org.accessToken,
    METRONOME_BEARER_TOKEN: sandbox.bearerToken,
    METRONOME_BASE_URL: sandbox.baseURL,
  };
  const spec = adhocEnvironment({ name: 'bench', instanceUrl: org.instanceUrl, options: { bulkThreshold } });
  const measure = async (label: string) => {
    org.resetStats();
    const started = Date.now();
    const report = await syncEnvironment(spec, { env, stateDirectory, schema });
    const totals = Object.values(report.objects).reduce(
      (a, c) => ({
        read: a.read + c.read,
        written: a.written + c.created + c.updated + c.deleted,
        failed: a.failed + c.failed,
      }),
      { read: 0, written: 0, failed: 0 },
    );
    const minimum = apiMinimum(report);
    console.log(
      JSON.stringify({
        run: label,
        customers,
        status: report.status,
        seconds: (Date.now() - started) / 1000,
        ...totals,
        salesforceCalls: report.apiCalls.salesforce,
        apiMinimum: minimum,
        callsVsMinimum: minimum ? Math.round((report.apiCalls.salesforce / minimum) * 100) / 100 : null,
        salesforceByKind: report.apiCalls.salesforceByKind,
        metronomeCalls: report.apiCalls.metronome,
        orgWriteCalls: org.stats().writes,
        peakRssMB: Math.round(peakRss / 1e6),
      }),
    );
  };
  await measure('first');
  await measure('unchanged');
  const changed = onePercentChange(Math.max(1, Math.round(customers / 100)));
  await measure(`1% change (${changed} invoices of ${changed} customers)`);
  for (const kind of [
    'newInvoice',
    'statusChange',
    'archiveCustomer',
    'removeLineItem',
    'renamePlan',
    'newAlias',
  ] as const)
    sandbox.mutate({ kind });
  await measure('after 6 mutations');
  const started = Date.now();
  const validation = await validateEnvironment(spec, { env, stateDirectory, schema });
  console.log(
    JSON.stringify({
      run: 'validate',
      inSync: validation.inSync,
      seconds: (Date.now() - started) / 1000,
      salesforceCalls: validation.apiCalls.salesforce,
      peakRssMB: Math.round(peakRss / 1e6),
    }),
  );
} finally {
  clearInterval(sampler);
  await sandbox.stop();
  await org.stop();
  rmSync(stateDirectory, { recursive: true, force: true });
}

/** Finalizes one draft invoice of each of `count` customers spread over the account; returns how many changed. */
function onePercentChange(count: number): number {
  let changed = 0;
  const step = Math.max(1, Math.floor(customers / count));
  for (let base = 0; base < customers && changed < count; base += step) {
    for (let index = base; index < Math.min(base + step, customers); index++) {
      try {
        sandbox.mutate({ kind: 'statusChange', customerId: sandbox.dataset.customerId(index) });
        changed++;
        break;
      } catch {
        // This customer has no draft invoice: the next one.
      }
    }
  }
  return changed;
}
