/**
 * `npm start`: the main job on the embedded defaults. Starts the local org and the Metronome sandbox (library
 * calls), syncs into the org as into any other (instance URL + token, no special case), prints the summary and a
 * SOQL query to try, then keeps the daily schedule running until stopped.
 */
import path from 'node:path';
import { Connection } from 'jsforce';
import type { Logger } from 'pino';
import { startLocalOrg, type LocalOrg } from '../local-org/index.ts';
import { linkOrgAccounts, startMetronomeSandbox, type MetronomeSandbox } from '../metronome/sandbox/index.ts';
import { DEFAULT_SCHEDULE } from './config.ts';
import { startSchedule, type Schedule } from './schedule.ts';
import { adhocEnvironment, syncEnvironment } from './service.ts';
import { createProgress, runSummary, type SummaryOptions } from './terminal.ts';
import type { SyncReport } from './types.ts';
import { soqlQuote } from '../salesforce/soql.ts';
import { DEFAULT_API_VERSION } from '../salesforce/connect.ts';

export interface StartOptions {
  /** Local org data directory (default .nome/local-org): data survives restarts. */
  orgDir?: string;
  orgPort?: number;
  sandboxPort?: number;
  customers?: number;
  seed?: number;
  /** Alias under which the local org is saved in the sf CLI's auth store ('' = don't). */
  sfAlias?: string;
  schedule?: string;
  /** Serve the Metronome app on the org's data (default true); false: the sync only. */
  app?: boolean;
  logger: Logger;
  out?: NodeJS.WritableStream;
}

export interface Started {
  org: LocalOrg;
  sandbox: MetronomeSandbox;
  report: SyncReport;
  schedule: Schedule;
  stop(): Promise<void>;
}

/** Saves the local org in the sf CLI's auth store, so `sf data query -o <alias>` works (the token stays there). */
async function rememberInSfCli(org: LocalOrg, alias: string): Promise<boolean> {
  try {
    const { AuthInfo } = await import('@salesforce/core');
    const auth = await AuthInfo.create({
      accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.loginUrl },
    });
    await auth.save();
    await auth.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
    return true;
  } catch {
    return false;
  }
}

/**
 * The sandbox serves a few records malformed on purpose, so the first run shows what record errors look like. The
 * demo knows its source is the sandbox (the sync does not): errors about exactly those records are marked expected.
 */
function deliberateErrors(sandbox: MetronomeSandbox): SummaryOptions['expected'] {
  const bad = new Set(sandbox.known.deliberatelyBad.map((b) => b.metronomeId));
  return {
    matches: (error) => bad.has(error.metronomeId),
    why: `the sandbox serves ${bad.size} records malformed on purpose to show how errors look: ${sandbox.known.deliberatelyBad.map((b) => b.what).join('; ')}.`,
  };
}

/** The Metronome app on the local org's data, in a browser (scripts/preview); the sync runs on without it. */
async function startAppPreview(conn: Connection, instanceUrl: string, out: NodeJS.WritableStream) {
  try {
    const { announcePreview, startPreview } = await import('../preview/index.ts');
    const preview = await startPreview({ conn: conn as never });
    await announcePreview(instanceUrl, preview.url);
    out.write(`The Metronome app: ${preview.url}  (also: npx sf org open -o nome-local)\n`);
    return preview;
  } catch (error) {
    out.write(`The Metronome app preview did not start: ${(error as Error).message}\n`);
    return undefined;
  }
}

export async function startDemo(options: StartOptions): Promise<Started> {
  const out = options.out ?? process.stdout;
  const customers = options.customers ?? 50;
  const org = await startLocalOrg({
    dataDir: path.resolve(options.orgDir ?? '.nome/local-org'),
    port: options.orgPort ?? 0,
  });
  const sandbox = await startMetronomeSandbox({ port: options.sandboxPort ?? 0, customers, seed: options.seed ?? 1 });
  const stopAll = async () => {
    await sandbox.stop();
    await org.stop();
  };
  try {
    const conn = new Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      version: DEFAULT_API_VERSION,
    });
    const accountIds = await linkOrgAccounts(conn, sandbox);
    out.write(`Local org      ${org.instanceUrl} (org ${org.orgId}, user ${org.username})\n`);
    out.write(`Metronome      ${sandbox.baseURL} (sandbox, ${customers} customers)\n`);
    // The sync reads its credentials where it always does: SF_ACCESS_TOKEN, METRONOME_BEARER_TOKEN, METRONOME_BASE_URL.
    process.env.SF_ACCESS_TOKEN = org.accessToken;
    process.env.METRONOME_BEARER_TOKEN = sandbox.bearerToken;
    process.env.METRONOME_BASE_URL = sandbox.baseURL;
    const spec = {
      ...adhocEnvironment({ name: 'local', instanceUrl: org.instanceUrl }),
      schedule: options.schedule ?? DEFAULT_SCHEDULE,
    };
    const progress = createProgress();
    let report: SyncReport;
    try {
      report = await syncEnvironment(spec, { logger: options.logger, onProgress: progress.update });
    } finally {
      progress.stop();
    }
    out.write(`${runSummary(report, { expected: deliberateErrors(sandbox) })}\n\n`);
    const alias = options.sfAlias ?? 'nome-local';
    const saved = alias ? await rememberInSfCli(org, alias) : false;
    const linked = await conn.query<{ NOME__Account__c: string }>(
      'SELECT NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Account__c != null LIMIT 1',
    );
    const accountId = linked.records[0]?.NOME__Account__c ?? accountIds[0];
    const soql = `SELECT NOME__Metronome_Customer_ID__c, NOME__Name__c, NOME__Account__r.Name FROM NOME__Metronome_Customer__c WHERE NOME__Account__r.Id = ${soqlQuote(accountId)}`;
    out.write(`Try the admin query from the setup page:\n  ${soql}\n`);
    if (saved) out.write(`  npx sf data query --target-org ${alias} --query "${soql}"\n`);
    out.write(
      `Check the org against Metronome:  npx nome sync validate --instance-url ${org.instanceUrl}  (with SF_ACCESS_TOKEN set)\n`,
    );
    const preview = options.app === false ? undefined : await startAppPreview(conn, org.instanceUrl, out);
    const schedule = startSchedule([spec], syncEnvironment, { logger: options.logger });
    const next = schedule.environments()[0]?.nextRun;
    out.write(`\nNext scheduled sync: ${next?.toISOString() ?? 'none'} (${spec.schedule}, UTC). Ctrl-C to stop.\n`);
    return {
      org,
      sandbox,
      report,
      schedule,
      stop: async () => {
        schedule.stop();
        await preview?.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
