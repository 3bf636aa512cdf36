/**
 * A stale account link never hides billing data, end to end over HTTP: accounts the sandbox's customers link to are
 * deleted in the org (as when an account is merged or deleted in Salesforce). The customer still lands with its
 * invoices, line items, plans and grants, without the lookup, and the links to those accounts wait, each reported as
 * a warning naming the account and where Metronome holds it. An unchanged run tries again (the state's digest does
 * not hide the missing link); once the accounts are back (restored from the recycle bin), the next run links them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { toSalesforceId18 } from '../../scripts/mapping/index.ts';
import { startLocalOrg, type LocalOrg } from '../../scripts/local-org/index.ts';
import { Store } from '../../scripts/local-org/store.ts';
import {
  linkOrgAccounts,
  startMetronomeSandbox,
  type MetronomeSandbox,
} from '../../scripts/metronome/sandbox/index.ts';
import { adhocEnvironment, syncEnvironment } from '../../scripts/sync/index.ts';
import type { SyncReport } from '../../scripts/sync/types.ts';
import { FAST_RETRY } from './world.ts';

const schema = loadSchema();
const dir = mkdtempSync(path.join(tmpdir(), 'nome-stale-account-'));
const orgDir = path.join(dir, 'org');
let org: LocalOrg;
let sandbox: MetronomeSandbox;
const connection = () =>
  new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
const query = async <T>(soql: string) =>
  (await connection().query<Record<string, unknown>>(soql).autoFetch(true).maxFetch(100_000).run())
    .records as unknown as T[];
const sync = () =>
  syncEnvironment(adhocEnvironment({ name: 'stale', instanceUrl: org.instanceUrl }), {
    schema,
    retry: FAST_RETRY,
    stateDirectory: path.join(dir, 'state'),
    env: {
      SF_ACCESS_TOKEN: org.accessToken,
      METRONOME_BEARER_TOKEN: sandbox.bearerToken,
      METRONOME_BASE_URL: sandbox.baseURL,
    },
  });

/** What an admin's "Restore" from the recycle bin does, done on the stopped org's store (the REST API has no undelete). */
async function restoreFromRecycleBin(ids: string[]): Promise<void> {
  await org.stop();
  const store = new Store(orgDir);
  for (const id of ids) {
    const row = store.get(id)!;
    store.put({ ...row, v: { ...row.v, IsDeleted: false } });
  }
  store.close();
  org = await startLocalOrg({ dataDir: orgDir });
}

const staleWarnings = (report: SyncReport) => report.warnings.filter((w) => w.code === 'ACCOUNT_NOT_IN_ORG');

describe('a customer whose account is not in the org', () => {
  // Customer 0 links one primary account; customer 6 a primary and two more in the custom field.
  let primaryCustomer: string;
  let primaryAccount: string;
  let multiCustomer: string;
  let extraAccount: string;
  let first: SyncReport;

  beforeAll(async () => {
    org = await startLocalOrg({ dataDir: orgDir });
    sandbox = await startMetronomeSandbox({ customers: 20, seed: 7 });
    await linkOrgAccounts(connection(), sandbox, { prefix: 'Account ' });
    const c0 = sandbox.dataset.customer(0);
    primaryCustomer = c0.id;
    primaryAccount = toSalesforceId18(c0.customer_config!.salesforce_account_id!)!;
    const c6 = sandbox.dataset.customer(sandbox.dataset.customerIndexOf(sandbox.known.multiAccountCustomerId)!);
    multiCustomer = c6.id;
    const extras = String(c6.custom_fields!.salesforce_account_ids)
      .split(/[\s,;]+/)
      .map((id) => toSalesforceId18(id)!);
    extraAccount = extras.find((id) => id !== toSalesforceId18(c6.customer_config!.salesforce_account_id!))!;
    await connection().sobject('Account').destroy([primaryAccount, extraAccount]);
    first = await sync();
  });
  afterAll(async () => {
    await sandbox?.stop();
    await org?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs the customer without the lookup, and every invoice, line item, plan and grant under it lands', async () => {
    expect(
      first.recordErrors.filter((e) => e.code === 'PARENT_NOT_SYNCED' || e.code === 'INVALID_CROSS_REFERENCE_KEY'),
    ).toEqual([]);
    const [customer] = await query<{ NOME__Account__c: string | null }>(
      `SELECT NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Metronome_Customer_ID__c = '${primaryCustomer}'`,
    );
    expect(customer).toMatchObject({ NOME__Account__c: null });
    const index = sandbox.dataset.customerIndexOf(primaryCustomer)!;
    const byCustomer = (object: string, lookup = 'NOME__Customer__r') =>
      `SELECT Id FROM ${object} WHERE ${lookup}.NOME__Metronome_Customer_ID__c = '${primaryCustomer}'`;
    expect(await query(byCustomer('NOME__Metronome_Invoice__c'))).toHaveLength(sandbox.dataset.invoices(index).length);
    const lines = sandbox.dataset.invoices(index).reduce((n, inv) => n + inv.line_items.length, 0);
    expect(
      await query(byCustomer('NOME__Metronome_Invoice_Line_Item__c', 'NOME__Invoice__r.NOME__Customer__r')),
    ).toHaveLength(lines);
    expect(await query(byCustomer('NOME__Metronome_Customer_Plan__c'))).toHaveLength(
      sandbox.dataset.customerPlans(index).length,
    );
    expect(await query(byCustomer('NOME__Metronome_Credit_Grant__c'))).toHaveLength(
      sandbox.dataset.creditGrants(index).length,
    );
  });

  it('reports each missing account as a warning with the account ID and where it came from', () => {
    const warnings = staleWarnings(first);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        object: 'NOME__Metronome_Customer__c',
        metronomeId: primaryCustomer,
        field: 'NOME__Account__c',
        message: expect.stringMatching(
          new RegExp(`Account ${primaryAccount} \\(from customer_config\\.salesforce_account_id\\).*synced without it`),
        ),
      }),
    );
    expect(warnings).toContainEqual(
      expect.objectContaining({
        object: 'NOME__Metronome_Customer_Account__c',
        externalId: `${multiCustomer}:${extraAccount}`,
        message: expect.stringMatching(
          new RegExp(`Account ${extraAccount} \\(from custom_fields\\.salesforce_account_ids\\).*link is not created`),
        ),
      }),
    );
    // The primary account's link record waits too; nothing else is reported about these accounts.
    expect(warnings.map((w) => w.externalId).sort()).toEqual(
      [primaryCustomer, `${primaryCustomer}:${primaryAccount}`, `${multiCustomer}:${extraAccount}`].sort(),
    );
  });

  it('creates the other links of the customer and leaves out only the ones to missing accounts', async () => {
    const links = await query<{ NOME__Metronome_Customer_Account_ID__c: string }>(
      `SELECT NOME__Metronome_Customer_Account_ID__c FROM NOME__Metronome_Customer_Account__c WHERE NOME__Customer__r.NOME__Metronome_Customer_ID__c IN ('${primaryCustomer}', '${multiCustomer}')`,
    );
    const keys = links.map((l) => l.NOME__Metronome_Customer_Account_ID__c);
    expect(keys).not.toContain(`${primaryCustomer}:${primaryAccount}`);
    expect(keys).not.toContain(`${multiCustomer}:${extraAccount}`);
    expect(keys.filter((k) => k.startsWith(multiCustomer))).toHaveLength(2);
  });

  it('tries the links again on an unchanged run (the digest does not hide them), without rewriting the customer', async () => {
    const again = await sync();
    expect(
      staleWarnings(again)
        .map((w) => w.externalId)
        .sort(),
    ).toEqual(
      staleWarnings(first)
        .map((w) => w.externalId)
        .sort(),
    );
    expect(again.objects.NOME__Metronome_Customer__c).toMatchObject({ created: 0, updated: 0 });
    expect(again.recordErrorCount).toBe(first.recordErrorCount);
  });

  it('links the customer and creates the waiting links on the next run once the accounts exist', async () => {
    await restoreFromRecycleBin([primaryAccount, extraAccount]);
    const next = await sync();
    expect(staleWarnings(next)).toEqual([]);
    const [customer] = await query<{ NOME__Account__c: string | null }>(
      `SELECT NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Metronome_Customer_ID__c = '${primaryCustomer}'`,
    );
    expect(customer!.NOME__Account__c).toBe(primaryAccount);
    const links = await query<{ NOME__Metronome_Customer_Account_ID__c: string; NOME__Is_Primary__c: boolean }>(
      `SELECT NOME__Metronome_Customer_Account_ID__c, NOME__Is_Primary__c FROM NOME__Metronome_Customer_Account__c WHERE NOME__Account__c IN ('${primaryAccount}', '${extraAccount}')`,
    );
    expect(links.map((l) => [l.NOME__Metronome_Customer_Account_ID__c, l.NOME__Is_Primary__c]).sort()).toEqual(
      [
        [`${primaryCustomer}:${primaryAccount}`, true],
        [`${multiCustomer}:${extraAccount}`, false],
      ].sort(),
    );
    expect(next.objects.NOME__Metronome_Customer__c).toMatchObject({ updated: 1 });
    expect(next.objects.NOME__Metronome_Customer_Account__c).toMatchObject({ created: 2 });
  });
});
