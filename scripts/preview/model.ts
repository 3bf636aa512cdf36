/**
 * The app model the preview's shell renders, mapped from the package's metadata (through the schema module):
 * the Metronome app's tabs, each object's "All" list view columns and page layout, the custom labels and the
 * flexipages an app's action overrides open. Pure: no I/O besides what the caller passes in.
 */
import {
  allFields,
  findField,
  findObject,
  type FieldDef,
  type ObjectDef,
  type PackageSchema,
} from '../metadata/index.ts';

/** A field as the shell shows it: in a list column or a layout cell. */
export interface FieldView {
  apiName: string;
  label: string;
  /** Salesforce field type as metadata writes it (Text, Number, Date, Lookup, Picklist, Checkbox, …). */
  type: string;
  /** For lookups: the relationship to read the parent's Name through (`NOME__Customer__r`). */
  relationship?: string;
  /** For lookups: the parent object's API name, to link to its record page. */
  referenceTo?: string;
  scale?: number;
}

export interface ObjectView {
  apiName: string;
  label: string;
  pluralLabel: string;
  listView?: { name: string; label: string; columns: FieldView[] };
  layout?: { sections: { label: string; showHeading: boolean; columns: FieldView[][] }[] };
  /** The flexipage the app opens this object's records on (Account → Account_Record_Page). */
  recordPage?: FlexiPageView;
}

export interface FlexiPageView {
  name: string;
  label: string;
  /** Region name → components in it: a package LWC (by bundle name) or a standard one (`force:…`). */
  regions: Record<string, { component: string; properties: Record<string, string> }[]>;
}

export interface TabView {
  name: string;
  /** What the shell navigates to: a component tab's API name or an object's. */
  apiName: string;
  label: string;
  kind: 'component' | 'object';
  /** Component tabs: the LWC bundle the tab shows. */
  component?: string;
  objectApiName?: string;
}

export interface AppModel {
  name: string;
  label: string;
  tabs: TabView[];
  objects: Record<string, ObjectView>;
  /** Custom label name → value: what `@salesforce/label/c.<name>` imports. */
  labels: Record<string, string>;
  /** LWC bundles the tabs and flexipages place: the components the build must include. */
  components: string[];
}

/** Facts about standard objects come from the org (describe), not from force-app: the caller reads them. */
export interface StandardObjectInfo {
  apiName: string;
  label: string;
  pluralLabel: string;
  /** Fields a user edits (the default layout's content), Name first. */
  fields: { apiName: string; label: string; type: string }[];
}

export class AppModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppModelError';
  }
}

export const DEFAULT_APP = 'Metronome';
const STANDARD_TAB = /^standard-(.+)$/;

export function appModel(schema: PackageSchema, standard: StandardObjectInfo[] = [], appName = DEFAULT_APP): AppModel {
  const app = schema.applications.find((a) => a.name === appName);
  if (!app) throw new AppModelError(`The package has no app named ${appName} (force-app/main/default/applications).`);
  const objects: Record<string, ObjectView> = {};
  const tabs = app.tabs.map((tabName) => tabView(schema, standard, tabName, objects));
  for (const override of app.actionOverrides ?? []) {
    if (override.actionName !== 'View' || override.type !== 'Flexipage' || !override.content) continue;
    const page = schema.flexiPages?.find((p) => p.name === override.content);
    if (!page)
      throw new AppModelError(
        `${app.file}: the ${override.pageOrSobjectType} View override opens flexipage ${override.content}, which the package lacks.`,
      );
    const object = objects[override.pageOrSobjectType];
    if (object) object.recordPage = flexiPageView(page);
  }
  const components = new Set<string>();
  for (const tab of tabs) if (tab.component) components.add(tab.component);
  for (const object of Object.values(objects)) {
    for (const list of Object.values(object.recordPage?.regions ?? {})) {
      for (const c of list) if (!c.component.includes(':')) components.add(c.component);
    }
  }
  return {
    name: app.name,
    label: app.label ?? app.name,
    tabs,
    objects,
    labels: Object.fromEntries((schema.labels ?? []).map((l) => [l.name, l.value])),
    components: [...components].sort(),
  };
}

/** Standard objects (`standard-Account` tabs) whose labels and fields the caller must read from the org. */
export function standardObjectsOf(schema: PackageSchema, appName = DEFAULT_APP): string[] {
  const app = schema.applications.find((a) => a.name === appName);
  return (app?.tabs ?? []).map((t) => STANDARD_TAB.exec(t)?.[1]).filter((name): name is string => Boolean(name));
}

function tabView(
  schema: PackageSchema,
  standard: StandardObjectInfo[],
  tabName: string,
  objects: Record<string, ObjectView>,
): TabView {
  const standardName = STANDARD_TAB.exec(tabName)?.[1];
  if (standardName) {
    const info = standard.find((s) => s.apiName === standardName);
    if (!info) throw new AppModelError(`The app's tab ${tabName} needs the org's description of ${standardName}.`);
    objects[info.apiName] = standardObjectView(info);
    return {
      name: tabName,
      apiName: info.apiName,
      label: info.pluralLabel,
      kind: 'object',
      objectApiName: info.apiName,
    };
  }
  const tab = schema.tabs.find((t) => t.name === tabName);
  if (!tab) throw new AppModelError(`The app lists tab ${tabName}, which force-app/main/default/tabs lacks.`);
  if (tab.customObject) {
    const object = findObject(schema, tabName);
    if (!object) throw new AppModelError(`${tab.file}: tab of object ${tabName}, which the package lacks.`);
    objects[object.apiName] = objectView(schema, object);
    return {
      name: tabName,
      apiName: object.apiName,
      label: object.pluralLabel,
      kind: 'object',
      objectApiName: object.apiName,
    };
  }
  if (!tab.lwcComponent)
    throw new AppModelError(`${tab.file}: the preview shows object tabs and Lightning component tabs only.`);
  // A managed package's tabs carry its namespace (`NOME__Billing_Overview`), custom object or not.
  const apiName = schema.namespace ? `${schema.namespace}__${tabName}` : tabName;
  return { name: tabName, apiName, label: tab.label ?? tabName, kind: 'component', component: tab.lwcComponent };
}

function standardObjectView(info: StandardObjectInfo): ObjectView {
  const fields = info.fields.map((f) => ({ apiName: f.apiName, label: f.label, type: f.type }));
  const half = Math.ceil(fields.length / 2);
  return {
    apiName: info.apiName,
    label: info.label,
    pluralLabel: info.pluralLabel,
    listView: { name: 'All', label: `All ${info.pluralLabel}`, columns: fields.slice(0, 1) },
    layout: {
      sections: [{ label: 'Information', showHeading: true, columns: [fields.slice(0, half), fields.slice(half)] }],
    },
  };
}

/** List view column tokens of Salesforce's system fields (every object has them; force-app does not declare them). */
const SYSTEM_COLUMNS: Record<string, FieldView> = {
  LAST_UPDATE: { apiName: 'LastModifiedDate', label: 'Last Modified Date', type: 'DateTime' },
  CREATED_DATE: { apiName: 'CreatedDate', label: 'Created Date', type: 'DateTime' },
};

/** `NAME` in list views and `Name` in layouts are the name field; other names are source field names. */
function fieldView(schema: PackageSchema, object: ObjectDef, name: string, where: string): FieldView | undefined {
  if (SYSTEM_COLUMNS[name]) return SYSTEM_COLUMNS[name];
  const field: FieldDef | undefined = name === 'NAME' ? object.nameField : findField(object, name);
  if (!field) {
    // Standard audit fields (CreatedById …) are not in force-app: the record page leaves them to the org.
    if (/^(CreatedById|LastModifiedById|OwnerId)$/.test(name)) return undefined;
    throw new AppModelError(`${where}: ${object.name} has no field ${name}.`);
  }
  const lookup = field.type === 'Lookup' || field.type === 'MasterDetail';
  const parent = lookup && field.referenceTo ? findObject(schema, field.referenceTo) : undefined;
  return {
    apiName: field.apiName,
    label: field.label,
    type: field.type,
    relationship: lookup ? field.parentRelationshipApiName : undefined,
    referenceTo: lookup ? (parent?.apiName ?? field.referenceToApiName) : undefined,
    scale: field.scale,
  };
}

function objectView(schema: PackageSchema, object: ObjectDef): ObjectView {
  const all = object.listViews.find((v) => v.name === 'All');
  const layout = schema.layouts?.find((l) => l.object === object.name);
  const present = (f: FieldView | undefined): f is FieldView => Boolean(f);
  return {
    apiName: object.apiName,
    label: object.label,
    pluralLabel: object.pluralLabel,
    listView: all
      ? {
          name: all.name,
          label: all.label ?? all.name,
          columns: all.columns.map((c) => fieldView(schema, object, c, all.file)).filter(present),
        }
      : {
          name: 'All',
          label: 'All',
          columns: allFields(object)
            .slice(0, 1)
            .map((f) => fieldView(schema, object, f.name, object.file))
            .filter(present),
        },
    layout: layout
      ? {
          sections: layout.sections
            .map((s) => ({
              label: s.label,
              showHeading: s.detailHeading,
              columns: s.columns.map((column) =>
                column.map((name) => fieldView(schema, object, name, layout.file)).filter(present),
              ),
            }))
            .filter((s) => s.columns.some((c) => c.length > 0)),
        }
      : undefined,
  };
}

function flexiPageView(page: NonNullable<PackageSchema['flexiPages']>[number]): FlexiPageView {
  return {
    name: page.name,
    label: page.label ?? page.name,
    regions: Object.fromEntries(
      page.regions
        .filter((r) => r.type === 'Region')
        .map((r) => [r.name, r.components.map((c) => ({ component: c.componentName, properties: c.properties }))]),
    ),
  };
}
