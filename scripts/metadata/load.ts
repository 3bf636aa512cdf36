import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_DIR, applyNamespace, readSfdxProject } from './project.ts';
import type {
  ApplicationDef,
  FieldDef,
  ListViewDef,
  LwcBundleDef,
  ObjectDef,
  PackageSchema,
  PermissionSetDef,
  TabDef,
} from './types.ts';
import { cachedSchema, type SourceFile } from './schema-cache.ts';
import { bool, child, children, int, parseMetadataXml, text, texts, type XmlNode } from './xml.ts';
import { toActionOverrides, toFlexiPage, toLabels, toLayout } from './ui.ts';

/** Reads every package directory of the SFDX project into one schema. Malformed XML throws with its file. */
export function loadSchema(projectDir: string = PROJECT_DIR): PackageSchema {
  const project = readSfdxProject(projectDir);
  const sources = project.packageDirectories.flatMap((dir) => listFiles(path.join(projectDir, dir.path)));
  return cachedSchema({ projectDir, project, files: sources }, () =>
    parseSchema(
      projectDir,
      project,
      sources.map((s) => s.path),
    ),
  );
}

function parseSchema(projectDir: string, project: ReturnType<typeof readSfdxProject>, files: string[]): PackageSchema {
  // Each kind of file is parsed once: every object looks for its own fields among all field files.
  const parsed = new Map<string, { file: string; root: XmlNode }[]>();
  const read = (suffix: string, rootTag: string) => {
    let found = parsed.get(suffix);
    if (!found) {
      found = files
        .filter((f) => f.endsWith(suffix))
        .map((f) => ({
          file: path.relative(projectDir, f),
          root: parseMetadataXml(readFileSync(f, 'utf8'), path.relative(projectDir, f), rootTag),
        }));
      parsed.set(suffix, found);
    }
    return found;
  };
  const ns = project.namespace;

  const objects = read('.object-meta.xml', 'CustomObject').map(({ file, root }) => toObject(ns, file, root, read));
  return {
    projectDir,
    namespace: ns,
    sourceApiVersion: project.sourceApiVersion,
    packageDirectories: project.packageDirectories.map((d) => d.path),
    objects: objects.sort(byName),
    permissionSets: read('.permissionset-meta.xml', 'PermissionSet').map(toPermissionSet).sort(byName),
    tabs: read('.tab-meta.xml', 'CustomTab').map(toTab).sort(byName),
    applications: read('.app-meta.xml', 'CustomApplication').map(toApplication).sort(byName),
    lwc: read('.js-meta.xml', 'LightningComponentBundle').filter(isLwcBundle).map(toLwc).sort(byName),
    labels: read('.labels-meta.xml', 'CustomLabels').flatMap(toLabels).sort(byName),
    layouts: read('.layout-meta.xml', 'Layout').map(toLayout).sort(byName),
    flexiPages: read('.flexipage-meta.xml', 'FlexiPage').map(toFlexiPage).sort(byName),
  };
}

type Reader = (suffix: string, rootTag: string) => { file: string; root: XmlNode }[];

function listFiles(dir: string): SourceFile[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.split(path.sep).includes('__tests__'))
    .map((e) => path.join(dir, e))
    .sort()
    .flatMap((f) => {
      const stat = statSync(f);
      return stat.isFile() ? [{ path: f, size: stat.size, mtimeMs: stat.mtimeMs }] : [];
    });
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const baseName = (file: string, suffix: string) => path.basename(file).slice(0, -suffix.length);

function toObject(ns: string, file: string, root: XmlNode, read: Reader): ObjectDef {
  const name = baseName(file, '.object-meta.xml');
  const dir = path.dirname(file);
  const inDir = (suffix: string, rootTag: string, sub: string) =>
    read(suffix, rootTag).filter((f) => path.dirname(f.file) === path.join(dir, sub));
  const nameNode = child(root, 'nameField');
  return {
    name,
    apiName: applyNamespace(ns, name),
    label: text(root, 'label') ?? '',
    pluralLabel: text(root, 'pluralLabel') ?? '',
    description: text(root, 'description'),
    sharingModel: text(root, 'sharingModel'),
    externalSharingModel: text(root, 'externalSharingModel'),
    nameField: toNameField(file, nameNode),
    fields: inDir('.field-meta.xml', 'CustomField', 'fields')
      .map((f) => toField(ns, f.file, f.root))
      .sort(byName),
    listViews: inDir('.listView-meta.xml', 'ListView', 'listViews').map(toListView).sort(byName),
    file,
  };
}

function toNameField(file: string, node: XmlNode | undefined): FieldDef {
  const type = text(node, 'type') ?? '';
  return {
    name: 'Name',
    apiName: 'Name',
    label: text(node, 'label') ?? '',
    type,
    length: type === 'Text' ? 80 : undefined,
    required: type === 'Text',
    externalId: false,
    unique: false,
    caseSensitive: false,
    displayFormat: text(node, 'displayFormat'),
    startingNumber: int(node, 'startingNumber') ?? (type === 'AutoNumber' ? 1 : undefined),
    writable: type !== 'AutoNumber',
    file,
  };
}

function toField(ns: string, file: string, root: XmlNode): FieldDef {
  const name = text(root, 'fullName') ?? baseName(file, '.field-meta.xml');
  const type = text(root, 'type') ?? '';
  const formula = text(root, 'formula');
  const referenceTo = text(root, 'referenceTo');
  const relationshipName = text(root, 'relationshipName');
  const isRelationship = type === 'Lookup' || type === 'MasterDetail';
  return {
    name,
    apiName: applyNamespace(ns, name),
    label: text(root, 'label') ?? '',
    type,
    description: text(root, 'description'),
    helpText: text(root, 'inlineHelpText'),
    // A Text Area is always 255 characters: its metadata carries no <length>.
    length: type === 'TextArea' ? 255 : int(root, 'length'),
    precision: int(root, 'precision'),
    scale: int(root, 'scale'),
    visibleLines: int(root, 'visibleLines'),
    required: bool(root, 'required'),
    externalId: bool(root, 'externalId'),
    unique: bool(root, 'unique'),
    caseSensitive: bool(root, 'caseSensitive'),
    defaultValue: text(root, 'defaultValue'),
    formula,
    formulaTreatBlanksAs: text(root, 'formulaTreatBlanksAs'),
    referenceTo,
    referenceToApiName: referenceTo ? applyNamespace(ns, referenceTo) : undefined,
    relationshipName,
    parentRelationshipApiName: isRelationship ? applyNamespace(ns, name.replace(/__c$/, '__r')) : undefined,
    childRelationshipApiName: relationshipName ? applyNamespace(ns, `${relationshipName}__r`) : undefined,
    relationshipLabel: text(root, 'relationshipLabel'),
    deleteConstraint: text(root, 'deleteConstraint'),
    picklist: toPicklist(child(root, 'valueSet')),
    writable: formula === undefined && type !== 'AutoNumber',
    file,
  };
}

function toPicklist(valueSet: XmlNode | undefined): FieldDef['picklist'] {
  if (!valueSet) return undefined;
  const definition = child(valueSet, 'valueSetDefinition');
  return {
    restricted: bool(valueSet, 'restricted'),
    sorted: bool(definition, 'sorted'),
    values: children(definition, 'value').map((v) => ({
      fullName: text(v, 'fullName') ?? '',
      label: text(v, 'label') ?? text(v, 'fullName') ?? '',
      default: bool(v, 'default'),
    })),
  };
}

function toListView({ file, root }: { file: string; root: XmlNode }): ListViewDef {
  return {
    name: text(root, 'fullName') ?? baseName(file, '.listView-meta.xml'),
    label: text(root, 'label'),
    filterScope: text(root, 'filterScope'),
    columns: texts(root, 'columns'),
    filters: children(root, 'filters').map((f) => ({
      field: text(f, 'field') ?? '',
      operation: text(f, 'operation') ?? 'equals',
      value: texts(f, 'value')[0],
    })),
    booleanFilter: text(root, 'booleanFilter'),
    file,
  };
}

function toPermissionSet({ file, root }: { file: string; root: XmlNode }): PermissionSetDef {
  return {
    name: baseName(file, '.permissionset-meta.xml'),
    label: text(root, 'label') ?? '',
    description: text(root, 'description'),
    applicationVisibilities: children(root, 'applicationVisibilities').map((a) => ({
      application: text(a, 'application') ?? '',
      visible: bool(a, 'visible'),
    })),
    objectPermissions: children(root, 'objectPermissions').map((o) => ({
      object: text(o, 'object') ?? '',
      allowCreate: bool(o, 'allowCreate'),
      allowRead: bool(o, 'allowRead'),
      allowEdit: bool(o, 'allowEdit'),
      allowDelete: bool(o, 'allowDelete'),
      viewAllRecords: bool(o, 'viewAllRecords'),
      modifyAllRecords: bool(o, 'modifyAllRecords'),
    })),
    fieldPermissions: children(root, 'fieldPermissions').map((f) => ({
      field: text(f, 'field') ?? '',
      readable: bool(f, 'readable'),
      editable: bool(f, 'editable'),
    })),
    tabSettings: children(root, 'tabSettings').map((t) => ({
      tab: text(t, 'tab') ?? '',
      visibility: text(t, 'visibility') ?? '',
    })),
    file,
  };
}

function toTab({ file, root }: { file: string; root: XmlNode }): TabDef {
  return {
    name: baseName(file, '.tab-meta.xml'),
    label: text(root, 'label'),
    motif: text(root, 'motif'),
    customObject: bool(root, 'customObject'),
    lwcComponent: text(root, 'lwcComponent'),
    flexiPage: text(root, 'flexiPage'),
    page: text(root, 'page'),
    url: text(root, 'url'),
    file,
  };
}

function toApplication({ file, root }: { file: string; root: XmlNode }): ApplicationDef {
  return {
    name: baseName(file, '.app-meta.xml'),
    label: text(root, 'label'),
    navType: text(root, 'navType'),
    uiType: text(root, 'uiType'),
    tabs: texts(root, 'tabs'),
    actionOverrides: toActionOverrides(root),
    file,
  };
}

function isLwcBundle({ file }: { file: string }): boolean {
  return path.basename(path.dirname(path.dirname(file))) === 'lwc';
}

function toLwc({ file, root }: { file: string; root: XmlNode }): LwcBundleDef {
  const configs = children(child(root, 'targetConfigs'), 'targetConfig');
  return {
    name: baseName(file, '.js-meta.xml'),
    isExposed: bool(root, 'isExposed'),
    masterLabel: text(root, 'masterLabel'),
    targets: texts(child(root, 'targets'), 'target'),
    targetObjects: configs.flatMap((c) => children(c, 'objects').flatMap((o) => texts(o, 'object'))),
    apiVersion: text(root, 'apiVersion'),
    file,
  };
}
