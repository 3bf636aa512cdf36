import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { checkGraphqlQuery } from '../../scripts/metadata/lint/graphql.ts';

/** The GraphQL walk behind the lwc-graphql rule, on small queries against the package's schema. */

const schema = loadSchema();
const issues = (query: string) => checkGraphqlQuery(schema, query).map((i) => [i.name, i.message]);
const wrap = (selection: string, args = '') =>
  `query q($id: ID) { uiapi { query { NOME__Metronome_Customer__c${args} { edges { node { ${selection} } } } } } }`;

describe('checkGraphqlQuery', () => {
  it('accepts fields, parent relationships and child relationships where the package has them', () => {
    expect(
      issues(
        wrap(
          'Id Name { value } NOME__Name__c { value } NOME__Account__r { Id Name { value } } NOME__Invoices__r(first: 5) { edges { node { NOME__Total__c { value } NOME__Metronome_Plan__r { NOME__Name__c { value } } } } }',
        ),
      ),
    ).toEqual([]);
  });

  it('accepts standard objects and standard fields without judging what it does not know', () => {
    expect(
      issues(
        'query a { uiapi { query { Account(first: 1) { edges { node { Id Name { value } Industry { value } } } } } } }',
      ),
    ).toEqual([]);
  });

  it('rejects an object the package does not have', () => {
    expect(issues('query a { uiapi { query { NOME__Metronome_Client__c { edges { node { Id } } } } } }')).toEqual([
      [
        'NOME__Metronome_Client__c',
        '"NOME__Metronome_Client__c" is neither an object of the package nor a known standard object',
      ],
    ]);
  });

  it('rejects a child relationship of another object, and a field without its { value } selection', () => {
    expect(issues(wrap('NOME__Line_Items__r { edges { node { Id } } } NOME__Name__c'))).toEqual([
      [
        'NOME__Line_Items__r',
        '"NOME__Line_Items__r" is no field, parent relationship or child relationship of Metronome_Customer__c',
      ],
      ['NOME__Name__c', 'Metronome_Customer__c.NOME__Name__c needs a selection such as { value }'],
    ]);
  });

  it('checks names inside a child relationship against the child object, and arguments against the queried one', () => {
    expect(
      issues(
        wrap(
          'NOME__Invoices__r { edges { node { NOME__Quantity__c { value } } } }',
          '(where: { NOME__Status__c: { eq: $id } })',
        ),
      ),
    ).toEqual([
      ['NOME__Status__c', 'the arguments name "NOME__Status__c", which is no field of Metronome_Customer__c'],
      [
        'NOME__Quantity__c',
        '"NOME__Quantity__c" is no field, parent relationship or child relationship of Metronome_Invoice__c',
      ],
    ]);
  });
});
