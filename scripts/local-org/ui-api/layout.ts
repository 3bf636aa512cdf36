/**
 * Page layouts, driven by the layouts in force-app: `ui-api/layout/{object}` (the Record Layout: sections of rows
 * of items, each item one or more field components) and `ui-api/record-ui/{ids}` (layouts, object infos and the
 * records with every field their layout shows). An object without a layout in force-app (a standard object)
 * gets one section of its name field and custom fields, as a new org's default layout shows them.
 */
import { createHash } from 'node:crypto';
import { applyNamespace, type LayoutDef, type LayoutSectionDef } from '../../metadata/index.ts';
import { SfError } from '../errors.ts';
import type { FieldModel, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import type { Values } from '../store.ts';
import { displayContext } from './display.ts';
import { objectInfo, objectNamed } from './object-info.ts';
import { MASTER_RECORD_TYPE_ID, fieldTree, listParam, objectOfRecord, readRecords, uiRecord } from './records.ts';

export function layoutOf(org: Org, o: ObjectModel): LayoutDef {
  const ns = org.model.namespace;
  const found = (org.model.schema.layouts ?? []).find(
    (l) => applyNamespace(ns, l.object).toLowerCase() === o.name.toLowerCase(),
  );
  if (found) return found;
  const shown = o.fields.filter((f) => f.nameField || (f.custom && !f.system)).map((f) => f.name);
  const half = Math.ceil(shown.length / 2);
  return {
    name: `${o.label} Layout`,
    object: o.name,
    sections: [{ label: 'Information', detailHeading: true, columns: [shown.slice(0, half), shown.slice(half)] }],
    relatedLists: [],
    file: '(default layout)',
  };
}

/** The API name of a layout field (layouts name fields in source form). */
const fieldOf = (org: Org, o: ObjectModel, written: string | undefined) =>
  written ? o.fieldIndex.get(applyNamespace(org.model.namespace, written).toLowerCase()) : undefined;

/** Audit lookups show the user and the time together, as Salesforce's "Created By" and "Last Modified By" do. */
const AUDIT_PAIRS: Record<string, { label: string; date: string }> = {
  CreatedById: { label: 'Created By', date: 'CreatedDate' },
  LastModifiedById: { label: 'Last Modified By', date: 'LastModifiedDate' },
};

const fieldComponent = (f: FieldModel) => ({ apiName: f.name, componentType: 'Field', label: f.label });
const EMPTY_ITEM = {
  editableForNew: false,
  editableForUpdate: false,
  label: '',
  layoutComponents: [{ apiName: null, componentType: 'EmptySpace' }],
  lookupIdApiName: null,
  required: false,
  sortable: false,
};

/**
 * One cell of a section. The schema module reads a layout item's field, not its behavior, so editability and
 * required-ness follow the field (system, formula and auto-number fields are never editable).
 */
function layoutItem(org: Org, o: ObjectModel, fieldName: string | undefined, mode: string): Values {
  const f = fieldOf(org, o, fieldName);
  if (!f) return EMPTY_ITEM;
  const audit = AUDIT_PAIRS[f.name];
  const date = audit && o.fieldIndex.get(audit.date.toLowerCase());
  const editable = mode !== 'View';
  return {
    editableForNew: editable && f.createable,
    editableForUpdate: editable && f.updateable,
    label: audit ? audit.label : f.label,
    layoutComponents: date
      ? [fieldComponent(f), { componentType: 'Separator', separator: ', ' }, fieldComponent(date)]
      : [fieldComponent(f)],
    lookupIdApiName: f.type === 'reference' ? f.name : null,
    required: f.required,
    sortable: false,
  };
}

const stableId = (prefix: string, key: string) =>
  `${prefix}${createHash('md5').update(key).digest('hex').slice(0, 12).toUpperCase()}AAA`;

function section(
  org: Org,
  o: ObjectModel,
  s: LayoutSectionDef,
  index: number,
  layoutName: string,
  mode: string,
): Values {
  const columns = Math.max(1, s.columns.length);
  const rows = Math.max(0, ...s.columns.map((c) => c.length));
  const layoutRows = Array.from({ length: rows }, (_, r) => ({
    layoutItems: Array.from({ length: columns }, (_, c) => layoutItem(org, o, s.columns[c]?.[r], mode)),
  }));
  return {
    collapsible: false,
    columns,
    heading: s.label ?? '',
    id: stableId('01B', `${layoutName}#${index}`),
    layoutRows,
    rows,
    useHeading: s.detailHeading,
  };
}

const MODES = ['View', 'Edit', 'Create'];

export function layout(org: Org, o: ObjectModel, query: URLSearchParams): Values {
  const layoutType = query.get('layoutType') ?? 'Full';
  const mode = query.get('mode') ?? 'View';
  if (!['Full', 'Compact'].includes(layoutType))
    throw new SfError('INVALID_PARAMETER_VALUE', `layoutType must be Full or Compact: ${layoutType}`, [], 400);
  if (!MODES.includes(mode))
    throw new SfError('INVALID_PARAMETER_VALUE', `mode must be one of ${MODES.join(', ')}: ${mode}`, [], 400);
  const def = layoutOf(org, o);
  // The compact layout of an object without one in force-app is its name field (Salesforce's system default).
  const nameField = o.fields.find((f) => f.nameField)?.name;
  const sections: LayoutSectionDef[] =
    layoutType === 'Compact'
      ? [{ label: '', detailHeading: false, columns: [nameField ? [nameField] : []] }]
      : def.sections.filter((s) => s.columns.some((c) => c.length > 0));
  const body: Values = {
    id: stableId('00h', def.name),
    layoutType,
    mode,
    objectApiName: o.name,
    recordTypeId: query.get('recordTypeId') ?? MASTER_RECORD_TYPE_ID,
    saveOptions: [],
    sections: sections.map((s, i) => section(org, o, s, i, def.name, mode)),
  };
  body.eTag = createHash('md5').update(JSON.stringify(body)).digest('hex');
  return body;
}

/** Every field a layout shows, object-qualified, with the name of each lookup's parent for its displayValue. */
export function layoutFields(org: Org, o: ObjectModel, query: URLSearchParams): string[] {
  const names = new Set<string>();
  for (const s of layout(org, o, query).sections as {
    layoutRows: { layoutItems: { layoutComponents: { apiName: string | null }[] }[] }[];
  }[]) {
    for (const row of s.layoutRows) {
      for (const item of row.layoutItems) {
        for (const c of item.layoutComponents) {
          const f = c.apiName ? o.fieldIndex.get(c.apiName.toLowerCase()) : undefined;
          if (!f) continue;
          names.add(`${o.name}.${f.name}`);
          const parent = f.relationshipName ? org.object(f.referenceTo[0]) : undefined;
          const parentName = parent?.fields.find((p) => p.nameField);
          if (parentName) names.add(`${o.name}.${f.relationshipName}.${parentName.name}`);
        }
      }
    }
  }
  return [...names];
}

export function layoutOfObject(org: Org, objectName: string, query: URLSearchParams): Values {
  return layout(org, objectNamed(org, objectName), query);
}

/** `record-ui/{ids}`: the layouts, object infos and records (with their layouts' fields) of up to 200 records. */
export function recordUi(org: Org, ids: string[], query: URLSearchParams, version: string): Values {
  if (ids.length === 0 || ids.length > 200)
    throw new SfError('INVALID_PARAMETER_VALUE', `record-ui takes 1 to 200 record IDs, got ${ids.length}`, [], 400);
  const layoutTypes = listParam(query.get('layoutTypes')).length ? listParam(query.get('layoutTypes')) : ['Full'];
  const modes = listParam(query.get('modes')).length ? listParam(query.get('modes')) : ['View'];
  const layouts: Values = {};
  const objectInfos: Values = {};
  const records: Values = {};
  const display = displayContext(org);
  for (const raw of ids) {
    const { id, object: o } = objectOfRecord(org, raw);
    const fields = new Set<string>(listParam(query.get('optionalFields')));
    const byType: Values = {};
    for (const layoutType of layoutTypes) {
      const byMode: Values = {};
      for (const mode of modes) {
        const params = new URLSearchParams({ layoutType, mode });
        byMode[mode] = layout(org, o, params);
        for (const f of layoutFields(org, o, params)) fields.add(f);
      }
      byType[layoutType] = byMode;
    }
    layouts[o.name] = { [MASTER_RECORD_TYPE_ID]: byType };
    objectInfos[o.name] ??= objectInfo(org, o);
    const tree = fieldTree(org, o, [], [...fields]);
    const record = readRecords(org, o, [id], tree, version).get(id);
    if (!record) throw new SfError('NOT_FOUND', 'The requested resource does not exist', [], 404);
    records[id] = uiRecord(o, record, tree, display);
  }
  return { layoutUserStates: {}, layouts, objectInfos, records };
}
