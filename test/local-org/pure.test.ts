import { describe, expect, it } from 'vitest';
import { evaluate, parseFormula } from '../../scripts/local-org/formula.ts';
import { normalizeId, to18 } from '../../scripts/local-org/ids.ts';
import { roundHalfUp } from '../../scripts/local-org/values.ts';
import { matchesRequest } from '../../scripts/local-org/faults.ts';
import type { ObjectModel } from '../../scripts/local-org/model.ts';
import { Org } from '../../scripts/local-org/org.ts';
import { Store } from '../../scripts/local-org/store.ts';
import { loggableUrl } from '../../scripts/local-org/server.ts';

describe('local org: pure logic', () => {
  it('the request log never shows a credential carried in the query string', () => {
    const line = loggableUrl(
      new URL('http://127.0.0.1/services/oauth2/revoke?token=00Dxx!AQsecret&client_secret=s3cr3t&sid=abc'),
    );
    expect(line).toBe('/services/oauth2/revoke?token=***&client_secret=***&sid=***');
    expect(
      loggableUrl(new URL("http://127.0.0.1/services/data/v60.0/query?q=SELECT+Id+FROM+Account+WHERE+Name+%3D+'x'")),
    ).toBe("/services/data/v60.0/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20Name%20%3D%20'x'");
  });

  it('18-character IDs carry the case-safety suffix Salesforce computes', () => {
    expect(to18('a0D30000001n7Pi')).toBe('a0D30000001n7PiEAI');
    expect(normalizeId('a0d30000001n7PiEAI')).toBeUndefined();
    expect(normalizeId('a0D30000001n7Pi')).toBe('a0D30000001n7PiEAI');
    expect(normalizeId('a0D30000001n7PiEAI')).toBe('a0D30000001n7PiEAI');
    expect(normalizeId('not an id')).toBeUndefined();
  });

  it('numbers round half away from zero at the scale, decimal-exactly', () => {
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(-1.005, 2)).toBe(-1.01);
    expect(roundHalfUp(1.4999, 0)).toBe(1);
  });

  it('formulas: parent paths, concatenation and text functions', () => {
    const values: Record<string, unknown> = { 'Plan__r.Name__c': 'Gold', Name__c: null, Qty__c: 3 };
    const run = (src: string) => evaluate(parseFormula(src), (path) => values[path.join('.')]);
    expect(run('Plan__r.Name__c')).toBe('Gold');
    expect(run('UPPER(Plan__r.Name__c) & " plan"')).toBe('GOLD plan');
    expect(run('IF(ISBLANK(Name__c), "none", Name__c)')).toBe('none');
    expect(run('BLANKVALUE(Name__c, LEFT(Plan__r.Name__c, 2))')).toBe('Go');
    expect(run('TEXT(Qty__c * 2) & "x"')).toBe('6x');
    expect(run('CASE(Plan__r.Name__c, "Gold", 1, "Silver", 2, 0)')).toBe(1);
    expect(() => run('FOO(1)')).toThrow(/FOO/);
  });

  it('auto numbers: display format with date parts, a counter per object from the starting number', () => {
    const org = new Org(new Store(undefined));
    const inv = { name: 'Inv__c', autoNumber: { format: 'INV-{YYYY}{MM}{DD}-{0000}', start: 7 } } as ObjectModel;
    const other = { name: 'Other__c', autoNumber: { format: 'O{0}', start: 1 } } as ObjectModel;
    const day = new Date('2026-11-24T07:00:00Z');
    expect([org.nextAutoNumber(inv, day), org.nextAutoNumber(inv, day), org.nextAutoNumber(other, day)]).toEqual([
      'INV-20261124-0007',
      'INV-20261124-0008',
      'O1',
    ]);
  });

  it('fault matchers: any, write, kind prefixes', () => {
    const req = { kind: 'bulk2.ingest.upload', write: true, method: 'PUT', path: '/x' };
    expect(matchesRequest('any', req)).toBe(true);
    expect(matchesRequest('write', req)).toBe(true);
    expect(matchesRequest('read', req)).toBe(false);
    expect(matchesRequest('bulk2.ingest', req)).toBe(true);
    expect(matchesRequest('bulk2', req)).toBe(true);
    expect(matchesRequest('bulk2.ing', req)).toBe(false);
    expect(matchesRequest(['query', 'bulk2.ingest.upload'], req)).toBe(true);
  });
});
