/**
 * Related lists, driven by the related lists of force-app's page layouts: `ui-api/related-list-info/{parent}`
 * (the parent's related lists), `related-list-info/{parent}/{relatedListId}` (columns and sort order from the
 * layout) and `related-list-records/{parentRecordId}/{relatedListId}` (a page of the child records). A related
 * list is named by its child relationship (`NOME__Line_Items__r`), as the UI API names custom related lists.
 */
import { createHash } from 'node:crypto';
import { applyNamespace, type LayoutRelatedListDef } from '../../metadata/index.ts';
import { SfError } from '../errors.ts';
import type { ChildRelationship, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Values } from '../store.ts';
import { layoutOf } from './layout.ts';
import { column, recordPage, type DisplayColumn } from './list.ts';
import { objectNamed } from './object-info.ts';
import { MASTER_RECORD_TYPE_ID, objectOfRecord } from './records.ts';
import { soqlString } from './translate.ts';

interface RelatedList {
  def: LayoutRelatedListDef;
  relationship: ChildRelationship;
  child: ObjectModel;
}

const notFound = () => new SfError('NOT_FOUND', 'The requested resource does not exist', [], 404);

/** The related lists a parent's layout shows, resolved to child relationships (standard related lists are skipped). */
function relatedListsOf(org: Org, parent: ObjectModel): RelatedList[] {
  const ns = org.model.namespace;
  return layoutOf(org, parent).relatedLists.flatMap((def) => {
    const [childName, fieldName] = def.relatedList.split('.');
    if (!fieldName) return [];
    const childApi = applyNamespace(ns, childName).toLowerCase();
    const fieldApi = applyNamespace(ns, fieldName).toLowerCase();
    const relationship = parent.childRelationships.find(
      (c) => c.childSObject.toLowerCase() === childApi && c.field.toLowerCase() === fieldApi,
    );
    const child = relationship?.relationshipName ? org.object(relationship.childSObject) : undefined;
    return relationship && child ? [{ def, relationship, child }] : [];
  });
}

function relatedListNamed(org: Org, parent: ObjectModel, id: string): RelatedList {
  const found = relatedListsOf(org, parent).find(
    (r) => r.relationship.relationshipName!.toLowerCase() === id.toLowerCase(),
  );
  if (!found) throw notFound();
  return found;
}

const columnsOf = (org: Org, r: RelatedList) =>
  r.def.fields.map((f) => column(org, r.child, f)).filter((c): c is DisplayColumn => !!c);

/** The layout's sort, as `sortBy` terms (`-Field` descending). */
function sortOf(org: Org, r: RelatedList, columns: DisplayColumn[]): string[] {
  const f = r.def.sortField
    ? r.child.fieldIndex.get(applyNamespace(org.model.namespace, r.def.sortField).toLowerCase())
    : undefined;
  if (!f) return columns.slice(0, 1).map((c) => c.fieldApiName);
  return [`${r.def.sortOrder === 'Desc' ? '-' : ''}${f.name}`];
}

function reference(parent: ObjectModel, r: RelatedList, recordId: string | null): Values {
  return {
    inContextOfRecordId: recordId,
    listViewApiName: null,
    objectApiName: r.child.name,
    parentObjectApiName: parent.name,
    recordTypeId: MASTER_RECORD_TYPE_ID,
    relatedListId: r.relationship.relationshipName,
    type: 'relatedList',
  };
}

const etag = (body: Values) => createHash('md5').update(JSON.stringify(body)).digest('hex');

export function relatedListSummaries(org: Org, parentName: string): Values {
  const parent = objectNamed(org, parentName);
  const body: Values = {
    parentObjectApiName: parent.name,
    parentRecordTypeId: MASTER_RECORD_TYPE_ID,
    relatedLists: relatedListsOf(org, parent).map((r) => ({
      entityLabel: r.child.label,
      entityLabelPlural: r.child.labelPlural,
      keyPrefix: r.child.keyPrefix,
      label: r.child.labelPlural,
      objectApiName: r.child.name,
      relatedListId: r.relationship.relationshipName,
      themeInfo: null,
    })),
  };
  return { ...body, eTag: etag(body) };
}

export function relatedListInfo(org: Org, parentName: string, relatedListId: string): Values {
  const parent = objectNamed(org, parentName);
  const r = relatedListNamed(org, parent, relatedListId);
  const columns = columnsOf(org, r);
  const label = (name: string) =>
    columns.find((c) => c.fieldApiName === name)?.label ?? r.child.fieldIndex.get(name.toLowerCase())?.label ?? name;
  const body: Values = {
    cloneable: false,
    createable: r.child.createable,
    deletable: r.child.deletable,
    displayColumns: columns,
    fieldApiName: r.relationship.field,
    filterLogicString: null,
    filteredByInfo: [],
    keyPrefix: r.child.keyPrefix,
    label: r.child.labelPlural,
    listReference: reference(parent, r, null),
    objectApiName: r.child.name,
    orderedByInfo: sortOf(org, r, columns).map((s) => ({
      fieldApiName: s.replace(/^-/, ''),
      isAscending: !s.startsWith('-'),
      label: label(s.replace(/^-/, '')),
    })),
    parentObjectApiName: parent.name,
    recordTypeId: MASTER_RECORD_TYPE_ID,
    relatedListId: r.relationship.relationshipName,
    updateable: r.child.updateable,
    userPreferences: { columnWidths: {}, columnWrap: {} },
    visibility: 'Public',
  };
  return { ...body, eTag: etag(body) };
}

export function relatedListRecords(
  org: Org,
  parentId: string,
  relatedListId: string,
  query: URLSearchParams,
  version: string,
): Values {
  const { id, object: parent } = objectOfRecord(org, parentId);
  const r = relatedListNamed(org, parent, relatedListId);
  const columns = columnsOf(org, r);
  const where = `${r.relationship.field} = ${soqlString(id)}`;
  const page = recordPage(org, r.child, { columns, where, defaultSort: sortOf(org, r, columns) }, query, version);
  const pageUrl = (token: number) =>
    `/services/data/v${version}/ui-api/related-list-records/${id}/${r.relationship.relationshipName}?pageSize=${page.pageSize}&pageToken=${token}`;
  return {
    ...page.body(pageUrl),
    listInfoETag: relatedListInfo(org, parent.name, relatedListId).eTag,
    listReference: reference(parent, r, id),
  };
}
