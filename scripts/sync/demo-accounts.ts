/**
 * Accounts for the sandbox's customer links. The sandbox invents Salesforce Account IDs and an org rejects
 * lookups to accounts it does not hold, so the demo, the tests and the benchmark create the accounts in the org
 * (through jsforce) and hand their IDs to the sandbox's generator.
 * TODO(sandbox): replace the generator override with a `startMetronomeSandbox({ accountIds })` option.
 */
import type { Connection } from 'jsforce';
import type { MetronomeSandbox } from '../metronome/sandbox/index.ts';

/** Account links the sandbox makes per customer (primary + up to two more). */
const ACCOUNTS_PER_CUSTOMER = 3;

/** Creates (or reuses, on an org that already has them) `customers × 3` accounts named `<prefix>NNNNNN`. */
export async function linkSandboxAccounts(conn: Connection, sandbox: MetronomeSandbox, customers: number, prefix = 'Metronome demo account '): Promise<string[]> {
  const wanted = customers * ACCOUNTS_PER_CUSTOMER;
  const existing = (await conn.query<{ Id: string; Name: string }>(`SELECT Id, Name FROM Account WHERE Name LIKE '${prefix.replace(/'/g, "\\'")}%'`).autoFetch(true).maxFetch(10_000_000).run()).records;
  const byNumber = new Map(existing.map((a) => [Number(a.Name.slice(prefix.length)), a.Id]));
  const missing = Array.from({ length: wanted }, (_, i) => i).filter((i) => !byNumber.has(i));
  for (let i = 0; i < missing.length; i += 200) {
    const part = missing.slice(i, i + 200);
    const results = await conn.sobject('Account').create(part.map((n) => ({ Name: `${prefix}${String(n).padStart(6, '0')}` })), { allOrNone: true });
    results.forEach((r, k) => {
      if (!r.success || !r.id) throw new Error(`Could not create account ${prefix}${part[k]}: ${JSON.stringify(r)}`);
      byNumber.set(part[k]!, r.id);
    });
  }
  const ids = Array.from({ length: wanted }, (_, i) => byNumber.get(i)!);
  const dataset = sandbox.dataset as unknown as { accountId: (index: number, n: number, form?: 15 | 18) => string };
  dataset.accountId = (index, n, form = 18) => {
    const id = ids[(index * ACCOUNTS_PER_CUSTOMER + n) % ids.length]!;
    return form === 15 ? id.slice(0, 15) : id;
  };
  return ids;
}
