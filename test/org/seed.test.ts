import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { seedOrg, setSyncRunner, syncCommandAt, nomeSyncCommand } from '../../scripts/org/index.ts';
import { copyProject, nome } from './support/harness.ts';
import { authorizeScratchOrg, startOrgs, type OrgSetup } from './support/orgs.ts';
import { expectContract } from '../cli/contract.ts';

let setup: OrgSetup | undefined;
afterEach(async () => {
  await setup?.server.close();
  setup = undefined;
  setSyncRunner(nomeSyncCommand);
  delete process.env.METRONOME_BEARER_TOKEN;
});

/** A stand-in for scripts/nome.js that answers `sync run|validate` the way the fixture says. */
function fakeCli(script: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nome-fake-cli-')), 'nome.js');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}

const reportingCli = fakeCli(
  `
const [,, group, step, , target] = process.argv;
const result = { step, target, token: Boolean(process.env.METRONOME_BEARER_TOKEN), baseUrl: process.env.METRONOME_BASE_URL ?? null, cwdHasProject: require('node:fs').existsSync('sfdx-project.json') };
process.stdout.write(JSON.stringify({ status: 0, result, warnings: [] }, null, 2));
`.replace('require(', "(await import('node:module')).createRequire(import.meta.url)("),
);

test('nome org seed runs the sync, then its validation, against the target org', async () => {
  setup = await startOrgs();
  await authorizeScratchOrg(setup.server, 'dev');
  const calls: string[] = [];
  setSyncRunner(async (step, options) => (calls.push(`${step} ${options.targetOrg}`), { step }));
  const run = await nome('org', 'seed', '--target-org', 'dev', '--project-dir', setup.projectDir, '--json');
  expect(run.exitCode, run.stdout).toBe(0);
  await expectContract('org seed', run.json, { mode: 'values' });
  expect(calls).toEqual(['run dev', 'validate dev']);
  expect(run.json.result).toMatchObject({
    targetOrg: 'dev',
    metronome: 'sandbox',
    run: { step: 'run' },
    validate: { step: 'validate' },
  });
});

test('the default seam calls `nome sync <step> --target-org <org> --json` in the project, pointed at a Metronome sandbox it starts', async () => {
  const projectDir = copyProject();
  const result = await seedOrg({
    targetOrg: 'dev',
    projectDir,
    sync: syncCommandAt(reportingCli),
    sandboxCustomers: 10,
  });
  expect(result.metronome).toBe('sandbox');
  expect(result.run).toEqual({
    step: 'run',
    target: 'dev',
    token: true,
    baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/),
    cwdHasProject: true,
  });
  expect(result.validate).toMatchObject({ step: 'validate', baseUrl: (result.run as { baseUrl: string }).baseUrl });
  // The sandbox lived only for the seed.
  await expect(fetch(`${(result.run as { baseUrl: string }).baseUrl}/v1/customers`)).rejects.toThrow();
});

test('with METRONOME_BEARER_TOKEN set, seeds from Metronome itself and hands the token to the sync only through the environment', async () => {
  process.env.METRONOME_BEARER_TOKEN = 'mtr_live_secret';
  const messages: string[] = [];
  const result = await seedOrg({
    targetOrg: 'dev',
    projectDir: copyProject(),
    sync: syncCommandAt(reportingCli),
    onStep: (m) => messages.push(m),
  });
  expect(result.metronome).toBe('live');
  expect(result.run).toMatchObject({ token: true, baseUrl: null });
  expect(messages.join('\n')).toContain('from Metronome (METRONOME_BEARER_TOKEN)');
  expect(JSON.stringify(result) + messages.join('\n')).not.toContain('mtr_live_secret');
});

test('a failing sync step surfaces its own message and actions', async () => {
  const failing = fakeCli(
    `process.stdout.write(JSON.stringify({ status: 1, name: 'SyncValidationError', message: '3 invoices have no customer', actions: ['Run nome sync run again'] })); process.exitCode = 1;`,
  );
  await expect(
    seedOrg({ targetOrg: 'dev', projectDir: copyProject(), sync: syncCommandAt(failing) }),
  ).rejects.toMatchObject({
    name: 'SyncRunError',
    message: 'nome sync run failed for dev: 3 invoices have no customer',
    actions: ['Run nome sync run again'],
  });
});

test('a validation that finds drift says how much, not the raw report', async () => {
  const drifting = fakeCli(`
const step = process.argv[3];
if (step === 'run') process.stdout.write(JSON.stringify({ status: 0, result: { status: 'succeeded' } }));
else { process.stdout.write(JSON.stringify({ status: 1, result: { inSync: false, missing: [{}, {}], stale: [{}], orphaned: [] } })); process.exitCode = 1; }
`);
  await expect(
    seedOrg({ targetOrg: 'dev', projectDir: copyProject(), sync: syncCommandAt(drifting), sandboxCustomers: 10 }),
  ).rejects.toMatchObject({
    name: 'SyncValidationError',
    message:
      'nome sync validate failed for dev: the org differs from Metronome (2 missing, 1 stale, 0 orphaned record(s))',
  });
});
