/**
 * The Metronome sandbox invents the Salesforce Account IDs its customers link to, and an org rejects lookups to
 * accounts it does not hold. So before seeding, accounts are created in the target org (once: they are found again
 * by name) and the sandbox's generator is pointed at their IDs, as the sync's `npm start` demo does for the local org.
 * TODO(sandbox): use a `startMetronomeSandbox({ accountIds })` option once the sandbox has one.
 */
import type { Connection } from '@salesforce/core';
import type { MetronomeSandbox } from '../metronome/sandbox/index.ts';

export const SEED_ACCOUNT_PREFIX = 'Metronome demo account ';

export async function linkSandboxAccounts(connection: Connection, sandbox: MetronomeSandbox, customers: number): Promise<string[]> {
  const wanted = customers * 3;
  const existing = await connection.query<{ Id: string; Name: string }>(`SELECT Id, Name FROM Account WHERE Name LIKE '${SEED_ACCOUNT_PREFIX}%' ORDER BY Name`, { autoFetch: true, maxFetch: 1_000_000 });
  const byNumber = new Map(existing.records.map((a) => [Number(a.Name.slice(SEED_ACCOUNT_PREFIX.length)), a.Id]));
  const missing = Array.from({ length: wanted }, (_, i) => i).filter((i) => !byNumber.has(i));
  for (let i = 0; i < missing.length; i += 200) {
    const part = missing.slice(i, i + 200);
    const results = await connection.sobject('Account').create(
      part.map((n) => ({ Name: `${SEED_ACCOUNT_PREFIX}${String(n).padStart(6, '0')}` })),
      { allOrNone: true },
    );
    results.forEach((result, k) => {
      if (result.success) byNumber.set(part[k]!, result.id);
    });
  }
  const ids = Array.from({ length: wanted }, (_, i) => byNumber.get(i)!);
  const dataset = sandbox.dataset as unknown as { accountId: (index: number, n: number, form?: 15 | 18) => string };
  dataset.accountId = (index, n, form = 18) => {
    const id = ids[(index * 3 + n) % ids.length]!;
    return form === 15 ? id.slice(0, 15) : id;
  };
  return ids;
}
