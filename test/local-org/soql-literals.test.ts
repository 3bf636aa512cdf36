import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, errorOf, login, startOrg, type Connection } from './helpers.ts';

// Salesforce's rules for literals, followed here:
// - https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_fieldexpression.htm
//   ("You must supply a value whose data type matches the field type of the specified field")
// - https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
// - https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
//   (\% and \_ in LIKE only, \uXXXX, "If you use a backslash character in any other context, an error occurs")

describe('local org: SOQL literals are type-checked as Salesforce checks them', () => {
  let org: LocalOrg;
  let conn: Connection;
  const names = async (where: string) =>
    (await conn.query<{ Name: string }>(`SELECT Name FROM ${INVOICE} WHERE ${where} ORDER BY Name`)).records.map(
      (r) => r.Name,
    );
  const failure = async (where: string) => {
    const e = await errorOf(conn.query(`SELECT Id FROM ${INVOICE} WHERE ${where}`));
    return { errorCode: e.errorCode, message: e.message };
  };

  beforeAll(async () => {
    org = await startOrg();
    conn = await login(org);
    await conn.sobject(CUSTOMER).create({ NOME__Metronome_Customer_ID__c: 'c1', NOME__Name__c: 'One' });
    await conn.sobject(INVOICE).create(
      ['A%B', 'AxB', 'a_c', 'abc', 'café', 'Ter%s'].map((Name, i) => ({
        Name,
        NOME__Total__c: i,
        NOME__Start__c: '2026-01-15',
      })),
      { allOrNone: true },
    );
  });
  afterAll(() => org.stop());

  it('fieldExpression: a quoted number on a Number field answers INVALID_FIELD', async () => {
    expect(await failure("NOME__Total__c = '10'")).toEqual({
      errorCode: 'INVALID_FIELD',
      message:
        "value of filter criterion for field 'NOME__Total__c' must be of type double and should not be enclosed in quotes",
    });
    expect(await names('NOME__Total__c = 1')).toEqual(['AxB']);
  });

  it('date formats: a date on a DateTime field, a datetime on a Date field and a quoted date answer INVALID_FIELD', async () => {
    expect(await failure('CreatedDate > 2020-01-01')).toEqual({
      errorCode: 'INVALID_FIELD',
      message:
        "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes",
    });
    expect(await failure('NOME__Start__c = 2026-01-15T00:00:00Z')).toEqual({
      errorCode: 'INVALID_FIELD',
      message:
        "value of filter criterion for field 'NOME__Start__c' must be of type date and should not be enclosed in quotes",
    });
    expect((await failure("NOME__Start__c = '2026-01-15'")).errorCode).toBe('INVALID_FIELD');
    expect(await names("NOME__Start__c = 2026-01-15 AND CreatedDate > 2020-01-01T00:00:00Z AND Name = 'abc'")).toEqual([
      'abc',
    ]);
  });

  it('date literals: TODAY on a text or number field answers INVALID_FIELD; on Date and DateTime it filters', async () => {
    expect(await failure('Name = TODAY')).toEqual({
      errorCode: 'INVALID_FIELD',
      message: "value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes",
    });
    expect((await failure('NOME__Total__c < LAST_N_DAYS:3')).errorCode).toBe('INVALID_FIELD');
    expect(await names("CreatedDate = TODAY AND NOME__Start__c < NEXT_N_YEARS:50 AND Name = 'abc'")).toEqual(['abc']);
  });

  it('an ID that is not 15 or 18 well-formed characters answers INVALID_QUERY_FILTER_OPERATOR "invalid ID field"', async () => {
    expect(await failure("Id = 'abc'")).toEqual({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: 'invalid ID field: abc',
    });
    expect(await failure("NOME__Customer__c IN ('a0B000000000001', 'nope')")).toEqual({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: 'invalid ID field: nope',
    });
    expect((await failure('Name = true')).errorCode).toBe('INVALID_FIELD');
  });

  it('LIKE: \\% and \\_ match the characters themselves, % and _ are wildcards, matching ignores case', async () => {
    expect(await names("Name LIKE 'a\\%b'")).toEqual(['A%B']);
    expect(await names("Name LIKE 'a%b'")).toEqual(['A%B', 'AxB']);
    expect(await names("Name LIKE 'a\\_c'")).toEqual(['a_c']);
    // Sorted as Salesforce sorts English text: by upper-case character values ('B' < '_').
    expect(await names("Name LIKE 'a_c'")).toEqual(['abc', 'a_c']);
    expect(await names("Name LIKE 'ter\\%%'")).toEqual(['Ter%s']);
  });

  it('a string of more than 4,000 characters in WHERE is MALFORMED_QUERY; 4,000 is taken', async () => {
    expect(await names(`Name = '${'x'.repeat(4000)}'`)).toEqual([]);
    const refused = await failure(`Name LIKE '${'%'.repeat(4001)}'`);
    expect(refused.errorCode).toBe('MALFORMED_QUERY');
    expect(refused.message).toMatch(/4,000 characters/);
  });

  it('LIKE and =: \\uXXXX decodes to the character; an unknown escape, or \\% outside LIKE, is MALFORMED_QUERY', async () => {
    expect(await names("Name LIKE 'CAF\\u00c9'")).toEqual(['café']);
    expect(await names("Name = 'caf\\u00e9'")).toEqual(['café']);
    const unknown = await failure("Name LIKE 'a\\qb'");
    expect(unknown.errorCode).toBe('MALFORMED_QUERY');
    expect(unknown.message).toContain("Illegal character sequence '\\q'");
    expect((await failure("Name = 'a\\%b'")).errorCode).toBe('MALFORMED_QUERY');
  });
});
