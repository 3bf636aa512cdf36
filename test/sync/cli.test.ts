/**
 * The CLI as a user runs it: `nome sync run --json` against an org reached through the sf CLI's auth store
 * (`--target-org`) or an instance URL; `validate` exit codes; `history`; config errors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNomeInProcess } from '../support/nome-in-process.ts';
import { ROOT, runNome, spawnNome } from '../support/nome-process.ts';
import { startWorld, type World } from './world.ts';

const run = promisify(execFile);
const BIN = path.join(ROOT, 'node_modules/.bin');
/** In this process: most tests here are about what a command does and prints (schedule, lock, refresh start one). */
const nome = (args: string[], env: NodeJS.ProcessEnv) => runNomeInProcess(args, { env });

describe('nome sync CLI', () => {
  let world: World;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let configFile: string;

  beforeAll(async () => {
    world = await startWorld({ customers: 12, seed: 21 });
    home = mkdtempSync(path.join(tmpdir(), 'nome-sync-home-'));
    env = {
      ...world.env,
      HOME: home,
      NOME_STATE_DIR: world.stateDirectory,
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      SF_DISABLE_TELEMETRY: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      // What oclif's update hook reads (`<BIN>_DISABLE_AUTOUPDATE`): without it each sf run may leave an updater behind.
      SF_DISABLE_AUTOUPDATE: 'true',
      PATH: `${BIN}:${process.env.PATH}`,
    };
    configFile = path.join(home, 'sync.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ environments: { local: { targetOrg: 'nome-local', selection: 'all' } } }),
    );
  });
  afterAll(async () => world?.stop());

  it('syncs an org the sf CLI knows by alias (auth store), printing one {status, result} document', async () => {
    const login = await run(
      path.join(BIN, 'sf'),
      [
        'org',
        'login',
        'access-token',
        '--instance-url',
        world.org.instanceUrl,
        '--alias',
        'nome-local',
        '--no-prompt',
        '--json',
      ],
      { env: { ...process.env, ...env } },
    );
    expect(JSON.parse(login.stdout).status).toBe(0);
    const result = await nome(['sync', 'run', '--env', 'local', '--config', configFile, '--json'], env);
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe(2); // partial: the sandbox's deliberately bad records
    expect(result.code).toBe(2);
    expect(doc.result.orgId).toBe(world.org.orgId);
    expect(doc.result.objects['NOME__Metronome_Customer__c'].created).toBeGreaterThan(0);
    expect(Object.keys(doc.result.objects['NOME__Metronome_Invoice__c'])).toEqual([
      'read',
      'created',
      'updated',
      'deleted',
      'unchanged',
      'failed',
    ]);
    expect(doc.result.apiCalls.salesforce).toBeGreaterThan(0);
    expect(doc.result.apiCalls.metronome).toBeGreaterThan(0);
    expect(
      doc.result.recordErrors.some(
        (e: { metronomeId: string }) => e.metronomeId === world.sandbox.known.outOfRangeInvoiceId,
      ),
    ).toBe(true);
    // No secret reaches the output.
    expect(result.stdout + result.stderr).not.toContain(world.org.accessToken);
    expect(result.stdout + result.stderr).not.toContain(world.sandbox.bearerToken);
  }, 60_000);

  it('validate exits 0 in sync, 1 after a hand edit, naming record and field', async () => {
    const clean = await nome(['sync', 'validate', '--env', 'local', '--config', configFile, '--json'], env);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).result.inSync).toBe(true);
    const [customer] = await world.query<{ Id: string; NOME__Metronome_Customer_ID__c: string }>(
      'SELECT Id, NOME__Metronome_Customer_ID__c FROM NOME__Metronome_Customer__c LIMIT 1',
    );
    await world.conn
      .sobject('NOME__Metronome_Customer__c')
      .update({ Id: customer!.Id, NOME__Name__c: 'Edited by hand' });
    const drift = await nome(['sync', 'validate', '--instance-url', world.org.instanceUrl], env);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain(customer!.NOME__Metronome_Customer_ID__c);
    expect(drift.stdout).toContain('NOME__Name__c');
  }, 60_000);

  it('history lists the recorded runs', async () => {
    const history = await nome(['sync', 'history', '--env', 'local', '--json'], env);
    const runs = JSON.parse(history.stdout).result;
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]).toMatchObject({ environment: 'local', status: 'partial', orgId: world.org.orgId });
  });

  it('an expired session is refreshed through the auth store (web-login style refresh token) and the run completes', async () => {
    // What `sf org login web` leaves behind: a refresh token and the connected app, in the auth store.
    const script = `
      const { AuthInfo } = await import('@salesforce/core');
      const auth = await AuthInfo.create({ oauth2Options: { loginUrl: process.env.LO_URL, clientId: process.env.LO_ID, clientSecret: process.env.LO_SECRET, refreshToken: process.env.LO_REFRESH } });
      await auth.save();
      await auth.handleAliasAndDefaultSettings({ alias: 'nome-refresh', setDefault: false, setDefaultDevHub: false });`;
    await run(path.join(BIN, 'node'), ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        LO_URL: world.org.loginUrl,
        LO_ID: world.org.clientId,
        LO_SECRET: world.org.clientSecret,
        LO_REFRESH: world.org.refreshToken,
      },
    });
    world.sandbox.mutate({ kind: 'newInvoice' });
    world.org.resetStats();
    world.org.faults.failNext(2, ['query', 'composite'], 'INVALID_SESSION_ID');
    // A process of its own: it reads the auth store another process just wrote, as a user's next command would.
    const result = await runNome(['sync', 'run', '--target-org', 'nome-refresh', '--json'], { env });
    const doc = JSON.parse(result.stdout);
    expect(doc.result.objects['NOME__Metronome_Invoice__c'].created).toBe(1);
    expect(world.org.stats().byKind['auth.token']).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('errors lists the outstanding record errors with their Metronome IDs', async () => {
    const result = await nome(['sync', 'errors', '--env', 'local', '--json'], env);
    const errors = JSON.parse(result.stdout).result as { sourceId: string; code: string; field: string | null }[];
    expect(errors).toContainEqual(
      expect.objectContaining({
        sourceId: world.sandbox.known.outOfRangeInvoiceId,
        code: 'NUMBER_OUTSIDE_VALID_RANGE',
        field: 'NOME__Total__c',
      }),
    );
  });

  it('schedule runs each environment (here once at start with --run-now), records the run, and stops on SIGTERM', async () => {
    const scheduleConfig = path.join(home, 'schedule.json');
    writeFileSync(
      scheduleConfig,
      JSON.stringify({
        environments: {
          nightly: { instanceUrl: world.org.instanceUrl, schedule: '0 7 * * *' },
          off: { targetOrg: 'x', enabled: false },
        },
      }),
    );
    const child = spawnNome(['sync', 'schedule', '--config', scheduleConfig, '--run-now'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr!.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!logs.includes('scheduled sync finished') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'scheduled',
        environment: 'nightly',
        cron: '0 7 * * *',
        nextRun: expect.stringMatching(/T07:00:00\.000Z$/),
      }),
    );
    expect(lines.some((l) => l.environment === 'off')).toBe(false);
    expect(logs).not.toContain(world.org.accessToken);
    const history = await nome(['sync', 'history', '--env', 'nightly', '--json'], env);
    expect(JSON.parse(history.stdout).result[0]).toMatchObject({ environment: 'nightly', status: 'partial' });
  }, 60_000);

  it('a bad config file is reported with the file and the path of each bad value', async () => {
    const bad = path.join(home, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ environments: { prod: { targetOrg: 'x', selection: 'some', schedule: 'every day' } } }),
    );
    const result = await nome(['sync', 'run', '--env', 'prod', '--config', bad], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(bad);
    expect(result.stderr).toContain('environments.prod.selection');
    expect(result.stderr).toContain('environments.prod.schedule');
  });

  it('a run refused because another live process syncs the environment exits 4, not 3 (the budget stop)', async () => {
    const { StateStore } = await import('../../scripts/sync/state/index.ts');
    const state = StateStore.forEnvironment('held', world.stateDirectory);
    try {
      state.startRun('held', world.org.orgId, false, process.pid); // this test process is alive and "running" it
    } finally {
      state.close();
    }
    const heldConfig = path.join(home, 'held.json');
    writeFileSync(heldConfig, JSON.stringify({ environments: { held: { instanceUrl: world.org.instanceUrl } } }));
    const refused = await runNome(['sync', 'run', '--env', 'held', '--config', heldConfig, '--json'], { env });
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      name: 'RunInProgress',
      message: expect.stringContaining('Another sync of held is running'),
    });
  }, 60_000);

  it('a missing token is a clear error, not a stack trace', async () => {
    const result = await nome(['sync', 'run', '--instance-url', world.org.instanceUrl, '--json'], {
      ...env,
      SF_ACCESS_TOKEN: '',
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'NoOrgConnection',
      message: expect.stringContaining('SF_ACCESS_TOKEN'),
    });
  });
});
