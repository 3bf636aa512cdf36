import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalOrg, type LocalOrg } from '../../scripts/local-org/index.ts';
import { soqlList, soqlQuote } from '../../scripts/salesforce/index.ts';

describe('SOQL literals', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(soqlQuote("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlQuote('a\\b')).toBe("'a\\\\b'");
    expect(soqlQuote("x\\' OR Name != '")).toBe("'x\\\\\\' OR Name != \\''");
    expect(soqlQuote('l1\nl2\t"q"')).toBe('\'l1\\nl2\\t\\"q\\"\'');
    expect(soqlList(['a', "b'"])).toBe("('a', 'b\\'')");
  });

  describe('against an org', () => {
    let org: LocalOrg;
    let conn: Connection;
    beforeAll(async () => {
      org = await startLocalOrg();
      conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '62.0' });
      await conn.sobject('Account').create([{ Name: "O'Brien \\ Sons" }, { Name: 'Plain' }]);
    });
    afterAll(async () => org?.stop());

    it('a value with a quote and a backslash selects exactly its record and cannot widen the filter', async () => {
      const exact = await conn.query<{ Name: string }>(
        `SELECT Name FROM Account WHERE Name = ${soqlQuote("O'Brien \\ Sons")}`,
      );
      expect(exact.records.map((r) => r.Name)).toEqual(["O'Brien \\ Sons"]);
      const injected = await conn.query<{ Name: string }>(
        `SELECT Name FROM Account WHERE Name IN ${soqlList(["x' OR Name != '"])}`,
      );
      expect(injected.records).toEqual([]);
    });
  });
});
