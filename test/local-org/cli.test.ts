import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import jsforce from 'jsforce';
import { describe, expect, it } from 'vitest';
import './helpers.ts';

describe('nome local-org start', () => {
  it('--json prints one line of connection details, serves jsforce, and stops on SIGTERM', async () => {
    // The double keeps out of the sf CLI's own log directory (its logger's worker also held every stop a second).
    const home = mkdtempSync(path.join(tmpdir(), 'nome-local-org-home-'));
    const child = spawn(
      path.resolve('node_modules/.bin/node'),
      [
        'scripts/nome.js',
        'local-org',
        'start',
        '--in-memory',
        '--port',
        '0',
        '--json',
        '--username',
        'cli@example.com',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, HOME: home, SF_DISABLE_LOG_FILE: undefined },
      },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const details = JSON.parse(line) as Record<string, string>;
      for (const key of [
        'instanceUrl',
        'loginUrl',
        'accessToken',
        'username',
        'password',
        'clientId',
        'clientSecret',
        'orgId',
      ])
        expect(details[key]).toBeTruthy();
      expect(details.username).toBe('cli@example.com');
      expect(details.instanceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const conn = new jsforce.Connection({
        oauth2: { clientId: details.clientId, clientSecret: details.clientSecret, loginUrl: details.loginUrl },
      });
      await conn.login(details.username, details.password);
      expect((await conn.query('SELECT Id FROM Organization')).records[0].Id).toBe(details.orgId);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(existsSync(path.join(home, '.sf'))).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });

  it('rejects --data-dir together with --in-memory with a clear error', async () => {
    const child = spawn(
      path.resolve('node_modules/.bin/node'),
      ['scripts/nome.js', 'local-org', 'start', '--in-memory', '--data-dir', '/tmp/x', '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(JSON.parse(out).message).toBe('Use either --data-dir or --in-memory, not both.');
  });
});
