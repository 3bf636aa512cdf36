import { afterEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { lintSchema } from '../../scripts/metadata/lint/index.ts';
import { projectCopy } from './broken-copy.ts';

/** The mirror rules (help text, read-only layouts, one API version), each proven on a copy with one thing broken. */

const CUSTOMER_LAYOUT =
  'force-app/main/default/layouts/Metronome_Customer__c-Metronome Customer Layout.layout-meta.xml';
const SEARCH_LWC = 'force-app/main/default/lwc/customerSearch/customerSearch.js-meta.xml';

let copy: ReturnType<typeof projectCopy>;
afterEach(() => copy?.remove());

const lint = () => lintSchema(loadSchema(copy.dir)).map((p) => [p.rule, p.file, p.component, p.message]);

describe('the metadata lint on a mirrored package', () => {
  it('every field a user sees carries help text', () => {
    copy = projectCopy();
    const file = copy.fieldFile('Metronome_Invoice__c', 'Total__c');
    copy.replace(file, /<inlineHelpText>.*<\/inlineHelpText>/, '');
    expect(lint()).toEqual([
      ['help-text', file, 'Metronome_Invoice__c.Total__c', expect.stringMatching(/no <inlineHelpText>/)],
    ]);
  });

  it('page layouts show mirrored fields read-only and offer neither Edit nor Clone', () => {
    copy = projectCopy();
    copy.replace(CUSTOMER_LAYOUT, /<behavior>Readonly<\/behavior>(\s*<field>Name__c<)/, '<behavior>Edit</behavior>$1');
    copy.replace(CUSTOMER_LAYOUT, '<excludeButtons>Clone</excludeButtons>', '');
    const layout = 'Metronome_Customer__c-Metronome Customer Layout';
    expect(lint()).toEqual([
      [
        'mirror-layout',
        CUSTOMER_LAYOUT,
        `${layout}: Name__c`,
        expect.stringMatching(/as Edit; mirrored fields are Readonly/),
      ],
      ['mirror-layout', CUSTOMER_LAYOUT, `${layout}: Clone`, expect.stringMatching(/offers the Clone button/)],
    ]);
  });

  it('list views of a package object offer no New button', () => {
    copy = projectCopy();
    const file = copy.objectFile('Metronome_Plan__c');
    copy.replace(file, '<excludedStandardButtons>New</excludedStandardButtons>', '');
    expect(lint()).toEqual([
      ['mirror-layout', file, 'Metronome_Plan__c: New', expect.stringMatching(/offer the New button/)],
    ]);
  });

  it("every component speaks sfdx-project.json's API version", () => {
    copy = projectCopy();
    copy.replace(SEARCH_LWC, /<apiVersion>[^<]+<\/apiVersion>/, '<apiVersion>62.0</apiVersion>');
    expect(lint()).toEqual([
      ['api-version', SEARCH_LWC, 'customerSearch', expect.stringMatching(/62\.0 differs .* 66\.0/)],
    ]);
  });
});
