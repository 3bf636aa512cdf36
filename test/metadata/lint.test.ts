import { afterEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { lintSchema } from '../../scripts/metadata/lint/index.ts';
import { projectCopy } from './broken-copy.ts';

let copy: ReturnType<typeof projectCopy>;
afterEach(() => copy?.remove());

function lintCopy() {
  return lintSchema(loadSchema(copy.dir));
}

/** Breaks one thing in a copy of force-app and expects exactly that to be reported, at that file. */
function expectOneProblem(rule: string, file: string, component: string, message: RegExp) {
  const problems = lintCopy();
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ rule, file, component });
  expect(problems[0].message).toMatch(message);
}

/** For breaks that ripple (a renamed field is also missing from permission sets): the named problem is among them. */
function expectProblem(rule: string, file: string, component: string, message: RegExp) {
  const problem = lintCopy().find((p) => p.rule === rule);
  expect(problem).toMatchObject({ rule, file, component });
  expect(problem?.message).toMatch(message);
}

describe('the metadata lint', () => {
  it('passes on the package as it is', () => {
    copy = projectCopy();
    expect(lintCopy()).toEqual([]);
  });

  describe('API names', () => {
    it('rejects a malformed field name', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Plan__c', 'Name__c');
      copy.replace(file, '<fullName>Name__c</fullName>', '<fullName>Plan__Name__c</fullName>');
      expectProblem('api-name', file, 'Metronome_Plan__c.Plan__Name__c', /malformed/);
    });

    it('rejects a name over 40 characters', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Plan__c', 'Name__c');
      const long = `${'A'.repeat(41)}__c`;
      copy.replace(file, '<fullName>Name__c</fullName>', `<fullName>${long}</fullName>`);
      expectProblem('api-name', file, `Metronome_Plan__c.${long}`, /41 characters.*limit is 40/);
    });
  });

  describe('field sizes', () => {
    it('rejects Text longer than 255', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Credit_Grant__c', 'Reason__c');
      copy.replace(file, '<length>255</length>', '<length>256</length>');
      expectOneProblem('field-size', file, 'Metronome_Credit_Grant__c.Reason__c', /Text length 256 .* 1 to 255/);
    });

    it('rejects Number precision over 18', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Total__c');
      copy.replace(file, '<precision>16</precision>', '<precision>19</precision>');
      expectOneProblem('field-size', file, 'Metronome_Invoice__c.Total__c', /precision 19 is out of range/);
    });

    it('rejects a scale over the precision', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Total__c');
      copy.replace(file, '<scale>2</scale>', '<scale>17</scale>');
      expectOneProblem('field-size', file, 'Metronome_Invoice__c.Total__c', /scale 17 .* precision \(16\)/);
    });
  });

  describe('external IDs and uniqueness', () => {
    it('rejects External ID on a type that cannot carry it', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Start__c');
      copy.replace(file, '<label>', '<externalId>true</externalId>\n    <label>');
      expectOneProblem('field-key', file, 'Metronome_Invoice__c.Start__c', /External ID is not allowed on Date/);
    });

    it('rejects Unique on a type that cannot carry it', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Plan__c', 'Description__c');
      copy.replace(file, '<label>', '<unique>true</unique>\n    <label>');
      expectOneProblem('field-key', file, 'Metronome_Plan__c.Description__c', /Unique is not allowed on LongTextArea/);
    });
  });

  describe('lookups', () => {
    it('rejects a lookup without a relationship name', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Customer__c');
      copy.replace(file, /\s*<relationshipName>Invoices<\/relationshipName>/, '');
      expectOneProblem('lookup', file, 'Metronome_Invoice__c.Customer__c', /needs a <relationshipName>/);
    });

    it('rejects a lookup to a missing object', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Customer__c');
      copy.replace(
        file,
        '<referenceTo>Metronome_Customer__c</referenceTo>',
        '<referenceTo>Metronome_Client__c</referenceTo>',
      );
      expectOneProblem(
        'lookup',
        file,
        'Metronome_Invoice__c.Customer__c',
        /"Metronome_Client__c", which is neither in the package/,
      );
    });

    it('rejects two lookups onto one parent with the same child relationship name', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Customer__c');
      copy.replace(
        file,
        '<relationshipName>Invoices</relationshipName>',
        '<relationshipName>Credit_Grants</relationshipName>',
      );
      expectOneProblem(
        'lookup',
        file,
        'Metronome_Invoice__c.Customer__c',
        /"Credit_Grants" .* already used by Metronome_Credit_Grant__c.Customer__c/,
      );
    });
  });

  describe('formulas', () => {
    it('rejects a formula that names a field that does not exist', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Customer_Plan__c', 'Plan_Name__c');
      copy.replace(file, 'Plan__r.Name__c', 'Plan__r.Title__c');
      expectOneProblem(
        'formula',
        file,
        'Metronome_Customer_Plan__c.Plan_Name__c',
        /reads "Plan__r.Title__c", but Metronome_Plan__c has no field Title__c/,
      );
    });

    it('rejects a formula through a relationship that does not exist', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Customer_Plan__c', 'Plan_Name__c');
      copy.replace(file, 'Plan__r.Name__c', 'TRIM(Program__r.Name__c)');
      expectOneProblem('formula', file, 'Metronome_Customer_Plan__c.Plan_Name__c', /no relationship Program__r/);
    });

    it('accepts functions and string literals around real fields', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Customer_Plan__c', 'Plan_Name__c');
      copy.replace(
        file,
        'Plan__r.Name__c',
        'IF(ISBLANK(Plan__r.Name__c), &quot;Plan.Unknown__c&quot;, UPPER(Plan__r.Name__c))',
      );
      expect(lintCopy()).toEqual([]);
    });
  });

  describe('picklists', () => {
    it('rejects a restricted picklist with a duplicate value', () => {
      copy = projectCopy();
      const file = copy.fieldFile('Metronome_Invoice__c', 'Status__c');
      copy.replace(file, '<fullName>VOID</fullName>', '<fullName>Draft</fullName>');
      expectOneProblem('picklist', file, 'Metronome_Invoice__c.Status__c', /duplicate picklist value "DRAFT"/);
    });
  });

  describe('the Name field', () => {
    it('rejects a Name field without a label', () => {
      copy = projectCopy();
      const file = copy.objectFile('Metronome_Invoice__c');
      copy.replace(file, '<label>Invoice Name</label>', '');
      expectOneProblem('name-field', file, 'Metronome_Invoice__c.Name', /no <label>/);
    });

    it('rejects a Name field without a type', () => {
      copy = projectCopy();
      const file = copy.objectFile('Metronome_Invoice__c');
      copy.replace(file, /<type>Text<\/type>/, '');
      expectOneProblem('name-field', file, 'Metronome_Invoice__c.Name', /no <type>/);
    });
  });

  describe('references from permission sets, tabs and apps', () => {
    it('rejects a permission set that names a missing field', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/permissionsets/Metronome_User.permissionset-meta.xml';
      copy.replace(file, '<field>Metronome_Plan__c.Name__c</field>', '<field>Metronome_Plan__c.Title__c</field>');
      expectOneProblem('permission-set', file, 'Metronome_User: Metronome_Plan__c.Title__c', /names field "Title__c"/);
    });

    it('rejects a permission set that names a missing object', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/permissionsets/Metronome_Integration.permissionset-meta.xml';
      copy.replace(file, '<object>Account</object>', '<object>Acount</object>');
      expectOneProblem(
        'permission-set',
        file,
        'Metronome_Integration: Acount',
        /object "Acount", which does not exist/,
      );
    });

    it('rejects a formula field made editable', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/permissionsets/Metronome_Integration.permissionset-meta.xml';
      copy.replace(
        file,
        /<editable>false<\/editable>(\s*<field>Metronome_Customer_Plan__c.Plan_Name__c)/,
        '<editable>true</editable>$1',
      );
      expectOneProblem(
        'permission-set',
        file,
        'Metronome_Integration: Metronome_Customer_Plan__c.Plan_Name__c',
        /cannot be editable/,
      );
    });

    it('rejects an app that names a missing tab', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/applications/Metronome.app-meta.xml';
      copy.replace(file, '<tabs>Metronome_Plan__c</tabs>', '<tabs>Metronome_Plans__c</tabs>');
      expectOneProblem('app', file, 'Metronome', /tab "Metronome_Plans__c"/);
    });

    it('rejects a tab that names a missing component', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/tabs/Broken_Tab.tab-meta.xml';
      copy.write(
        file,
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomTab xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>Broken</label>\n    <lwcComponent>noSuchComponent</lwcComponent>\n    <motif>Custom3: Sun</motif>\n</CustomTab>\n',
      );
      expectOneProblem('tab', file, 'Broken_Tab', /component "noSuchComponent", which the package does not have/);
    });

    it('rejects an object tab for a missing object', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/tabs/Metronome_Usage__c.tab-meta.xml';
      copy.write(
        file,
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomTab xmlns="http://soap.sforce.com/2006/04/metadata">\n    <customObject>true</customObject>\n    <motif>Custom3: Sun</motif>\n</CustomTab>\n',
      );
      expectOneProblem('tab', file, 'Metronome_Usage__c', /needs an object named "Metronome_Usage__c"/);
    });
  });

  describe('list views', () => {
    it('rejects a column the object does not have', () => {
      copy = projectCopy();
      const file = 'force-app/main/default/objects/Metronome_Plan__c/listViews/All.listView-meta.xml';
      copy.replace(file, '<columns>Name__c</columns>', '<columns>Title__c</columns>');
      expectOneProblem('list-view', file, 'Metronome_Plan__c.All', /column "Title__c"/);
    });
  });

  it('names the file of XML that is not well formed', () => {
    copy = projectCopy();
    const file = copy.fieldFile('Metronome_Plan__c', 'Name__c');
    copy.replace(file, '</CustomField>', '</CustomFeld>');
    expect(() => loadSchema(copy.dir)).toThrow(new RegExp(`${file.replace(/\//g, '\\/')}: not well-formed XML`));
  });
});
