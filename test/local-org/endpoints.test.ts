import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrg } from '../../scripts/local-org/index.ts';
import { wordMatches } from '../../scripts/local-org/routes/search.ts';
import { CUSTOMER, login, startOrg, tokenConnection, type Connection } from './helpers.ts';

type SubResponse = { body: any; httpStatusCode: number; referenceId: string; httpHeaders: Record<string, string> };

/** The REST resources real tools call besides rows and queries, answered in Salesforce's shapes. */
describe('local org: composite, tree, search, record counts, identity and the standard schema', () => {
  let org: LocalOrg;
  let conn: Connection;
  const v = '/services/data/v62.0';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${org.instanceUrl}${v}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const composite = async (allOrNone: boolean, compositeRequest: unknown[]) => {
    const res = await call('POST', '/composite', { allOrNone, compositeRequest });
    expect(res.status).toBe(200);
    return res.body.compositeResponse as SubResponse[];
  };

  beforeAll(async () => {
    org = await startOrg();
    conn = tokenConnection(org, '62.0');
  });
  afterAll(() => org?.stop());

  // REST API Developer Guide, "Composite": subrequests in order, `@{referenceId.field}` reads an earlier result.
  it('/composite chains subrequests through @{ref.id} and answers each with its status, body and referenceId', async () => {
    const responses = await composite(false, [
      { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Composite Co' } },
      {
        method: 'POST',
        url: `${v}/sobjects/Contact`,
        referenceId: 'person',
        body: { LastName: 'Lovelace', AccountId: '@{acct.id}' },
      },
      { method: 'GET', url: `${v}/sobjects/Contact/@{person.id}?fields=Name,AccountId`, referenceId: 'read' },
      {
        method: 'GET',
        url: `${v}/query?q=${encodeURIComponent("SELECT Id, (SELECT LastName FROM Contacts) FROM Account WHERE Name = 'Composite Co'")}`,
        referenceId: 'q',
      },
    ]);
    expect(responses.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
      ['acct', 201],
      ['person', 201],
      ['read', 200],
      ['q', 200],
    ]);
    expect(responses[0].httpHeaders.Location).toBe(`${v}/sobjects/Account/${responses[0].body.id}`);
    expect(responses[2].body).toMatchObject({ Name: 'Lovelace', AccountId: responses[0].body.id });
    expect(responses[3].body.records[0].Contacts.records[0].LastName).toBe('Lovelace');
  });

  it('/composite with allOrNone rolls every subrequest back when one fails; without it, dependants halt', async () => {
    const before = (await conn.query('SELECT COUNT() FROM Account')).totalSize;
    const rolled = await composite(true, [
      { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'ok', body: { Name: 'Rolled back' } },
      { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'bad', body: { Name: null } },
      { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'after', body: { Name: 'Never' } },
    ]);
    expect(rolled.map((r) => r.httpStatusCode)).toEqual([400, 400, 400]);
    expect(rolled[1].body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(rolled[0].body[0]).toEqual({
      errorCode: 'PROCESSING_HALTED',
      message: 'The transaction was rolled back since another operation in the same transaction failed.',
    });
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(before);

    const partial = await composite(false, [
      { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'bad', body: { Name: null } },
      {
        method: 'POST',
        url: `${v}/sobjects/Contact`,
        referenceId: 'dependant',
        body: { LastName: 'X', AccountId: '@{bad.id}' },
      },
      { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'independent', body: { Name: 'Kept' } },
    ]);
    expect(partial.map((r) => r.httpStatusCode)).toEqual([400, 400, 201]);
    // Worded as the "Composite" page's example of a reference to a subrequest that has no such value.
    expect(partial[1].body[0]).toEqual({
      errorCode: 'PROCESSING_HALTED',
      message: 'Invalid reference specified. No value for bad.id found in bad.',
    });
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name = 'Kept'")).totalSize).toBe(1);
  });

  // "Composite": at most 25 subrequests in one call.
  it('/composite refuses more than 25 subrequests before running any', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({
      method: 'POST',
      url: `${v}/sobjects/Account`,
      referenceId: `a${i}`,
      body: { Name: `Many ${i}` },
    }));
    const res = await call('POST', '/composite', { compositeRequest: many });
    expect(res.status).toBe(400);
    // Worded as Salesforce answers it (the "Composite" page gives the limit, not the words).
    expect(res.body[0]).toMatchObject({
      errorCode: 'LIMIT_EXCEEDED',
      message: 'The request can’t contain more than 25 operations.',
    });
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'Many %'")).totalSize).toBe(0);
  });

  it('/composite/batch and /composite/graph, not served, answer with a hint to use /composite', async () => {
    for (const kind of ['batch', 'graph']) {
      const res = await call('POST', `/composite/${kind}`, {});
      expect(res.status).toBe(404);
      expect(res.body[0].message).toContain('send the subrequests to POST /composite');
    }
  });

  // REST API Developer Guide, "sObject Tree": nested child lists by relationship name, 201 with every referenceId's id.
  it('/composite/tree saves a tree of Account, Contacts, Opportunities and child accounts with their lookups set', async () => {
    const res = await call('POST', '/composite/tree/Account', {
      records: [
        {
          attributes: { type: 'Account', referenceId: 'ref1' },
          Name: 'Tree Parent',
          Contacts: {
            records: [
              { attributes: { type: 'Contact', referenceId: 'ref2' }, LastName: 'Hopper', Email: 'grace@example.com' },
            ],
          },
          Opportunities: {
            records: [
              {
                attributes: { type: 'Opportunity', referenceId: 'ref3' },
                Name: 'Deal',
                StageName: 'Prospecting',
                CloseDate: '2026-12-31',
              },
            ],
          },
          ChildAccounts: { records: [{ attributes: { type: 'Account', referenceId: 'ref4' }, Name: 'Tree Child' }] },
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.hasErrors).toBe(false);
    expect(res.body.results.map((r: { referenceId: string }) => r.referenceId).sort()).toEqual([
      'ref1',
      'ref2',
      'ref3',
      'ref4',
    ]);
    const parent = await conn.query<any>(
      "SELECT Id, (SELECT Name FROM Contacts), (SELECT Name FROM Opportunities), (SELECT Name FROM ChildAccounts) FROM Account WHERE Name = 'Tree Parent'",
    );
    const row = parent.records[0];
    expect([
      row.Contacts.records[0].Name,
      row.Opportunities.records[0].Name,
      row.ChildAccounts.records[0].Name,
    ]).toEqual(['Hopper', 'Deal', 'Tree Child']);
  });

  it('/composite/tree saves nothing when one record fails and reports only the failures', async () => {
    const res = await call('POST', '/composite/tree/Account', {
      records: [
        { attributes: { type: 'Account', referenceId: 'good' }, Name: 'Tree Good' },
        {
          attributes: { type: 'Account', referenceId: 'kids' },
          Name: 'Tree Kids',
          Contacts: {
            records: [{ attributes: { type: 'Contact', referenceId: 'nameless' }, FirstName: 'No last name' }],
          },
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      hasErrors: true,
      results: [
        {
          referenceId: 'nameless',
          errors: [
            {
              statusCode: 'REQUIRED_FIELD_MISSING',
              message: 'Required fields are missing: [LastName]',
              fields: ['LastName'],
            },
          ],
        },
      ],
    });
    expect(
      (await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'Tree G%' OR Name = 'Tree Kids'")).totalSize,
    ).toBe(0);
  });

  // "sObject Tree Response Body": with duplicate reference IDs, results holds one item per instance of the ID.
  it('/composite/tree answers a duplicate reference ID once per instance and saves nothing', async () => {
    const res = await call('POST', '/composite/tree/Account', {
      records: [
        { attributes: { type: 'Account', referenceId: 'twice' }, Name: 'Tree Twice 1' },
        { attributes: { type: 'Account', referenceId: 'once' }, Name: 'Tree Once' },
        { attributes: { type: 'Account', referenceId: 'twice' }, Name: 'Tree Twice 2' },
      ],
    });
    expect(res.status).toBe(400);
    const error = {
      statusCode: 'INVALID_INPUT',
      message: 'Duplicate ReferenceId provided in the request: twice',
      fields: [],
    };
    expect(res.body).toEqual({
      hasErrors: true,
      results: [
        { referenceId: 'twice', errors: [error] },
        { referenceId: 'twice', errors: [error] },
      ],
    });
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'Tree T%'")).totalSize).toBe(0);
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name = 'Tree Once'")).totalSize).toBe(0);
  });

  it('/composite answers a subrequest to no resource with NOT_FOUND as a direct call does', async () => {
    const [response] = await composite(false, [{ method: 'GET', url: `${v}/nowhere`, referenceId: 'lost' }]);
    expect(response).toMatchObject({
      httpStatusCode: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    });
  });

  // SOQL and SOSL Reference, "FIND", "IN SearchGroup", "RETURNING FieldSpec".
  it('/search answers SOSL: words across the searchable fields, IN … FIELDS, RETURNING fields with WHERE and LIMIT', async () => {
    await conn
      .sobject('Account')
      .create([
        { Name: 'Searchable Widgets', Phone: '555-0100' },
        { Name: 'Other', Description: 'Makes widgets too' },
        { Name: 'Unrelated' },
      ]);
    await conn.sobject('Contact').create({ LastName: 'Widgetson', Email: 'w@widgets.example' });
    const all = await conn.search(
      'FIND {widgets} IN ALL FIELDS RETURNING Account(Name ORDER BY Name), Contact(LastName, Email)',
    );
    expect(all.searchRecords.map((r: any) => [r.attributes.type, r.Name ?? r.LastName])).toEqual([
      ['Account', 'Other'],
      ['Account', 'Searchable Widgets'],
      ['Contact', 'Widgetson'],
    ]);
    const names = await conn.search('FIND {widgets} IN NAME FIELDS RETURNING Account(Name)');
    expect(names.searchRecords.map((r: any) => r.Name)).toEqual(['Searchable Widgets']);
    const filtered = await conn.search("FIND {widget*} RETURNING Account(Id, Name WHERE Name != 'Other' LIMIT 5)");
    expect(filtered.searchRecords.map((r: any) => r.Name)).toEqual(['Searchable Widgets']);
    const either = await conn.search('FIND {unrelated OR "searchable widgets"} RETURNING Account(Name ORDER BY Name)');
    expect(either.searchRecords.map((r: any) => r.Name)).toEqual(['Searchable Widgets', 'Unrelated']);
  });

  it('/search refuses malformed SOSL with MALFORMED_SEARCH, and a long wildcard pattern matches without blowing up', async () => {
    const res = await call('GET', `/search?q=${encodeURIComponent('SELECT Id FROM Account')}`);
    expect(res.status).toBe(400);
    expect(res.body[0].errorCode).toBe('MALFORMED_SEARCH');
    const pattern = `${'a*'.repeat(30)}b`;
    const started = performance.now();
    expect(wordMatches(pattern, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  // REST API Developer Guide, "Record Count": `{ sObjects: [{ count, name }] }`.
  it('/limits/recordCount counts the live rows of the objects asked for', async () => {
    await conn
      .sobject(CUSTOMER)
      .create([{ NOME__Metronome_Customer_ID__c: 'rc-1' }, { NOME__Metronome_Customer_ID__c: 'rc-2' }]);
    const res = await call('GET', `/limits/recordCount?sObjects=${CUSTOMER},Lead`);
    expect(res.body.sObjects).toHaveLength(2);
    expect(res.body.sObjects).toEqual(
      expect.arrayContaining([
        { count: 0, name: 'Lead' },
        { count: 2, name: CUSTOMER },
      ]),
    );
  });

  // REST API Developer Guide, "Resources by Version": the answer includes `identity`. jsforce's identity() reads `identity` from the versioned resources when it has no user info (SFDMU's path).
  it('GET /services/data/vNN.0/ carries the identity URL, which jsforce identity() follows', async () => {
    const res = await call('GET', '/');
    expect(res.body.identity).toBe(`${org.instanceUrl}/id/${org.orgId}/${org.userId}`);
    const identity = await tokenConnection(org).identity();
    expect(identity).toMatchObject({ user_id: org.userId, organization_id: org.orgId, username: org.username });
  });

  // Object Reference for the Salesforce Platform: Contact, Opportunity, Lead, Case and Account.ParentId (ChildAccounts).
  it('the standard schema has Contact, Opportunity, Lead and Case with their relationships, and Account.ChildAccounts', async () => {
    const loggedIn = await login(org);
    const account = await loggedIn.sobject('Account').describe();
    const children = Object.fromEntries(
      account.childRelationships.map((c) => [c.relationshipName, `${c.childSObject}.${c.field}`]),
    );
    expect(children).toMatchObject({
      ChildAccounts: 'Account.ParentId',
      Contacts: 'Contact.AccountId',
      Opportunities: 'Opportunity.AccountId',
      Cases: 'Case.AccountId',
    });
    const lead = await conn.sobject('Lead').create({ LastName: 'Turing', FirstName: 'Alan', Company: 'Bletchley' });
    const c = await conn.sobject('Case').create({ Subject: 'Help' });
    const [leadRow] = (await conn.query<any>(`SELECT Name, Company FROM Lead WHERE Id = '${lead.id}'`)).records;
    const [caseRow] = (await conn.query<any>(`SELECT CaseNumber, Subject FROM Case WHERE Id = '${c.id}'`)).records;
    expect([leadRow.Name, leadRow.Company, caseRow.Subject]).toEqual(['Alan Turing', 'Bletchley', 'Help']);
    expect(caseRow.CaseNumber).toMatch(/^\d{8}$/);
    expect([lead.id!.slice(0, 3), c.id!.slice(0, 3)]).toEqual(['00Q', '500']);
  });
});
