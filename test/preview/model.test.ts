import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { appModel, AppModelError, standardObjectsOf } from '../../scripts/preview/model.ts';
import { pageReferenceFromUrl, urlFromPageReference } from '../../scripts/preview/app/platform/routes.js';

const schema = loadSchema();
const account = {
  apiName: 'Account',
  label: 'Account',
  pluralLabel: 'Accounts',
  fields: [{ apiName: 'Name', label: 'Account Name', type: 'Text' }],
};

describe('the app model', () => {
  it("has the Metronome app's tabs in the app's order", () => {
    const app = schema.applications.find((a) => a.name === 'Metronome')!;
    const model = appModel(schema, [account]);
    expect(model.tabs.map((t) => t.name)).toEqual(app.tabs);
    expect(model.tabs[0]).toMatchObject({
      kind: 'component',
      component: 'billingOverview',
      apiName: 'NOME__Billing_Overview',
    });
    expect(standardObjectsOf(schema)).toEqual(['Account']);
  });

  it('gives each object tab the columns of its All list view and the sections of its layout', () => {
    const model = appModel(schema, [account]);
    const invoice = model.objects.NOME__Metronome_Invoice__c!;
    const all = schema.objects.find((o) => o.name === 'Metronome_Invoice__c')!.listViews.find((v) => v.name === 'All')!;
    expect(invoice.listView!.columns).toHaveLength(all.columns.length);
    expect(invoice.listView!.columns.find((c) => c.apiName === 'NOME__Customer__c')).toMatchObject({
      relationship: 'NOME__Customer__r',
      referenceTo: 'NOME__Metronome_Customer__c',
    });
    expect(invoice.layout!.sections.length).toBeGreaterThan(0);
  });

  it("opens accounts on the flexipage the app's View override names, with the package's components in it", () => {
    const model = appModel(schema, [account]);
    expect(model.objects.Account!.recordPage!.regions.sidebar!.map((c) => c.component)).toContain('metronomeBilling');
    expect(model.components).toEqual(['billingOverview', 'metronomeBilling']);
  });

  it('fills custom labels from the labels file', () => {
    expect(appModel(schema, [account]).labels.Metronome_Invoices_Heading).toBeTruthy();
  });

  it('says what is missing', () => {
    expect(() => appModel(schema, [])).toThrow(AppModelError);
    expect(() => appModel(schema, [account], 'Nope')).toThrow('The package has no app named Nope');
  });
});

describe('preview URLs', () => {
  it('round-trip page references like Lightning Experience', () => {
    const refs = [
      {
        type: 'standard__navItemPage',
        attributes: { apiName: 'NOME__Billing_Overview' },
        state: { NOME__customerId: 'a02x' },
      },
      {
        type: 'standard__objectPage',
        attributes: { objectApiName: 'NOME__Metronome_Invoice__c', actionName: 'list' },
        state: {},
      },
      {
        type: 'standard__recordPage',
        attributes: { recordId: '001x', objectApiName: 'Account', actionName: 'view' },
        state: {},
      },
    ];
    for (const ref of refs) {
      const url = new URL(urlFromPageReference(ref), 'http://x');
      expect(pageReferenceFromUrl(url.pathname, url.search)).toEqual(ref);
    }
  });

  it('accept ?recordId= on a record page URL', () => {
    expect(pageReferenceFromUrl('/lightning/r/Account/view', '?recordId=001x')).toEqual({
      type: 'standard__recordPage',
      attributes: { recordId: '001x', objectApiName: 'Account', actionName: 'view' },
      state: {},
    });
    expect(pageReferenceFromUrl('/elsewhere', '')).toBeUndefined();
  });
});
