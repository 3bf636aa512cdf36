import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { INVOICE } from './helpers.ts';

/**
 * Twenty `%` in 4,000 characters (the longest string Salesforce takes in a WHERE clause): a backtracking matcher
 * tries every way to place them, a linear one does not.
 */
const PATHOLOGICAL_LIKE = `${'%_'.repeat(19)}%${'_'.repeat(3960)}b`;

// The org runs in its own process here, so a stalled event loop shows as a timeout instead of freezing vitest.
describe('local org: no SOQL stalls the server', () => {
  it('a 4,000-character LIKE with twenty % answers, a parallel request gets through, and SIGTERM still stops the org', async () => {
    expect(PATHOLOGICAL_LIKE).toHaveLength(4000);
    expect(PATHOLOGICAL_LIKE.split('%')).toHaveLength(21);
    const child = spawn(
      path.resolve('node_modules/.bin/node'),
      ['scripts/nome.js', 'local-org', 'start', '--in-memory', '--port', '0', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const { instanceUrl, accessToken } = JSON.parse(line) as Record<string, string>;
      const call = (url: string, init: RequestInit = {}) =>
        fetch(`${instanceUrl}/services/data/v62.0${url}`, {
          ...init,
          headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
          signal: AbortSignal.timeout(20_000), // generous: the machine may be loaded, a stalled server never answers
        });
      const created = await call(`/sobjects/${INVOICE}`, {
        method: 'POST',
        body: JSON.stringify({ Name: 'a'.repeat(80) }),
      });
      expect(created.status).toBe(201);
      const q = encodeURIComponent(`SELECT Id FROM ${INVOICE} WHERE Name LIKE '${PATHOLOGICAL_LIKE}'`);
      const [like, limits] = await Promise.all([call(`/query?q=${q}`), call('/limits')]);
      expect(limits.status).toBe(200);
      expect(await like.json()).toMatchObject({ totalSize: 0, done: true, records: [] });
      const twenty = encodeURIComponent(`SELECT Name FROM ${INVOICE} WHERE Name LIKE '${'%a'.repeat(20)}%'`);
      expect(await (await call(`/query?q=${twenty}`)).json()).toMatchObject({ totalSize: 1 });
    } finally {
      child.kill('SIGTERM');
    }
    const exited = once(child, 'exit') as Promise<[number | null]>;
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const [code] = await exited;
    clearTimeout(timer);
    expect(code).toBe(0);
  }, 120_000);
});
