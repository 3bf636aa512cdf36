import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, startOrg, tokenConnection } from './helpers.ts';
import { isolatedSfCli } from './sf-cli-home.ts';

/** The sf CLI as a real client, isolated in a temporary HOME, with the project's Node 22 first on PATH. */
describe('local org: the sf CLI works against it unchanged', () => {
  let org: LocalOrg;
  let cli: ReturnType<typeof isolatedSfCli>;
  const sf = (args: string[]) => cli.sf(args);

  beforeAll(async () => {
    org = await startOrg();
    cli = isolatedSfCli(org, 'local-org-sf-');
    await tokenConnection(org)
      .sobject(CUSTOMER)
      .create([
        { NOME__Metronome_Customer_ID__c: 'sf-c1', NOME__Name__c: 'One' },
        { NOME__Metronome_Customer_ID__c: 'sf-c2', NOME__Name__c: 'Two' },
      ]);
  }, 60_000);
  afterAll(async () => {
    await org?.stop();
    cli?.remove();
  });

  it('logs in with an access token, then runs sf data query and sf data upsert bulk', async () => {
    const login = await sf([
      'org',
      'login',
      'access-token',
      '--instance-url',
      org.instanceUrl,
      '--no-prompt',
      '--alias',
      'local',
    ]);
    expect(login.result).toMatchObject({ orgId: org.orgId, username: org.username });

    const query = await sf([
      'data',
      'query',
      '--query',
      `SELECT Name, NOME__Metronome_Customer_ID__c, Owner.Username FROM ${CUSTOMER} ORDER BY NOME__Metronome_Customer_ID__c`,
      '--target-org',
      'local',
    ]);
    expect(query.result.totalSize).toBe(2);
    expect(
      (query.result.records as { NOME__Metronome_Customer_ID__c: string; Owner: { Username: string } }[]).map((r) => [
        r.NOME__Metronome_Customer_ID__c,
        r.Owner.Username,
      ]),
    ).toEqual([
      ['sf-c1', org.username],
      ['sf-c2', org.username],
    ]);

    const csv = path.join(cli.home, 'invoices.csv');
    writeFileSync(
      csv,
      'Name,NOME__Metronome_Invoice_ID__c,NOME__Total__c,NOME__Customer__r.NOME__Metronome_Customer_ID__c\nI-1,sf-i1,10.5,sf-c1\nI-2,sf-i2,20,sf-c2\n',
    );
    const upsert = await sf([
      'data',
      'upsert',
      'bulk',
      '--sobject',
      INVOICE,
      '--file',
      csv,
      '--external-id',
      'NOME__Metronome_Invoice_ID__c',
      '--wait',
      '10',
      '--target-org',
      'local',
    ]);
    expect(upsert.status).toBe(0);
    expect(JSON.stringify(upsert.result)).toContain('JobComplete');

    const rows = await tokenConnection(org).query<{ Name: string; NOME__Customer__r: { NOME__Name__c: string } }>(
      `SELECT Name, NOME__Customer__r.NOME__Name__c FROM ${INVOICE} ORDER BY Name`,
    );
    expect(rows.records.map((r) => [r.Name, r.NOME__Customer__r.NOME__Name__c])).toEqual([
      ['I-1', 'One'],
      ['I-2', 'Two'],
    ]);
  }, 60_000);
});
