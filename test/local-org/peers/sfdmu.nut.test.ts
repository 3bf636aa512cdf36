import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../../scripts/metadata/index.ts';
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import {
  BILLABLE_METRIC,
  CUSTOMER,
  CUSTOMER_PLAN,
  INVOICE,
  LINE_ITEM,
  PLAN,
  startOrg,
  tokenConnection,
} from '../helpers.ts';

const run = promisify(execFile);
/** Where `npm run test:nuts` installs SFDMU (git-ignored); see scripts/local-org/README.md. */
const SFDMU = path.resolve('.nome/peers/node_modules/sfdmu');
const RUNNER = path.resolve('test/local-org/peers/run-sfdmu.cjs');

/**
 * SFDMU (the `sfdmu` npm package, SFDX Data Move Utility) copying the NOME objects with their Accounts from one local
 * org to another and to CSV files, run exactly as against Salesforce. The orgs are named in export.json's documented
 * `orgs` section: SFDMU 3 reads the sf CLI's auth by parsing `sfdx force:org:display` text, whose access token the
 * current sf CLI no longer prints.
 */
describe('local org peers: SFDMU copies the NOME objects and their Accounts', () => {
  let source: LocalOrg;
  let target: LocalOrg;
  let dir: string;

  /** Every NOME object with the external ID SFDMU matches records by: its unique one, else its first. */
  const nomeObjects = () =>
    loadSchema().objects.map((o) => {
      const ids = o.fields.filter((f) => f.externalId);
      return { name: o.apiName, externalId: (ids.find((f) => f.unique) ?? ids[0]).apiName };
    });

  const sfdmu = async (targetName: string) => {
    const { stdout } = await run(
      process.execPath,
      [
        RUNNER,
        SFDMU,
        '--sourceusername',
        'source',
        '--targetusername',
        targetName,
        '--path',
        dir,
        '--noprompt',
        '--nowarnings',
      ],
      {
        cwd: dir,
        timeout: 120_000,
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k))),
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`SFDMU failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    return stdout;
  };

  beforeAll(async () => {
    if (!existsSync(SFDMU))
      throw new Error('SFDMU is not installed: run `npm run test:nuts`, which installs it into .nome/peers');
    [source, target] = await Promise.all([startOrg(), startOrg()]);
    dir = mkdtempSync(path.join(tmpdir(), 'local-org-sfdmu-'));
    const conn = tokenConnection(source, '62.0');
    const [parent] = (await conn.sobject('Account').create([{ Name: 'Globex Holdings' }])) as unknown as {
      id: string;
    }[];
    const accounts = (await conn.sobject('Account').create([
      { Name: 'Globex', ParentId: parent.id },
      { Name: 'Initech', Phone: '555-0100' },
    ])) as unknown as { id: string }[];
    const upsert = (type: string, key: string, rows: Record<string, unknown>[]) => conn.sobject(type).upsert(rows, key);
    await upsert(CUSTOMER, 'NOME__Metronome_Customer_ID__c', [
      { NOME__Metronome_Customer_ID__c: 'cus-1', NOME__Name__c: 'Globex', NOME__Account__c: accounts[0].id },
      { NOME__Metronome_Customer_ID__c: 'cus-2', NOME__Name__c: 'Initech', NOME__Account__c: accounts[1].id },
    ]);
    const customer = (id: string) => ({ NOME__Metronome_Customer_ID__c: id });
    await upsert('NOME__Metronome_Customer_Account__c', 'NOME__Metronome_Customer_Account_ID__c', [
      {
        NOME__Metronome_Customer_Account_ID__c: 'link-1',
        NOME__Customer__r: customer('cus-1'),
        NOME__Account__c: accounts[0].id,
        NOME__Is_Primary__c: true,
      },
    ]);
    await upsert(PLAN, 'NOME__Metronome_Plan_ID__c', [{ NOME__Metronome_Plan_ID__c: 'plan-1', NOME__Name__c: 'Pro' }]);
    await upsert(CUSTOMER_PLAN, 'NOME__Metronome_Customer_Plan_ID__c', [
      {
        NOME__Metronome_Customer_Plan_ID__c: 'cp-1',
        NOME__Customer__r: customer('cus-1'),
        NOME__Plan__r: { NOME__Metronome_Plan_ID__c: 'plan-1' },
        NOME__Starting_On__c: '2026-01-01T00:00:00Z',
      },
    ]);
    await upsert(INVOICE, 'NOME__Metronome_Invoice_ID__c', [
      {
        Name: 'INV-1',
        NOME__Metronome_Invoice_ID__c: 'inv-1',
        NOME__Customer__r: customer('cus-1'),
        NOME__Total__c: 120.5,
        NOME__Start__c: '2026-10-01',
        NOME__Status__c: 'FINALIZED',
      },
      {
        Name: 'INV-2',
        NOME__Metronome_Invoice_ID__c: 'inv-2',
        NOME__Customer__r: customer('cus-2'),
        NOME__Total__c: 9,
      },
    ]);
    await upsert(LINE_ITEM, 'NOME__Metronome_Invoice_Line_Item_ID__c', [
      {
        NOME__Metronome_Invoice_Line_Item_ID__c: 'li-1',
        NOME__Invoice__r: { NOME__Metronome_Invoice_ID__c: 'inv-1' },
        NOME__Name__c: 'API calls',
        NOME__Quantity__c: 1000,
        NOME__Total__c: 120.5,
      },
    ]);
    await upsert(BILLABLE_METRIC, 'NOME__Metronome_Billable_Metric_ID__c', [
      { Name: 'API calls', NOME__Metronome_Billable_Metric_ID__c: 'bm-1' },
    ]);
    await upsert('NOME__Metronome_Credit_Grant__c', 'NOME__Metronome_Credit_Grant_ID__c', [
      {
        Name: 'Welcome credit',
        NOME__Metronome_Credit_Grant_ID__c: 'cg-1',
        NOME__Customer__r: customer('cus-2'),
        NOME__Initial_Balance__c: 50,
      },
    ]);
    await upsert('NOME__Metronome_Ingest_Alias__c', 'NOME__Customer_Ingest_Alias_ID__c', [
      {
        NOME__Customer_Ingest_Alias_ID__c: 'alias-1',
        NOME__Customer_ID__r: customer('cus-1'),
        NOME__Ingest_Alias__c: 'globex@example.com',
      },
    ]);
    writeFileSync(
      path.join(dir, 'export.json'),
      JSON.stringify(
        {
          orgs: [source, target].map((org, i) => ({
            name: i === 0 ? 'source' : 'target',
            instanceUrl: org.instanceUrl,
            accessToken: org.accessToken,
          })),
          objects: [
            { query: 'SELECT Id, Name, Phone, ParentId FROM Account', operation: 'Upsert', externalId: 'Name' },
            ...nomeObjects().map((o) => ({
              query: `SELECT all FROM ${o.name}`,
              operation: 'Upsert',
              externalId: o.externalId,
            })),
          ],
        },
        null,
        2,
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies every NOME object and its Accounts to another org, lookups pointing at the copies', async () => {
    await sfdmu('target');
    const conn = tokenConnection(target, '62.0');
    const accounts = await conn.query<{ Name: string; Parent: { Name: string } | null }>(
      'SELECT Name, Parent.Name FROM Account ORDER BY Name',
    );
    expect(accounts.records.map((a) => [a.Name, a.Parent?.Name ?? null])).toEqual([
      ['Globex', 'Globex Holdings'],
      ['Globex Holdings', null],
      ['Initech', null],
    ]);
    const customers = await conn.query<{ NOME__Metronome_Customer_ID__c: string; NOME__Account__r: { Name: string } }>(
      `SELECT NOME__Metronome_Customer_ID__c, NOME__Account__r.Name FROM ${CUSTOMER} ORDER BY NOME__Metronome_Customer_ID__c`,
    );
    expect(customers.records.map((c) => [c.NOME__Metronome_Customer_ID__c, c.NOME__Account__r.Name])).toEqual([
      ['cus-1', 'Globex'],
      ['cus-2', 'Initech'],
    ]);
    const lines = await conn.query<any>(
      `SELECT NOME__Total__c, NOME__Invoice__r.Name, NOME__Invoice__r.NOME__Customer__r.NOME__Metronome_Customer_ID__c FROM ${LINE_ITEM}`,
    );
    expect(
      lines.records.map((l) => [
        l.NOME__Total__c,
        l.NOME__Invoice__r.Name,
        l.NOME__Invoice__r.NOME__Customer__r.NOME__Metronome_Customer_ID__c,
      ]),
    ).toEqual([[120.5, 'INV-1', 'cus-1']]);
    for (const o of nomeObjects()) {
      const [from, to] = await Promise.all(
        [source, target].map(
          async (org) => (await tokenConnection(org, '62.0').query(`SELECT COUNT() FROM ${o.name}`)).totalSize,
        ),
      );
      expect([o.name, to]).toEqual([o.name, from]);
    }
    // A second run finds every record by its external ID: it updates, it does not duplicate.
    await sfdmu('target');
    expect((await conn.query(`SELECT COUNT() FROM ${INVOICE}`)).totalSize).toBe(2);
  }, 300_000);

  it('exports the same objects to CSV files', async () => {
    await sfdmu('csvfile');
    const rows = (name: string) =>
      Papa.parse<Record<string, string>>(readFileSync(path.join(dir, `${name}.csv`), 'utf8').replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
    expect(
      rows('Account')
        .map((r) => r.Name)
        .sort(),
    ).toEqual(['Globex', 'Globex Holdings', 'Initech']);
    expect(
      rows(INVOICE)
        .map((r) => [r.NOME__Metronome_Invoice_ID__c, r['NOME__Customer__r.NOME__Metronome_Customer_ID__c']])
        .sort(),
    ).toEqual([
      ['inv-1', 'cus-1'],
      ['inv-2', 'cus-2'],
    ]);
    for (const o of nomeObjects()) expect(rows(o.name).length, o.name).toBeGreaterThan(0);
  }, 300_000);
});
