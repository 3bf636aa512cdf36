import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importSPKI, jwtVerify } from 'jose';
import { afterEach, expect, test, vi } from 'vitest';

vi.hoisted(async () => (await import('./support/sf-home.ts')).prepareSfHome());

import { Global } from '@salesforce/core';
import { setAliases } from '../packaging/support.ts';
import { copyProject, fixture, nome } from './support/harness.ts';
import { startRecordedServer, type RecordedServer } from './support/recorded-server.ts';
import { expectContract } from '../cli/contract.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'nome-jwt-')), 'server.key');
writeFileSync(keyFile, privatePem);

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const name of ['SF_DEVHUB_USERNAME', 'SF_CONSUMER_KEY', 'SF_JWT_KEY']) delete process.env[name];
});

async function start(...files: string[]) {
  server = await startRecordedServer([
    ...files.flatMap((f) => fixture('org', f)),
    ...fixture('packaging', 'version-create'),
    ...fixture('org', 'devhub-auth'),
  ]);
  return server;
}

function assertion(request: { body: Buffer }): string {
  return new URLSearchParams(request.body.toString('utf8')).get('assertion') ?? '';
}

test('logs in with a signed JWT, saves the alias and the default Dev Hub, which the release commands then use', async () => {
  await start('jwt-login');
  const run = await nome(
    'org',
    'login',
    'jwt',
    '--username',
    'release@metronome-devhub.example',
    '--client-id',
    '3MVG9CONSUMERKEY',
    '--jwt-key-file',
    keyFile,
    '--instance-url',
    server!.url,
    '--alias',
    'devhub',
    '--set-default-dev-hub',
    '--json',
  );
  expect(run.exitCode, run.stdout).toBe(0);
  await expectContract('org login jwt', run.json, { mode: 'values' });
  expect(run.json.result).toEqual({
    username: 'release@metronome-devhub.example',
    orgId: '00D5g000004ABCDEAZ',
    instanceUrl: server!.url,
    alias: 'devhub',
    defaultDevHub: true,
  });
  const jwt = assertion(server!.find('jwt token')[0]!);
  const { payload } = await jwtVerify(
    jwt,
    await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256'),
  );
  expect(payload).toMatchObject({ iss: '3MVG9CONSUMERKEY', sub: 'release@metronome-devhub.example' });
  // No --dev-hub: the default set above is used.
  const projectDir = copyProject();
  setAliases(projectDir, { Metronome: '0Ho5g000000ABCDCA0' });
  const create = await nome(
    'package',
    'version',
    'create',
    '--installation-key-bypass',
    '--project-dir',
    projectDir,
    '--json',
  );
  expect(create.json.result?.alias, create.stdout).toBe('Metronome@1.0.0-1');
});

test('in CI the key comes from $SF_JWT_KEY: written owner-only under the sf state folder, never printed', async () => {
  await start('jwt-login');
  process.env.SF_DEVHUB_USERNAME = 'release@metronome-devhub.example';
  process.env.SF_CONSUMER_KEY = '3MVG9CONSUMERKEY';
  process.env.SF_JWT_KEY = privatePem;
  const run = await nome('org', 'login', 'jwt', '--instance-url', server!.url, '--set-default-dev-hub');
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toBe('Logged in as release@metronome-devhub.example (00D5g000004ABCDEAZ), the default Dev Hub.\n');
  const dir = path.join(Global.SF_DIR, 'nome-jwt');
  const [file] = readdirSync(dir);
  expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);
  expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY');
});

test('a refused login reports what Salesforce said', async () => {
  await start('jwt-login-refused');
  const run = await nome(
    'org',
    'login',
    'jwt',
    '--username',
    'release@metronome-devhub.example',
    '--client-id',
    '3MVG9CONSUMERKEY',
    '--jwt-key-file',
    keyFile,
    '--instance-url',
    server!.url,
    '--json',
  );
  expect(run.exitCode).toBe(1);
  expect(run.json.message).toContain("user hasn't approved this consumer");
  expect(run.json.message).toContain('log in to');
});

test('missing inputs are named', async () => {
  const noKey = await nome(
    'org',
    'login',
    'jwt',
    '--username',
    'u@example.com',
    '--client-id',
    'x',
    '--jwt-key-file',
    '/nonexistent/server.key',
    '--json',
  );
  expect(noKey.json.name).toBe('JwtKeyFileNotFoundError');
  const noUser = await nome('org', 'login', 'jwt', '--json');
  expect(noUser.json).toMatchObject({
    name: 'MissingFlagError',
    message: 'Missing --username (or the SF_DEVHUB_USERNAME environment variable).',
  });
});
