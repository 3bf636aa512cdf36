/**
 * The `--json` contract of the commands that run without a Salesforce recording (the org and package commands pin
 * theirs in test/org and test/packaging): the sync against the local org and the sandbox, the metadata commands, and
 * the ready line of the commands that serve until stopped.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeSyncConfig } from '../support/sync-config.ts';
import { nome } from '../org/support/harness.ts';
import { spawnNome } from '../support/nome-process.ts';
import { startWorld, type World } from '../sync/world.ts';
import { expectContract } from './contract.ts';

/** Runs a serve-until-stopped command: its first stdout line (parsed), then its exit code after SIGTERM. */
async function readyLine(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ ready: unknown; code: number | null }> {
  const child = spawnNome(args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  let line: string;
  try {
    [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await exited;
  return { ready: JSON.parse(line), code };
}

const SYNC_REPORT_MAPS = ['result.objects', 'result.apiCalls.salesforceByKind', 'result.apiCalls.metronomeByEndpoint'];

describe('nome sync --json', () => {
  let world: World;
  let saved: NodeJS.ProcessEnv;

  beforeAll(async () => {
    world = await startWorld({ customers: 12, seed: 21 });
    saved = { ...process.env };
    Object.assign(process.env, world.env, { NOME_STATE_DIR: world.stateDirectory });
  });
  afterAll(async () => {
    process.env = saved;
    await world?.stop();
  });

  test('run: the report, its warnings in the envelope, status 2 for a partial run', async () => {
    const run = await nome('sync', 'run', '--instance-url', world.org.instanceUrl, '--json');
    expect(run.json.status).toBe(2); // the sandbox's deliberately bad records
    expect(run.json.warnings).toHaveLength(run.json.result.warnings.length);
    await expectContract('sync run', run.json, { mode: 'shape', maps: SYNC_REPORT_MAPS });
  }, 60_000);

  test('validate, history and errors', async () => {
    const validate = await nome('sync', 'validate', '--instance-url', world.org.instanceUrl, '--json');
    await expectContract('sync validate', validate.json, { mode: 'shape', maps: ['result.objects'] });
    const env = new URL(world.org.instanceUrl).host.replace(/[^A-Za-z0-9_.-]/g, '_');
    const history = await nome('sync', 'history', '--env', `instance_${env}`, '--json');
    expect(history.json.result).toHaveLength(1);
    await expectContract('sync history', history.json, {
      mode: 'shape',
      maps: ['result[].summary.objects', ...SYNC_REPORT_MAPS.map((m) => m.replace('result', 'result[].summary'))],
    });
    const errors = await nome('sync', 'errors', '--env', `instance_${env}`, '--json');
    expect(errors.json.result.length).toBeGreaterThan(0);
    await expectContract('sync errors', errors.json, { mode: 'shape' });
  }, 60_000);

  test('schedule: one line listing the scheduled environments, then logs only on stderr until SIGTERM', async () => {
    const config = writeSyncConfig(mkdtempSync(path.join(tmpdir(), 'nome-contract-')), {
      nightly: { instanceUrl: world.org.instanceUrl, schedule: '0 7 * * *' },
    });
    const { ready, code } = await readyLine(['sync', 'schedule', '--config', config, '--json'], world.env);
    expect(code).toBe(0);
    expect(ready).toEqual({
      environments: [{ name: 'nightly', cron: '0 7 * * *', nextRun: expect.stringMatching(/T07:00:00\.000Z$/) }],
    });
    await expectContract('sync schedule', ready, { mode: 'shape' });
  }, 60_000);
});

test('sync start: one line with the org, the sandbox and the first run', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'nome-contract-start-'));
  const { ready, code } = await readyLine(
    ['sync', 'start', '--customers', '10', '--org-dir', path.join(home, 'org'), '--sf-alias', '', '--no-app', '--json'],
    {
      HOME: home,
      NOME_STATE_DIR: path.join(home, 'state'),
    },
  );
  expect(code).toBe(0);
  expect(ready).toMatchObject({
    org: { instanceUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
    run: { environment: 'local' },
  });
  await expectContract('sync start', ready, {
    mode: 'shape',
    maps: SYNC_REPORT_MAPS.map((m) => m.replace('result', 'run')),
  });
}, 60_000);

test('local-org start: one line of connection details', async () => {
  const org = await readyLine(['local-org', 'start', '--in-memory', '--json']);
  expect(org.code).toBe(0);
  await expectContract('local-org start', org.ready, { mode: 'shape' });
}, 60_000);

test('metronome-sandbox start: one line with the base URL and the token', async () => {
  const sandbox = await readyLine(['metronome-sandbox', 'start', '--customers', '10', '--json']);
  expect(sandbox.code).toBe(0);
  await expectContract('metronome-sandbox start', sandbox.ready, { mode: 'shape' });
}, 60_000);

test('metadata lint and build', async () => {
  const lint = await nome('metadata', 'lint', '--json');
  expect(lint.json.status).toBe(0);
  await expectContract('metadata lint', lint.json, { mode: 'shape' });
  const build = await nome(
    'metadata',
    'build',
    '--output-dir',
    mkdtempSync(path.join(tmpdir(), 'nome-contract-build-')),
    '--json',
  );
  await expectContract('metadata build', build.json, { mode: 'shape' });
}, 60_000);

test('a usage error is the error document', async () => {
  const run = await nome('sync', 'run', '--bulk-threshold', 'ten', '--json');
  expect(run.exitCode).toBe(1);
  await expectContract('usage error', run.json, { mode: 'values' });
});
