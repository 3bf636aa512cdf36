/** `npm start`: local org + sandbox, one sync, a query to try, then the schedule until stopped (SIGTERM). */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('npm start syncs the sandbox into the local org, prints the summary and a working query, then waits for the schedule', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'nome-start-'));
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/node'),
    [
      path.join(ROOT, 'scripts/nome.js'),
      'sync',
      'start',
      '--customers',
      '12',
      '--org-dir',
      path.join(home, 'org'),
      '--sf-alias',
      '',
      // The app (a compiled LWC bundle) is served and opened in the NUTs: test/preview/browser.nut.test.ts.
      '--no-app',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, HOME: home, NOME_STATE_DIR: path.join(home, 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 45_000;
  while (!out.includes('Next scheduled sync') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(out).toContain('Next scheduled sync: ');
  expect(out).toMatch(/T07:00:00\.000Z/);
  expect(out).toMatch(/NOME__Metronome_Customer__c\s.*\d+/);
  // The sandbox's deliberately bad records are shown, marked expected: a first run reads as the success it is.
  expect(out).toMatch(/: succeeded in [\d.]+ s \(\d+ expected record errors, below\)/);
  expect(out).toContain('all expected — the sandbox serves');
  expect(out).not.toContain('The Metronome app');
  const soql = /^\s+(SELECT NOME__Metronome_Customer_ID__c.*)$/m.exec(out)![1]!;
  const instanceUrl = /^Local org\s+(\S+)/m.exec(out)![1]!;
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  // The query printed works against the org (restarted on the same data directory: the data stayed).
  const { startLocalOrg } = await import('../../scripts/local-org/index.ts');
  const org = await startLocalOrg({ dataDir: path.join(home, 'org') });
  try {
    expect(instanceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
    const rows = (await conn.query(soql)).records;
    expect(rows.length).toBeGreaterThan(0);
  } finally {
    await org.stop();
  }
}, 60_000);
