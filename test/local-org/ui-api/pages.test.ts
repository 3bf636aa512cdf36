/**
 * What the app's pages read through the UI API, driven by force-app's list views and page layouts:
 * Object Info (https://developer.salesforce.com/docs/atlas.en-us.uiapi.meta/uiapi/ui_api_responses_object_info.htm),
 * List Info / List Records (ui_api_resources_list_info.htm, ui_api_resources_list_records.htm),
 * Record Layout and Record UI (ui_api_responses_record_layout.htm, ui_api_resources_record_ui.htm).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../../scripts/metadata/index.ts';
import type { LocalOrg } from '../../../scripts/local-org/index.ts';
import { CUSTOMER, INVOICE, startOrg } from '../helpers.ts';
import { seed, uiApi, type Seeded } from './seed.ts';

describe('local org UI API: object info, list views, layouts', () => {
  let org: LocalOrg;
  let s: Seeded;

  beforeAll(async () => {
    org = await startOrg();
    s = await seed(org);
  });
  afterAll(async () => org?.stop());

  it('describes an object: labels, fields with data types, help text and lookups, child relationships', async () => {
    const { status, body } = await uiApi(org, `object-info/${INVOICE}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      apiName: INVOICE,
      label: 'Metronome Invoice',
      nameFields: ['Name'],
      defaultRecordTypeId: '012000000000000AAA',
    });
    expect(body.fields.NOME__Status__c).toMatchObject({
      dataType: 'Picklist',
      label: 'Status',
      inlineHelpText: expect.any(String),
    });
    expect(body.fields.NOME__Customer__c).toMatchObject({
      dataType: 'Reference',
      relationshipName: 'NOME__Customer__r',
      referenceToInfos: [{ apiName: CUSTOMER, nameFields: ['Name'] }],
    });
    expect(body.childRelationships).toContainEqual(
      expect.objectContaining({
        childObjectApiName: 'NOME__Metronome_Invoice_Line_Item__c',
        relationshipName: 'NOME__Line_Items__r',
      }),
    );
    const batch = await uiApi(org, `object-info/batch/Account,Nope__c`);
    expect(batch.body.results.map((r: { statusCode: number }) => r.statusCode)).toEqual([200, 404]);
    expect((await uiApi(org, 'object-info/Nope__c')).status).toBe(404);
  });

  it('lists each object\'s list views, and its "All" list view\'s columns from the list view metadata', async () => {
    const views = await uiApi(org, `list-ui/${INVOICE}`);
    expect(views.body.lists.map((l: { apiName: string }) => l.apiName)).toEqual(['All', 'Draft']);
    const schema = loadSchema();
    const allView = schema.objects.find((o) => o.apiName === INVOICE)!.listViews.find((v) => v.name === 'All')!;
    const { body } = await uiApi(org, `list-info/${INVOICE}/All`);
    expect(body.displayColumns).toHaveLength(allView.columns.length);
    expect(body.displayColumns[0]).toEqual({
      fieldApiName: 'Name',
      label: 'Invoice Name',
      lookupId: null,
      sortable: true,
    });
    expect(body.displayColumns[1]).toEqual({
      fieldApiName: 'NOME__Customer__r.Name',
      label: 'Metronome Customer',
      lookupId: 'NOME__Customer__c',
      sortable: true,
    });
    expect(body.listReference).toMatchObject({
      listViewApiName: 'All',
      objectApiName: INVOICE,
      type: 'listView',
      id: expect.stringMatching(/^00B/),
    });
    expect((await uiApi(org, `list-info/${INVOICE}/Nope`)).status).toBe(404);
  });

  it('lists records of a list view, with its filters, sorted and paged', async () => {
    const draft = await uiApi(org, `list-records/${INVOICE}/Draft`);
    expect(draft.status).toBe(200);
    expect(draft.body.records.map((r: any) => r.fields.Name.value)).toEqual(['INV-002', 'INV-005']);
    const info = await uiApi(org, `list-info/${INVOICE}/Draft`);
    expect(info.body.filteredByInfo).toEqual([
      { fieldApiName: 'NOME__Status__c', label: 'Status', operandLabels: ['DRAFT'], operator: 'Equals' },
    ]);

    const page1 = await uiApi(org, `list-records/${INVOICE}/All?pageSize=2&sortBy=-NOME__Total__c`);
    expect(page1.body.records.map((r: any) => r.fields.NOME__Total__c.value)).toEqual([9999.44, 500.5]);
    expect(page1.body).toMatchObject({
      count: 2,
      nextPageToken: '2',
      previousPageToken: null,
      sortBy: ['-NOME__Total__c'],
    });
    const [first] = page1.body.records;
    expect(first.fields.NOME__Customer__r).toMatchObject({
      displayValue: expect.stringMatching(/^MC-/),
      value: { apiName: CUSTOMER },
    });
    expect(first.fields.NOME__Start__c).toEqual({ value: '2026-01-01', displayValue: '1/1/2026' });
    const page3 = await uiApi(org, `list-records/${INVOICE}/All?pageSize=2&sortBy=-NOME__Total__c&pageToken=4`);
    expect(page3.body).toMatchObject({ count: 1, nextPageToken: null, previousPageToken: '2' });
    expect((await uiApi(org, `list-records/${INVOICE}/All?pageSize=0`)).status).toBe(400);
    expect((await uiApi(org, `list-records/${INVOICE}/All?sortBy=Name)%20FROM`)).status).toBe(400);

    const ui = await uiApi(org, `list-ui/${CUSTOMER}/All`);
    expect(ui.body.info.listReference.listViewApiName).toBe('All');
    expect(ui.body.records.count).toBe(4);
  });

  it('lays out a record page from the page layout in force-app', async () => {
    const schema = loadSchema();
    const def = (schema.layouts ?? []).find((l) => l.object === 'Metronome_Invoice__c')!;
    const { status, body } = await uiApi(org, `layout/${INVOICE}?layoutType=Full&mode=View`);
    expect(status).toBe(200);
    expect(body.sections.map((x: { heading: string }) => x.heading)).toEqual(def.sections.map((x) => x.label));
    const [info] = body.sections;
    expect(info).toMatchObject({
      columns: 2,
      rows: Math.max(...def.sections[0].columns.map((c) => c.length)),
      useHeading: true,
    });
    expect(info.layoutRows[0].layoutItems[0].layoutComponents).toEqual([
      { apiName: 'Name', componentType: 'Field', label: 'Invoice Name' },
    ]);
    const customer = info.layoutRows
      .flatMap((r: any) => r.layoutItems)
      .find((i: any) => i.lookupIdApiName === 'NOME__Customer__c');
    expect(customer).toMatchObject({ label: 'Metronome Customer', editableForUpdate: false });
    const system = body.sections.at(-1).layoutRows[0].layoutItems[0];
    expect(system.label).toBe('Created By');
    expect(system.layoutComponents.map((c: { apiName?: string }) => c.apiName)).toEqual([
      'CreatedById',
      undefined,
      'CreatedDate',
    ]);
    expect((await uiApi(org, `layout/${INVOICE}?mode=Nope`)).status).toBe(400);
    // Account has no layout in force-app: a default one of its name and fields.
    const account = await uiApi(org, 'layout/Account');
    expect(account.body.sections[0].layoutRows[0].layoutItems[0].layoutComponents[0].apiName).toBe('Name');
  });

  it('answers record-ui: layout, object info and the record with every field its layout shows', async () => {
    const { status, body } = await uiApi(org, `record-ui/${s.invoices[0]}?layoutTypes=Full&modes=View`);
    expect(status).toBe(200);
    expect(Object.keys(body.layouts[INVOICE]['012000000000000AAA'].Full)).toEqual(['View']);
    expect(body.objectInfos[INVOICE].apiName).toBe(INVOICE);
    const record = body.records[s.invoices[0]];
    expect(record.fields).toMatchObject({
      Name: { value: 'INV-001' },
      NOME__Status__c: { value: 'FINALIZED', displayValue: 'FINALIZED' },
      NOME__Customer__c: { value: s.customers.acme },
      NOME__Customer__r: { displayValue: expect.stringMatching(/^MC-/) },
      NOME__Metronome_Plan__r: { displayValue: expect.stringMatching(/^MP-|Pro Plan|^[A-Z]/) },
      CreatedDate: { displayValue: expect.stringMatching(/^\d+\/\d+\/\d{4} /) },
    });
    const viaRecords = await uiApi(org, `records/${s.invoices[0]}?layoutTypes=Full`);
    expect(Object.keys(viaRecords.body.fields).sort()).toEqual(Object.keys(record.fields).sort());
  });

  it('answers the related lists of a page layout: their columns, sort order and child records', async () => {
    const summaries = await uiApi(org, `related-list-info/${CUSTOMER}`);
    expect(summaries.body.relatedLists.map((r: { relatedListId: string }) => r.relatedListId)).toEqual([
      'NOME__Customer_Plans__r',
      'NOME__Invoices__r',
      'NOME__Credit_Grants__r',
      'NOME__Ingest_Aliases__r',
      'NOME__Account_Links__r',
    ]);
    const info = await uiApi(org, `related-list-info/${INVOICE}/NOME__Line_Items__r`);
    expect(info.body).toMatchObject({
      fieldApiName: 'NOME__Invoice__c',
      objectApiName: 'NOME__Metronome_Invoice_Line_Item__c',
      orderedByInfo: [{ fieldApiName: 'NOME__Name__c', isAscending: true }],
    });
    expect(info.body.displayColumns.map((c: { fieldApiName: string }) => c.fieldApiName)).toEqual([
      'Name',
      'NOME__Name__c',
      'NOME__Quantity__c',
      'NOME__Total__c',
      'NOME__Credit_Type_Name__c',
    ]);

    const invoices = await uiApi(org, `related-list-records/${s.customers.acme}/NOME__Invoices__r`);
    expect(invoices.status).toBe(200);
    expect(invoices.body.records.map((r: any) => r.fields.Name.value)).toEqual(['INV-002', 'INV-001', 'INV-003']); // the layout sorts by Start__c, newest first
    const items = await uiApi(org, `related-list-records/${s.invoices[0]}/NOME__Line_Items__r?pageSize=1`);
    expect(items.body).toMatchObject({
      count: 1,
      nextPageToken: '1',
      listReference: { inContextOfRecordId: s.invoices[0], relatedListId: 'NOME__Line_Items__r' },
    });
    expect(items.body.records[0].fields.NOME__Name__c.value).toBe('Compute');
    expect((await uiApi(org, `related-list-records/${s.invoices[0]}/NOME__Nope__r`)).status).toBe(404);
  });
});
