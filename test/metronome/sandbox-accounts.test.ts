import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Metronome from '@metronome/sdk';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalOrg, type LocalOrg } from '../../scripts/local-org/index.ts';
import { customerAccounts, type CustomerDetail } from '../../scripts/mapping/index.ts';
import { soqlQuote } from '../../scripts/salesforce/soql.ts';
import { toSalesforceId18 } from '../../scripts/mapping/ids.ts';
import { SandboxDataset, linkOrgAccounts, startMetronomeSandbox } from '../../scripts/metronome/sandbox/index.ts';
import { startNomeServer } from '../support/nome-process.ts';

const CUSTOMERS = 40;
const SEED = 3;

/** Valid, distinct Account IDs in mixed case: even ones handed in as 15 characters, odd ones as 18. */
function givenIds(count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const id15 = `001Qx${String(k).padStart(7, '0')}aZb`;
    return k % 2 === 0 ? id15 : toSalesforceId18(id15)!;
  });
}

const ID_TOKEN = /\b001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?\b/g;
/** A customer with every account ID replaced by its length: what linking looks like, whichever IDs it uses. */
const shape = (c: CustomerDetail) => JSON.stringify(c).replace(ID_TOKEN, (id) => `<${id.length}>`);
const allCustomers = (d: SandboxDataset) => Array.from({ length: d.size }, (_, i) => d.customer(i));
const linkedIds = (customers: CustomerDetail[]) =>
  customers.flatMap((c) => customerAccounts(c, { mode: 'all' }).links.map((l) => l.accountId));

describe('sandbox account IDs', () => {
  it('links customers to exactly the given IDs, primary and extras, with the same 15/18 forms and links as before', () => {
    const invented = new SandboxDataset({ customers: CUSTOMERS, seed: SEED });
    const ids = givenIds(invented.accountSlots);
    const given = new SandboxDataset({ customers: CUSTOMERS, seed: SEED, accountIds: ids });
    const before = allCustomers(invented);
    const after = allCustomers(given);
    // Everything but the IDs themselves is unchanged: who links, to how many, 15 vs 18 characters, the invalid ID.
    expect(after.map(shape)).toEqual(before.map(shape));
    expect(shape(after[5]!)).toContain('not-an-account-id');
    expect(after.some((c) => c.customer_config.salesforce_account_id?.length === 15)).toBe(true);
    // Every slot is used once: the links (as the sync reads them, 18 characters) are exactly the given IDs.
    const wanted = ids.map((id) => toSalesforceId18(id)!);
    const linked = linkedIds(after);
    expect(linked).toHaveLength(wanted.length);
    expect(new Set(linked)).toEqual(new Set(wanted));
    // The multi-account customer carries three given IDs: its primary, plus two extras in the custom field.
    const multi = customerAccounts(after[6]!, { mode: 'all' });
    expect(multi.links.map((l) => l.primary)).toEqual([true, false, false]);
    expect(multi.links.every((l) => wanted.includes(l.accountId))).toBe(true);
    // A 15-character link is the first 15 characters of a given ID, as handed in or converted.
    const primaries15 = after.map((c) => c.customer_config.salesforce_account_id).filter((id) => id?.length === 15);
    expect(primaries15.every((id) => wanted.some((w) => w.startsWith(id!)))).toBe(true);
  });

  it('is deterministic: the same IDs give the same data, whether given at start or later', () => {
    const ids = givenIds(new SandboxDataset({ customers: CUSTOMERS, seed: SEED }).accountSlots);
    const atStart = new SandboxDataset({ customers: CUSTOMERS, seed: SEED, accountIds: ids });
    const later = new SandboxDataset({ customers: CUSTOMERS, seed: SEED });
    later.useAccountIds(ids);
    expect(JSON.stringify(allCustomers(later))).toBe(JSON.stringify(allCustomers(atStart)));
    expect(
      JSON.stringify(allCustomers(new SandboxDataset({ customers: CUSTOMERS, seed: SEED, accountIds: ids }))),
    ).toBe(JSON.stringify(allCustomers(atStart)));
  });

  it('needs about one account per customer, and reuses fewer IDs round-robin', () => {
    expect(new SandboxDataset({ customers: 10, seed: 1 }).accountSlots).toBe(11);
    expect(new SandboxDataset({ customers: 100_000, seed: 1 }).accountSlots).toBe(100_001);
    const few = givenIds(4);
    const d = new SandboxDataset({ customers: CUSTOMERS, seed: SEED, accountIds: few });
    expect(new Set(linkedIds(allCustomers(d)))).toEqual(new Set(few.map((id) => toSalesforceId18(id)!)));
  });

  it('refuses what is not an Account ID, naming the entry', () => {
    const d = new SandboxDataset({ customers: 10, seed: 1 });
    expect(() => d.useAccountIds([])).toThrow(/non-empty/);
    expect(() => d.useAccountIds([givenIds(1)[0]!, 'not-an-id'])).toThrow(/accountIds\[1\].*not-an-id/);
    expect(() => d.useAccountIds(['003000000000001'])).toThrow(/accountIds\[0\] is not a Salesforce Account ID/);
  });
});

describe('admin endpoint and CLI', () => {
  it('PUT /__admin/account-ids points a running sandbox at other accounts', async () => {
    const sandbox = await startMetronomeSandbox({ customers: CUSTOMERS, seed: SEED });
    try {
      const admin = (method: string, pathname: string, body?: unknown) =>
        fetch(`${sandbox.baseURL}${pathname}`, {
          method,
          headers: { authorization: `Bearer ${sandbox.bearerToken}` },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      expect(await (await admin('GET', '/__admin/dataset')).json()).toMatchObject({
        accountSlots: 41,
        accountIdCount: 0,
      });
      const ids = givenIds(41);
      const put = await admin('PUT', '/__admin/account-ids', { accountIds: ids });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ accountSlots: 41, accountIdCount: 41 });
      const client = new Metronome({ baseURL: sandbox.baseURL, bearerToken: sandbox.bearerToken, maxRetries: 0 });
      const multi = (await client.v1.customers.retrieve({ customer_id: sandbox.known.multiAccountCustomerId })).data;
      expect(
        customerAccounts(multi, { mode: 'all' }).links.every((l) =>
          ids.map((id) => toSalesforceId18(id)).includes(l.accountId),
        ),
      ).toBe(true);
      const bad = await admin('PUT', '/__admin/account-ids', { accountIds: ['nope'] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/accountIds\[0\]/);
    } finally {
      await sandbox.stop();
    }
  });

  it("nome metronome-sandbox start --account-ids-file serves customers linked to the file's IDs", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nome-account-ids-'));
    const ids = givenIds(11);
    const file = path.join(dir, 'accounts.csv');
    writeFileSync(file, `Id\n${ids.map((id) => `"${id}"`).join('\n')}\n`); // as `sf data query --result-format csv` writes it
    const { child, info, exited } = await startNomeServer<{
      baseURL: string;
      bearerToken: string;
      accountSlots: number;
      accountIdCount: number;
    }>(['metronome-sandbox', 'start', '--customers', '10', '--seed', '4', '--account-ids-file', file]);
    try {
      expect(info).toMatchObject({ accountSlots: 11, accountIdCount: 11 });
      const client = new Metronome({ baseURL: info.baseURL, bearerToken: info.bearerToken, maxRetries: 0 });
      const customers: CustomerDetail[] = [];
      for (const archived of [false, true])
        for await (const c of client.v1.customers.list({ only_archived: archived })) customers.push(c);
      expect(new Set(linkedIds(customers))).toEqual(new Set(ids.map((id) => toSalesforceId18(id)!)));
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('linkOrgAccounts', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeAll(async () => {
    org = await startLocalOrg({});
    conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
  });
  afterAll(() => org.stop());

  it('creates the accounts once, finds them again by name, and links the sandbox to them', async () => {
    const prefix = "O'Brien \\ _% "; // a quote, a backslash and LIKE wildcards: still one exact name
    await conn.sobject('Account').create({ Name: `O'Brien \\ _% 00000x` }); // matches the LIKE, not the numbering
    const sandbox = await startMetronomeSandbox({ customers: 20, seed: 9 });
    try {
      const ids = await linkOrgAccounts(conn, sandbox, { prefix });
      expect(ids).toHaveLength(sandbox.accountSlots());
      const again = await linkOrgAccounts(conn, sandbox, { prefix });
      expect(again).toEqual(ids);
      const rows = (
        await conn.query<{ Id: string; Name: string }>(
          `SELECT Id, Name FROM Account WHERE Name LIKE ${soqlQuote(`${prefix}%`)}`,
        )
      ).records;
      expect(rows).toHaveLength(ids.length + 1);
      const nameOf = new Map(rows.map((r) => [toSalesforceId18(r.Id), r.Name]));
      expect(ids.map((id) => nameOf.get(toSalesforceId18(id)))).toEqual(
        ids.map((_, n) => `${prefix}${String(n).padStart(6, '0')}`),
      );
      const linked = linkedIds(allCustomers(sandbox.dataset));
      expect(new Set(linked)).toEqual(new Set(ids.map((id) => toSalesforceId18(id))));
    } finally {
      await sandbox.stop();
    }
  });
});
