import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import { CUSTOMER, tokenConnection } from '../helpers.ts';
import { isolatedSfCli, localOrgWithSfCli } from '../sf-cli-home.ts';

/**
 * The sf CLI commands a developer runs against an org, the real `sf` from node_modules in a temporary HOME, against
 * a local org started in this process. (`org login access-token`, `data query` and `data upsert bulk` are in
 * ../sf-cli.test.ts; `org assign permset` and `package install` in ../sf-cli-install.test.ts.)
 */
describe('local org peers: the sf CLI data, schema and org commands', () => {
  const session = localOrgWithSfCli('local-org-sf-peers-');
  let org: LocalOrg;
  let cli: ReturnType<typeof isolatedSfCli>;
  const sf = (...args: string[]) => cli.sf([...args, '--target-org', 'local']);
  const ok = (doc: { status: number }) => expect(doc.status, JSON.stringify(doc)).toBe(0);

  beforeAll(() => ({ org, cli } = session));

  it('org display, sobject list and describe, org list limits', async () => {
    const [display, list, describe, limits] = await Promise.all([
      sf('org', 'display'),
      sf('sobject', 'list', '--sobject', 'all'),
      sf('sobject', 'describe', '--sobject', 'Contact'),
      sf('org', 'list', 'limits'),
    ]);
    ok(display);
    expect(display.result).toMatchObject({ id: org.orgId, username: org.username, connectedStatus: 'Connected' });
    expect(list.result).toEqual(
      expect.arrayContaining(['Account', 'Contact', 'Opportunity', 'Lead', 'Case', CUSTOMER]),
    );
    expect(describe.result.childRelationships).toEqual(
      expect.arrayContaining([expect.objectContaining({ relationshipName: 'Cases', childSObject: 'Case' })]),
    );
    expect(limits.result).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'DailyApiRequests', max: 100_000 })]),
    );
  }, 90_000);

  it('data create, get, update and delete record', async () => {
    const created = await sf(
      'data',
      'create',
      'record',
      '--sobject',
      'Account',
      '--values',
      "Name='Acme Corp' Phone=555-0100",
    );
    ok(created);
    const id = created.result.id as string;
    const got = await sf('data', 'get', 'record', '--sobject', 'Account', '--record-id', id);
    expect(got.result).toMatchObject({ Id: id, Name: 'Acme Corp', Phone: '555-0100' });
    ok(
      await sf(
        'data',
        'update',
        'record',
        '--sobject',
        'Account',
        '--record-id',
        id,
        '--values',
        "Name='Acme Renamed'",
      ),
    );
    const byWhere = await sf('data', 'get', 'record', '--sobject', 'Account', '--where', "Name='Acme Renamed'");
    expect(byWhere.result.Id).toBe(id);
    ok(await sf('data', 'delete', 'record', '--sobject', 'Account', '--record-id', id));
    expect((await tokenConnection(org).query(`SELECT Id FROM Account WHERE Id = '${id}'`)).totalSize).toBe(0);
  }, 90_000);

  it('data import tree (files and plan) and data export tree round-trip an Account with its Contacts', async () => {
    const file = path.join(cli.home, 'tree.json');
    writeFileSync(
      file,
      JSON.stringify({
        records: [
          {
            attributes: { type: 'Account', referenceId: 'Acc1' },
            Name: 'Tree Co',
            Contacts: {
              records: [
                {
                  attributes: { type: 'Contact', referenceId: 'Con1' },
                  LastName: 'Lovelace',
                  Email: 'ada@example.com',
                },
              ],
            },
          },
        ],
      }),
    );
    const imported = await sf('data', 'import', 'tree', '--files', file);
    ok(imported);
    expect(imported.result.map((r: { refId: string; type: string }) => `${r.type}:${r.refId}`)).toEqual([
      'Account:Acc1',
      'Contact:Con1',
    ]);

    const dir = path.join(cli.home, 'export');
    const exported = await sf(
      'data',
      'export',
      'tree',
      '--query',
      "SELECT Name, (SELECT LastName, Email FROM Contacts) FROM Account WHERE Name = 'Tree Co'",
      '--output-dir',
      dir,
      '--plan',
    );
    ok(exported);
    const contacts = JSON.parse(readFileSync(path.join(dir, 'Contact.json'), 'utf8')) as {
      records: { LastName: string; AccountId: string }[];
    };
    expect(contacts.records).toEqual([expect.objectContaining({ LastName: 'Lovelace', AccountId: '@AccountRef1' })]);

    // The plan re-imports the export: a second Tree Co with its own Contact.
    ok(await sf('data', 'import', 'tree', '--plan', path.join(dir, 'Account-Contact-plan.json')));
    const trees = await tokenConnection(org).query<{ Contacts: { records: { LastName: string }[] } }>(
      "SELECT (SELECT LastName FROM Contacts) FROM Account WHERE Name = 'Tree Co'",
    );
    expect(trees.records.map((a) => a.Contacts.records.map((c) => c.LastName))).toEqual([['Lovelace'], ['Lovelace']]);
  }, 120_000);

  it('data import bulk, upsert bulk and export bulk', async () => {
    const accounts = path.join(cli.home, 'accounts.csv');
    writeFileSync(accounts, 'Name,Phone\nBulk One,1\nBulk Two,2\n');
    const imported = await sf('data', 'import', 'bulk', '--sobject', 'Account', '--file', accounts, '--wait', '10');
    ok(imported);
    expect(imported.result).toMatchObject({ processedRecords: 2, successfulRecords: 2, failedRecords: 0 });

    const customers = path.join(cli.home, 'customers.csv');
    const upsertCustomers = async (csv: string) => {
      writeFileSync(customers, csv);
      const args = ['--sobject', CUSTOMER, '--file', customers, '--external-id', 'NOME__Metronome_Customer_ID__c'];
      ok(await sf('data', 'upsert', 'bulk', ...args, '--wait', '10'));
    };
    await upsertCustomers('NOME__Metronome_Customer_ID__c,NOME__Name__c\nbulk-c1,First\nbulk-c2,Second\n');
    await upsertCustomers('NOME__Metronome_Customer_ID__c,NOME__Name__c\nbulk-c1,First renamed\n');

    const out = path.join(cli.home, 'out.csv');
    const exported = await sf(
      'data',
      'export',
      'bulk',
      '--query',
      `SELECT NOME__Metronome_Customer_ID__c, NOME__Name__c FROM ${CUSTOMER} ORDER BY NOME__Metronome_Customer_ID__c`,
      '--output-file',
      out,
      '--wait',
      '10',
    );
    ok(exported);
    expect(readFileSync(out, 'utf8').trim().split(/\r?\n/)).toEqual([
      '"NOME__Metronome_Customer_ID__c","NOME__Name__c"',
      '"bulk-c1","First renamed"',
      '"bulk-c2","Second"',
    ]);
  }, 120_000);

  it('data search, org list sobject record-counts and api request rest', async () => {
    const conn = tokenConnection(org);
    await conn
      .sobject('Contact')
      .create([{ LastName: 'Searchable', Email: 'find.me@example.com' }, { LastName: 'Hidden' }]);
    await conn.sobject('Case').create([{ Subject: 'One' }, { Subject: 'Two' }, { Subject: 'Three' }]);
    const [found, counts] = await Promise.all([
      sf('data', 'search', '--query', 'FIND {find.me@example.com} IN EMAIL FIELDS RETURNING Contact(LastName, Email)'),
      sf('org', 'list', 'sobject', 'record-counts', '--sobject', 'Case', '--sobject', 'Opportunity'),
    ]);
    ok(found);
    expect(found.result.searchRecords).toEqual([
      expect.objectContaining({ LastName: 'Searchable', Email: 'find.me@example.com' }),
    ]);
    ok(counts);
    expect(counts.result).toEqual(
      expect.arrayContaining([
        { name: 'Case', count: 3 },
        { name: 'Opportunity', count: 0 },
      ]),
    );

    const raw = await cli.raw([
      'api',
      'request',
      'rest',
      '/services/data/v62.0/composite',
      '--method',
      'POST',
      '--target-org',
      'local',
      '--body',
      JSON.stringify({
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Lead',
            referenceId: 'lead',
            body: { LastName: 'Api', Company: 'Request' },
          },
          {
            method: 'GET',
            url: '/services/data/v62.0/sobjects/Lead/@{lead.id}?fields=Name,Company',
            referenceId: 'read',
          },
        ],
      }),
    ]);
    const composite = JSON.parse(raw) as { compositeResponse: { httpStatusCode: number; body: { Name?: string } }[] };
    expect(composite.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 200]);
    expect(composite.compositeResponse[1].body.Name).toBe('Api');
  }, 90_000);
});
