import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedSfCli, localOrgWithSfCli } from '../sf-cli-home.ts';
import { seed } from './seed.ts';

/** `sf api request graphql`, the sf CLI's GraphQL client, against the local org, unchanged. */
describe('local org GraphQL: sf api request graphql', () => {
  const session = localOrgWithSfCli('local-org-graphql-', {}, seed);
  let cli: ReturnType<typeof isolatedSfCli>;

  beforeAll(() => ({ cli } = session));

  it('runs a uiapi query given as a file and prints the answer Salesforce would', async () => {
    // The command wraps the file's text as {"query": …}: no variables, so the value is inline.
    const body = path.join(cli.home, 'drafts.graphql');
    writeFileSync(
      body,
      [
        'query drafts { uiapi { query {',
        '  NOME__Metronome_Invoice__c(where: { NOME__Status__c: { eq: "DRAFT" } }, orderBy: { Name: { order: ASC } }) {',
        '    edges { node { Name { value } NOME__Status__c { value displayValue } NOME__Customer__r { NOME__Name__c { value } } } }',
        '    totalCount',
        '} } } }',
      ].join('\n'),
    );
    const printed = await cli.raw(['api', 'request', 'graphql', '--body', body, '--target-org', 'local']);
    const answer = JSON.parse(printed) as { data: any; errors: unknown[] };
    expect(answer.errors).toEqual([]);
    const connection = answer.data.uiapi.query.NOME__Metronome_Invoice__c;
    expect(connection.totalCount).toBe(2);
    expect(connection.edges.map((e: any) => [e.node.Name.value, e.node.NOME__Customer__r.NOME__Name__c.value])).toEqual(
      [
        ['INV-002', 'Acme US'],
        ['INV-005', 'Globex Main'],
      ],
    );
  }, 60_000);

  it('prints the validation error of an unknown field, as Salesforce answers it', async () => {
    const printed = await cli.raw([
      'api',
      'request',
      'graphql',
      '--body',
      '{ uiapi { query { Account { edges { node { Nope__c { value } } } } } } }',
      '--target-org',
      'local',
    ]);
    expect(JSON.parse(printed)).toMatchObject({
      data: null,
      errors: [
        { message: 'Cannot query field "Nope__c" on type "Account".', extensions: { ErrorType: 'ValidationError' } },
      ],
    });
  }, 60_000);
});
