/**
 * Sync benchmark (not part of the test suite): a sandbox of N customers → a fresh local org, then a second run with
 * no change, then a run after a few mutations. Prints time, Salesforce and Metronome calls, writes received by the
 * org and peak RSS. Usage: node scripts/sync/benchmark.ts [customers=2000] [bulkThreshold=2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { startLocalOrg } from '../local-org/index.ts';
import { DEFAULT_API_VERSION } from '../salesforce/index.ts';
import { loadSchema } from '../metadata/index.ts';
import { linkOrgAccounts, startMetronomeSandbox } from '../metronome/sandbox/index.ts';
import { adhocEnvironment, syncEnvironment, validateEnvironment } from './service.ts';

const customers = Number(process.argv[2] ?? 2000);
const bulkThreshold = Number(process.argv[3] ?? 2000);
const schema = await loadSchema();
const org = await startLocalOrg({});
const sandbox = await startMetronomeSandbox({ customers, seed: 42 });
const stateDirectory = mkdtempSync(path.join(tmpdir(), 'nome-bench-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: DEFAULT_API_VERSION });
  await linkOrgAccounts(conn, sandbox, { prefix: 'Bench ', count: Math.min(600, sandbox.accountSlots()) }); // reused round-robin
  const env = { SF_ACCESS_TOKEN: org.accessToken, METRONOME_BEARER_TOKEN: sandbox.bearerToken, METRONOME_BASE_URL: sandbox.baseURL };
  const spec = adhocEnvironment({ name: 'bench', instanceUrl: org.instanceUrl, options: { bulkThreshold } });
  const measure = async (label: string) => {
    org.resetStats();
    const started = Date.now();
    const report = await syncEnvironment(spec, { env, stateDirectory, schema });
    const totals = Object.values(report.objects).reduce(
      (a, c) => ({ read: a.read + c.read, written: a.written + c.created + c.updated + c.deleted, failed: a.failed + c.failed }),
      { read: 0, written: 0, failed: 0 },
    );
    console.log(
      JSON.stringify({
        run: label,
        customers,
        status: report.status,
        seconds: (Date.now() - started) / 1000,
        ...totals,
        salesforceCalls: report.apiCalls.salesforce,
        salesforceByKind: report.apiCalls.salesforceByKind,
        metronomeCalls: report.apiCalls.metronome,
        orgWriteCalls: org.stats().writes,
        peakRssMB: Math.round(peakRss / 1e6),
      }),
    );
  };
  await measure('first');
  await measure('unchanged');
  for (const kind of ['newInvoice', 'statusChange', 'archiveCustomer', 'removeLineItem', 'renamePlan', 'newAlias'] as const) sandbox.mutate({ kind });
  await measure('after 6 mutations');
  const started = Date.now();
  const validation = await validateEnvironment(spec, { env, stateDirectory, schema });
  console.log(JSON.stringify({ run: 'validate', inSync: validation.inSync, seconds: (Date.now() - started) / 1000, salesforceCalls: validation.apiCalls.salesforce, peakRssMB: Math.round(peakRss / 1e6) }));
} finally {
  clearInterval(sampler);
  await sandbox.stop();
  await org.stop();
  rmSync(stateDirectory, { recursive: true, force: true });
}
