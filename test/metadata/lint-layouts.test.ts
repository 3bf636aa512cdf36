import { afterEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { lintSchema } from '../../scripts/metadata/lint/index.ts';
import { projectCopy } from './broken-copy.ts';

/** Layout rules of the metadata lint, each proven on a copy of force-app with exactly one thing broken. */

const CUSTOMER_LAYOUT =
  'force-app/main/default/layouts/Metronome_Customer__c-Metronome Customer Layout.layout-meta.xml';
const INVOICE_LAYOUT = 'force-app/main/default/layouts/Metronome_Invoice__c-Metronome Invoice Layout.layout-meta.xml';
const INVOICE_COMPACT =
  'force-app/main/default/objects/Metronome_Invoice__c/compactLayouts/Metronome_Invoice_Compact.compactLayout-meta.xml';

let copy: ReturnType<typeof projectCopy>;
afterEach(() => copy?.remove());

function expectOnly(rule: string, file: string, component: string, message: RegExp) {
  const all = lintSchema(loadSchema(copy.dir));
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ rule, file, component });
  expect(all[0].message).toMatch(message);
}

describe('the metadata lint on layouts', () => {
  it('reports a page layout field the object does not have', () => {
    copy = projectCopy();
    copy.replace(INVOICE_LAYOUT, '<field>Currency__c</field>', '<field>Currencies__c</field>');
    expectOnly(
      'layout',
      INVOICE_LAYOUT,
      'Metronome_Invoice__c-Metronome Invoice Layout: Currencies__c',
      /shows field "Currencies__c", which Metronome_Invoice__c does not have/,
    );
  });

  it('reports a related list whose lookup points at another object', () => {
    copy = projectCopy();
    copy.replace(
      CUSTOMER_LAYOUT,
      '<relatedList>Metronome_Invoice__c.Customer__c</relatedList>',
      '<relatedList>Metronome_Invoice__c.Metronome_Plan__c</relatedList>',
    );
    expectOnly(
      'layout',
      CUSTOMER_LAYOUT,
      'Metronome_Customer__c-Metronome Customer Layout: Metronome_Invoice__c.Metronome_Plan__c',
      /points at Metronome_Plan__c, not at Metronome_Customer__c/,
    );
  });

  it('reports a related-list column the child object does not have', () => {
    copy = projectCopy();
    copy.replace(INVOICE_LAYOUT, '<fields>Quantity__c</fields>', '<fields>Qty__c</fields>');
    expectOnly(
      'layout',
      INVOICE_LAYOUT,
      'Metronome_Invoice__c-Metronome Invoice Layout: Metronome_Invoice_Line_Item__c.Invoice__c',
      /column "Qty__c", which Metronome_Invoice_Line_Item__c does not have/,
    );
  });

  it('reports a compact layout field the object does not have', () => {
    copy = projectCopy();
    copy.replace(INVOICE_COMPACT, '<fields>Status__c</fields>', '<fields>State__c</fields>');
    expectOnly(
      'compact-layout',
      INVOICE_COMPACT,
      'Metronome_Invoice__c.Metronome_Invoice_Compact: State__c',
      /shows field "State__c"/,
    );
  });

  it('reports an object assigning a compact layout it does not have, and search layouts naming missing fields', () => {
    copy = projectCopy();
    const objectFile = copy.objectFile('Metronome_Invoice__c');
    copy.replace(
      objectFile,
      '<compactLayoutAssignment>Metronome_Invoice_Compact<',
      '<compactLayoutAssignment>Invoice_Compact<',
    );
    copy.replace(objectFile, '<searchResultsAdditionalFields>Status__c<', '<searchResultsAdditionalFields>State__c<');
    const problems = lintSchema(loadSchema(copy.dir));
    expect(problems.map((p) => [p.rule, p.file, p.component])).toEqual([
      ['object-layouts', objectFile, 'Metronome_Invoice__c: Invoice_Compact'],
      ['object-layouts', objectFile, 'Metronome_Invoice__c: State__c'],
    ]);
  });
});
