import { afterEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { lintSchema } from '../../scripts/metadata/lint/index.ts';
import { projectCopy } from './broken-copy.ts';

/** The LWC rules of the metadata lint, each proven on a copy of force-app with exactly one thing broken. */

const LWC = 'force-app/main/default/lwc';
const TAB = 'force-app/main/default/tabs/Billing_Overview.tab-meta.xml';
const PAGE = 'force-app/main/default/flexipages/Account_Record_Page.flexipage-meta.xml';
const APP = 'force-app/main/default/applications/Metronome.app-meta.xml';
const LABELS = 'force-app/main/default/labels/CustomLabels.labels-meta.xml';
const bundleFile = (name: string, ext = 'js') => `${LWC}/${name}/${name}.${ext}`;

let copy: ReturnType<typeof projectCopy>;
afterEach(() => copy?.remove());

function problemsOf(rule: string) {
  return lintSchema(loadSchema(copy.dir)).filter((p) => p.rule === rule);
}

function expectOnly(rule: string, file: string, component: string, message: RegExp) {
  const all = lintSchema(loadSchema(copy.dir));
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ rule, file, component });
  expect(all[0].message).toMatch(message);
}

describe('the metadata lint on Lightning web components', () => {
  it('passes with the Billing Overview tab, the Account record page and every component in place', () => {
    copy = projectCopy();
    const schema = loadSchema(copy.dir);
    expect(schema.lwc.map((b) => b.name)).toEqual(
      expect.arrayContaining(['billingOverview', 'metronomeBilling', 'formatting']),
    );
    expect(lintSchema(schema)).toEqual([]);
  });

  it('reports a broken lookup once, not again for every query and layout that uses its relationship', () => {
    copy = projectCopy();
    const file = copy.fieldFile('Metronome_Invoice__c', 'Customer__c');
    copy.replace(
      file,
      '<referenceTo>Metronome_Customer__c</referenceTo>',
      '<referenceTo>Metronome_Client__c</referenceTo>',
    );
    expect(lintSchema(loadSchema(copy.dir)).map((p) => p.rule)).toEqual(['lookup']);
  });

  describe('tabs', () => {
    it('reports a tab naming a component the package does not have', () => {
      copy = projectCopy();
      copy.replace(
        TAB,
        '<lwcComponent>billingOverview</lwcComponent>',
        '<lwcComponent>billingOverviews</lwcComponent>',
      );
      expectOnly(
        'tab',
        TAB,
        'Billing_Overview',
        /Lightning web component "billingOverviews", which the package does not have/,
      );
    });

    it('reports a tab component that lacks the lightning__Tab target', () => {
      copy = projectCopy();
      copy.replace(
        bundleFile('billingOverview', 'js-meta.xml'),
        '<target>lightning__Tab</target>',
        '<target>lightning__AppPage</target>',
      );
      expectOnly('tab', TAB, 'Billing_Overview', /"billingOverview" must be exposed .* lightning__Tab/);
    });
  });

  describe('Lightning pages', () => {
    it('reports a page placing a component the package does not have', () => {
      copy = projectCopy();
      copy.replace(
        PAGE,
        '<componentName>metronomeBilling</componentName>',
        '<componentName>metronomeBiling</componentName>',
      );
      expectOnly(
        'flexipage',
        PAGE,
        'Account_Record_Page: metronomeBiling',
        /"metronomeBiling", which the package does not have/,
      );
    });

    it('reports a record page component without the lightning__RecordPage target', () => {
      copy = projectCopy();
      const meta = bundleFile('metronomeBilling', 'js-meta.xml');
      copy.replace(meta, '<target>lightning__RecordPage</target>', '<target>lightning__AppPage</target>');
      copy.replace(meta, 'targets="lightning__RecordPage"', 'targets="lightning__AppPage"');
      expectOnly(
        'flexipage',
        PAGE,
        'Account_Record_Page: metronomeBilling',
        /must be exposed .* lightning__RecordPage to be placed on a RecordPage/,
      );
    });

    it("reports a component limited to other objects than the page's", () => {
      copy = projectCopy();
      copy.replace(
        bundleFile('metronomeBilling', 'js-meta.xml'),
        '<object>Account</object>',
        '<object>Contact</object>',
      );
      expectOnly(
        'flexipage',
        PAGE,
        'Account_Record_Page: metronomeBilling',
        /limited to record pages of Contact, not Account/,
      );
    });

    it('reports an app assigning a Lightning page the package does not have', () => {
      copy = projectCopy();
      copy.replace(APP, '<content>Account_Record_Page</content>', '<content>Account_Page</content>');
      expectOnly(
        'app',
        APP,
        'Metronome: Account_Page',
        /assigns Lightning page "Account_Page", which the package does not have/,
      );
    });
  });

  describe('component imports', () => {
    it('reports a custom label a component imports but no CustomLabels file declares', () => {
      copy = projectCopy();
      copy.replace(LABELS, /\s*<labels>\s*<fullName>Metronome_Grants_Heading<\/fullName>[\s\S]*?<\/labels>/, '');
      expectOnly(
        'lwc-label',
        bundleFile('creditGrants'),
        'creditGrants: c.Metronome_Grants_Heading',
        /line \d+ imports custom label "c.Metronome_Grants_Heading", which no CustomLabels file/,
      );
    });

    it('reports a schema import naming a field the object does not have', () => {
      copy = projectCopy();
      copy.replace(
        bundleFile('creditGrants'),
        "NOME__Metronome_Credit_Grant__c.NOME__Initial_Balance__c'",
        "NOME__Metronome_Credit_Grant__c.NOME__Initial_Balanse__c'",
      );
      expectOnly(
        'lwc-schema',
        bundleFile('creditGrants'),
        'creditGrants: NOME__Metronome_Credit_Grant__c.NOME__Initial_Balanse__c',
        /Metronome_Credit_Grant__c has no field NOME__Initial_Balanse__c/,
      );
    });

    it('reports a schema import through a relationship that does not exist, and one naming a missing object', () => {
      copy = projectCopy();
      copy.replace(
        bundleFile('customerAccounts'),
        "NOME__Metronome_Customer__c.NOME__Account__r.Name'",
        "NOME__Metronome_Customer__c.NOME__Acount__r.Name'",
      );
      copy.replace(
        bundleFile('ingestAliases'),
        "'@salesforce/schema/NOME__Metronome_Ingest_Alias__c.",
        "'@salesforce/schema/NOME__Metronome_Alias__c.",
      );
      const problems = problemsOf('lwc-schema');
      expect(problems.map((p) => [p.file, p.message.replace(/line \d+ /, '')])).toEqual([
        [
          bundleFile('customerAccounts'),
          expect.stringMatching(/Metronome_Customer__c has no relationship NOME__Acount__r/),
        ],
        [bundleFile('ingestAliases'), expect.stringMatching(/the package has no object NOME__Metronome_Alias__c/)],
      ]);
    });

    it('reports a GraphQL query naming a relationship the package does not have', () => {
      copy = projectCopy();
      copy.replace(bundleFile('customerSummary'), 'NOME__Ingest_Aliases__r(first', 'NOME__Ingest_Alias__r(first');
      expectOnly(
        'lwc-graphql',
        bundleFile('customerSummary'),
        'customerSummary: NOME__Ingest_Alias__r',
        /line \d+: "NOME__Ingest_Alias__r" is no field, parent relationship or child relationship of Metronome_Customer__c/,
      );
    });

    it('reports a GraphQL field selected on an object that does not have it (the package has it elsewhere)', () => {
      copy = projectCopy();
      copy.replace(bundleFile('customerSummary'), 'NOME__Currency__c { value }', 'NOME__Credit_Type__c { value }');
      expectOnly(
        'lwc-graphql',
        bundleFile('customerSummary'),
        'customerSummary: NOME__Credit_Type__c',
        /"NOME__Credit_Type__c" is no field, .* of Metronome_Invoice__c/,
      );
    });

    it('reports a GraphQL filter on a field the queried object does not have', () => {
      copy = projectCopy();
      copy.replace(
        bundleFile('metronomeBilling'),
        'NOME__Metronome_Customer_Account__c(where: { NOME__Account__c:',
        'NOME__Metronome_Customer_Account__c(where: { NOME__Account_ID__c:',
      );
      expectOnly(
        'lwc-graphql',
        bundleFile('metronomeBilling'),
        'metronomeBilling: NOME__Account_ID__c',
        /the arguments name "NOME__Account_ID__c", which is no field of Metronome_Customer_Account__c/,
      );
    });

    it('reports a GraphQL query whose braces do not pair up', () => {
      copy = projectCopy();
      copy.replace(
        bundleFile('invoiceLineItems'),
        'NOME__Credit_Type_Name__c { value }',
        'NOME__Credit_Type_Name__c { value ',
      );
      expectOnly(
        'lwc-graphql',
        bundleFile('invoiceLineItems'),
        'invoiceLineItems',
        /the GraphQL query has 1 unclosed "\{"/,
      );
    });
  });
});
