/**
 * Real accounts for the sandbox's customer links. The sandbox invents Salesforce Account IDs, and an org rejects
 * lookups to accounts it does not hold; so `npm start`, `nome org seed`, the sync tests and the benchmark create
 * accounts in the org (through its REST API, once: later runs find them again by name) and hand their IDs to the
 * sandbox.
 */
import type { MetronomeSandbox } from './server.ts';
import { soqlQuote } from '../../salesforce/soql.ts';

/** What this needs of a connection: jsforce's `Connection` and @salesforce/core's both fit. */
export interface AccountsConnection {
  query(
    soql: string,
    options?: { autoFetch?: boolean; maxFetch?: number },
  ): PromiseLike<{ records: Array<{ Id?: string; Name?: unknown }> }>;
  sobject(type: 'Account'): {
    create(
      records: Array<{ Name: string }>,
      options?: { allOrNone?: boolean },
    ): Promise<Array<{ success: boolean; id?: string; errors?: unknown }>>;
  };
}

export const DEFAULT_ACCOUNT_PREFIX = 'Metronome demo account ';
/** Largest batch the sObject Collections API accepts. */
const CREATE_BATCH = 200;

/** A SOQL string literal: backslashes and quotes escaped, so any text stays one literal. */
const accountName = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, '0')}`;

/**
 * The IDs of the accounts `<prefix>000000` … `<prefix>(count-1)`, creating those the org does not hold yet.
 * Existing accounts are found by exact name (the LIKE only narrows the query; `_` and `%` in the prefix are harmless).
 */
export async function ensureNumberedAccounts(
  conn: AccountsConnection,
  count: number,
  prefix = DEFAULT_ACCOUNT_PREFIX,
): Promise<string[]> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`account count must be a positive integer, got ${count}`);
  if (prefix.length === 0) throw new Error('the account name prefix must not be empty');
  const soql = `SELECT Id, Name FROM Account WHERE Name LIKE ${soqlQuote(`${prefix}%`)}`;
  const existing = (await conn.query(soql, { autoFetch: true, maxFetch: 10_000_000 })).records;
  const byName = new Map<string, string>();
  for (const { Id, Name } of existing) {
    // Duplicates by name: the smallest ID wins, so the choice does not depend on the order of the answer.
    if (typeof Name === 'string' && Id && (!byName.has(Name) || Id < byName.get(Name)!)) byName.set(Name, Id);
  }
  const missing = Array.from({ length: count }, (_, n) => accountName(prefix, n)).filter((name) => !byName.has(name));
  for (let i = 0; i < missing.length; i += CREATE_BATCH) {
    const names = missing.slice(i, i + CREATE_BATCH);
    const results = await conn.sobject('Account').create(
      names.map((Name) => ({ Name })),
      { allOrNone: true },
    );
    results.forEach((result, k) => {
      if (!result.success || !result.id)
        throw new Error(
          `Could not create the account ${JSON.stringify(names[k])}: ${JSON.stringify(result.errors ?? result)}`,
        );
      byName.set(names[k]!, result.id);
    });
  }
  return Array.from({ length: count }, (_, n) => byName.get(accountName(prefix, n))!);
}

export interface LinkOrgAccountsOptions {
  /** Account names are `<prefix>NNNNNN` (default "Metronome demo account "). */
  prefix?: string;
  /** How many accounts to create and link (default `sandbox.accountSlots()`: one per link); fewer are reused round-robin. */
  count?: number;
}

/** Creates (or finds) accounts in the org and points the sandbox's customers at them. Returns their IDs, in slot order. */
export async function linkOrgAccounts(
  conn: AccountsConnection,
  sandbox: Pick<MetronomeSandbox, 'accountSlots' | 'useAccountIds'>,
  options: LinkOrgAccountsOptions = {},
): Promise<string[]> {
  const ids = await ensureNumberedAccounts(conn, options.count ?? sandbox.accountSlots(), options.prefix);
  sandbox.useAccountIds(ids);
  return ids;
}
