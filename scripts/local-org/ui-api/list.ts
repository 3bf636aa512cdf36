/**
 * List views, driven by the list views in force-app: `ui-api/list-info/{object}/{listView}` (columns, filters,
 * order), `ui-api/list-records/{object}/{listView}` (a page of records in the Record shape) and
 * `ui-api/list-ui/{object}[/{listView}]` (the object's list views; one list view's info and records together).
 */
import { createHash } from 'node:crypto';
import { applyNamespace, type ListViewDef } from '../../metadata/index.ts';
import { SfError } from '../errors.ts';
import type { FieldModel, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Values } from '../store.ts';
import { displayContext } from './display.ts';
import { objectNamed } from './object-info.ts';
import { fieldTree, listParam, selectRecords, uiRecord } from './records.ts';
import { isLongText } from './schema.ts';
import { soqlString } from './translate.ts';

/** Standard list view columns that name no field, as their fields. */
const STANDARD_COLUMNS: Record<string, string> = {
  LAST_UPDATE: 'LastModifiedDate',
  CREATED_DATE: 'CreatedDate',
  UPDATEDBY_USER: 'LastModifiedBy.Alias',
  CREATEDBY_USER: 'CreatedBy.Alias',
  'OWNER.ALIAS': 'Owner.Alias',
  'CORE.USERS.ALIAS': 'Owner.Alias',
};

export interface DisplayColumn {
  fieldApiName: string;
  label: string;
  lookupId: string | null;
  sortable: boolean;
}

/** A list view column as the UI API names it: a lookup shows its parent's name (`NOME__Customer__r.Name`). */
export function column(org: Org, o: ObjectModel, written: string): DisplayColumn | undefined {
  const ns = org.model.namespace;
  const name =
    written === 'NAME'
      ? o.fields.find((f) => f.nameField)?.name
      : (STANDARD_COLUMNS[written] ?? applyNamespace(ns, written));
  if (!name) return undefined;
  const [first, second] = name.split('.');
  if (second) {
    const rel = o.relationshipIndex.get(first.toLowerCase());
    const parent = rel && org.object(rel.referenceTo[0]);
    const f = parent?.fieldIndex.get(second.toLowerCase());
    return f && rel
      ? { fieldApiName: `${rel.relationshipName}.${f.name}`, label: f.label, lookupId: rel.name, sortable: true }
      : undefined;
  }
  const f = o.fieldIndex.get(first.toLowerCase());
  if (!f) return undefined;
  const parent = f.relationshipName ? org.object(f.referenceTo[0]) : undefined;
  const parentName = parent?.fields.find((p) => p.nameField);
  if (parent && parentName)
    return {
      fieldApiName: `${f.relationshipName}.${parentName.name}`,
      label: f.label,
      lookupId: f.name,
      sortable: true,
    };
  return { fieldApiName: f.name, label: f.label, lookupId: null, sortable: !isLongText(f) };
}

export function listViewOf(org: Org, o: ObjectModel, name: string): ListViewDef {
  const def = org.model.schema.objects.find((d) => d.apiName === o.name);
  const view = def?.listViews.find((v) => v.name.toLowerCase() === name.toLowerCase());
  if (!view) throw new SfError('NOT_FOUND', `The requested resource does not exist`, [], 404);
  return view;
}

/** A stable list view ID (`00B…`), the same on every run for the same object and list view. */
export const listViewId = (o: ObjectModel, view: ListViewDef) =>
  `00B${createHash('md5').update(`${o.name}.${view.name}`).digest('hex').slice(0, 12).toUpperCase()}AAA`;

const OPERATORS: Record<string, { label: string; soql: (path: string, values: string[], f: FieldModel) => string }> = {
  equals: {
    label: 'Equals',
    soql: (p, v, f) => (v.length > 1 ? `${p} IN (${v.map((x) => lit(f, x)).join(', ')})` : `${p} = ${lit(f, v[0])}`),
  },
  notEqual: {
    label: 'NotEqual',
    soql: (p, v, f) =>
      v.length > 1 ? `${p} NOT IN (${v.map((x) => lit(f, x)).join(', ')})` : `${p} != ${lit(f, v[0])}`,
  },
  lessThan: { label: 'LessThan', soql: (p, v, f) => `${p} < ${lit(f, v[0])}` },
  greaterThan: { label: 'GreaterThan', soql: (p, v, f) => `${p} > ${lit(f, v[0])}` },
  lessOrEqual: { label: 'LessOrEqual', soql: (p, v, f) => `${p} <= ${lit(f, v[0])}` },
  greaterOrEqual: { label: 'GreaterOrEqual', soql: (p, v, f) => `${p} >= ${lit(f, v[0])}` },
  contains: { label: 'Contains', soql: (p, v) => `${p} LIKE ${soqlString(`%${v[0] ?? ''}%`)}` },
  notContain: { label: 'NotContain', soql: (p, v) => `(NOT ${p} LIKE ${soqlString(`%${v[0] ?? ''}%`)})` },
  startsWith: { label: 'StartsWith', soql: (p, v) => `${p} LIKE ${soqlString(`${v[0] ?? ''}%`)}` },
};

/** A list view filter value as a SOQL literal of the field's type (checkboxes are written 1/0). */
function lit(f: FieldModel, value: string | undefined): string {
  if (value === undefined || value === '') return 'null';
  if (f.type === 'boolean') return value === '1' || value.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
  if (['double', 'currency', 'percent', 'int', 'date', 'datetime'].includes(f.type)) return value;
  return soqlString(value);
}

interface Filter {
  field: FieldModel;
  operator: string;
  values: string[];
  soql: string;
}

function filtersOf(org: Org, o: ObjectModel, view: ListViewDef): Filter[] {
  return view.filters.map((written) => {
    const name =
      written.field === 'NAME'
        ? 'Name'
        : (STANDARD_COLUMNS[written.field] ?? applyNamespace(org.model.namespace, written.field));
    const field = o.fieldIndex.get(name.toLowerCase());
    const operator = OPERATORS[written.operation];
    if (!field || !operator)
      throw new SfError(
        'INVALID_FILTER',
        `${view.file}: the local org cannot apply the filter ${written.field} ${written.operation}`,
        [],
        400,
      );
    const values = (written.value ?? '').split(',').map((v) => v.trim());
    return { field, operator: operator.label, values, soql: operator.soql(field.name, values, field) };
  });
}

/** The WHERE clause of a list view: its filters (joined by its filter logic, else AND) and its scope. */
function whereOf(org: Org, o: ObjectModel, view: ListViewDef): string | undefined {
  const filters = filtersOf(org, o, view).map((f) => f.soql);
  let condition: string | undefined;
  if (view.booleanFilter && filters.length) {
    condition = `(${view.booleanFilter.replace(/\d+/g, (n) => `(${filters[Number(n) - 1] ?? 'Id = null'})`)})`;
  } else if (filters.length) {
    condition = filters.join(' AND ');
  }
  const mine =
    view.filterScope === 'Mine' && o.fieldIndex.has('ownerid') ? `OwnerId = ${soqlString(org.userId)}` : undefined;
  return [condition, mine].filter(Boolean).join(' AND ') || undefined;
}

export function listInfo(org: Org, objectName: string, listViewName: string): Values {
  const o = objectNamed(org, objectName);
  const view = listViewOf(org, o, listViewName);
  const displayColumns = view.columns.map((c) => column(org, o, c)).filter((c): c is DisplayColumn => !!c);
  const info: Values = {
    cloneable: false,
    createable: o.createable,
    deletable: o.deletable,
    displayColumns,
    filterLogicString: view.booleanFilter ?? null,
    filteredByInfo: filtersOf(org, o, view).map((f) => ({
      fieldApiName: f.field.name,
      label: f.field.label,
      operandLabels: f.values,
      operator: f.operator,
    })),
    label: view.label ?? view.name,
    listReference: { id: listViewId(o, view), listViewApiName: view.name, objectApiName: o.name, type: 'listView' },
    orderedByInfo: displayColumns
      .slice(0, 1)
      .map((c) => ({ fieldApiName: c.fieldApiName, isAscending: true, label: c.label })),
    updateable: o.updateable,
    userPreferences: { columnWidths: {}, columnWrap: {} },
    visibility: 'Public',
    visibilityEditable: false,
  };
  info.eTag = createHash('md5').update(JSON.stringify(info)).digest('hex');
  return info;
}

const MAX_PAGE_SIZE = 2000;

function pageParams(query: URLSearchParams): { pageSize: number; offset: number } {
  const pageSize = query.has('pageSize') ? Number(query.get('pageSize')) : 50;
  const offset = query.has('pageToken') ? Number(query.get('pageToken')) : 0;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new SfError(
      'INVALID_PARAMETER_VALUE',
      `pageSize must be between 1 and ${MAX_PAGE_SIZE}: ${query.get('pageSize')}`,
      [],
      400,
    );
  }
  if (!Number.isInteger(offset) || offset < 0)
    throw new SfError(
      'INVALID_PARAMETER_VALUE',
      `pageToken is not a page of this list: ${query.get('pageToken')}`,
      [],
      400,
    );
  return { pageSize, offset };
}

/** `sortBy=Field,-Other` (a leading `-` sorts descending); `defaultSort` when absent. */
function orderOf(o: ObjectModel, query: URLSearchParams, defaultSort: string[]): { terms: string[]; sortBy: string[] } {
  const sortBy = listParam(query.get('sortBy'));
  const wanted = sortBy.length ? sortBy : defaultSort;
  const terms = wanted.map((raw) => {
    const desc = raw.startsWith('-');
    const name = (desc ? raw.slice(1) : raw).replace(new RegExp(`^${o.name}\\.`, 'i'), '');
    const ok = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name);
    if (!ok) throw new SfError('INVALID_PARAMETER_VALUE', `sortBy names no field: ${raw}`, [], 400);
    return `${name} ${desc ? 'DESC' : 'ASC'}`;
  });
  return { terms: [...terms, 'Id ASC'], sortBy: wanted };
}

export function listRecords(
  org: Org,
  objectName: string,
  listViewName: string,
  query: URLSearchParams,
  version: string,
): Values {
  const o = objectNamed(org, objectName);
  const view = listViewOf(org, o, listViewName);
  const columns = view.columns.map((c) => column(org, o, c)).filter((c): c is DisplayColumn => !!c);
  const page = recordPage(
    org,
    o,
    { columns, where: whereOf(org, o, view), defaultSort: columns.slice(0, 1).map((c) => c.fieldApiName) },
    query,
    version,
  );
  const pageUrl = (token: number) =>
    `/services/data/v${version}/ui-api/list-records/${o.name}/${view.name}?pageSize=${page.pageSize}&pageToken=${token}`;
  return {
    ...page.body(pageUrl),
    listInfoETag: listInfo(org, o.name, view.name).eTag,
    listReference: { id: listViewId(o, view), listViewApiName: view.name, objectApiName: o.name, type: 'listView' },
  };
}

export interface PageSpec {
  columns: DisplayColumn[];
  where?: string;
  /** `Field` or `-Field`, used when the request has no `sortBy`. */
  defaultSort: string[];
}

/** One page of records of `o` with `spec`'s columns (plus `fields`/`optionalFields`), as list and related-list records answer. */
export function recordPage(org: Org, o: ObjectModel, spec: PageSpec, query: URLSearchParams, version: string) {
  const { pageSize, offset } = pageParams(query);
  const qualified = (n: string) => (n.toLowerCase().startsWith(`${o.name.toLowerCase()}.`) ? n : `${o.name}.${n}`);
  const fields = [
    ...spec.columns.flatMap((c) => [c.fieldApiName, ...(c.lookupId ? [c.lookupId] : [])]),
    ...listParam(query.get('fields')),
  ].map(qualified);
  const optionalFields = listParam(query.get('optionalFields')).map(qualified);
  const tree = fieldTree(org, o, fields, optionalFields);
  const order = orderOf(o, query, spec.defaultSort);
  const clauses = `${spec.where ? `WHERE ${spec.where} ` : ''}ORDER BY ${order.terms.join(', ')} LIMIT ${pageSize + 1}${offset ? ` OFFSET ${offset}` : ''}`;
  const rows = selectRecords(org, o, tree, clauses, version);
  const display = displayContext(org);
  const records = rows.slice(0, pageSize).map((r) => uiRecord(o, r, tree, display));
  const next = rows.length > pageSize ? offset + pageSize : null;
  const previous = offset > 0 ? Math.max(0, offset - pageSize) : null;
  return {
    pageSize,
    body: (pageUrl: (token: number) => string): Values => ({
      count: records.length,
      currentPageToken: String(offset),
      currentPageUrl: pageUrl(offset),
      fields,
      nextPageToken: next === null ? null : String(next),
      nextPageUrl: next === null ? null : pageUrl(next),
      optionalFields,
      pageSize,
      previousPageToken: previous === null ? null : String(previous),
      previousPageUrl: previous === null ? null : pageUrl(previous),
      records,
      sortBy: order.sortBy,
    }),
  };
}

/** `list-ui/{object}`: the object's list views. */
export function listViews(org: Org, objectName: string, version: string): Values {
  const o = objectNamed(org, objectName);
  const views = org.model.schema.objects.find((d) => d.apiName === o.name)?.listViews ?? [];
  return {
    count: views.length,
    currentPageToken: '0',
    currentPageUrl: `/services/data/v${version}/ui-api/list-ui/${o.name}?pageSize=${views.length}&pageToken=0`,
    lists: views.map((view) => ({
      apiName: view.name,
      id: listViewId(o, view),
      label: view.label ?? view.name,
      listUiUrl: `/services/data/v${version}/ui-api/list-ui/${listViewId(o, view)}`,
      url: `/services/data/v${version}/ui-api/list-info/${o.name}/${view.name}`,
    })),
    nextPageToken: null,
    nextPageUrl: null,
    objectApiName: o.name,
    pageSize: views.length,
    previousPageToken: null,
    previousPageUrl: null,
  };
}
