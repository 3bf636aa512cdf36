import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findField, findObject } from '../index.ts';
import type { ObjectDef, PackageSchema } from '../types.ts';
import { child, children, parseMetadataXml, text, texts } from '../xml.ts';
import type { Problem } from './problem.ts';
import { listPackageFiles } from './lwc-sources.ts';
import { STANDARD_CUSTOM_OBJECT_FIELDS } from './standard.ts';

/**
 * Rules on what makes the plain object pages: page layouts (fields, related lists), compact layouts and
 * their assignment, and search layouts must name fields and relationships the package has.
 */

/** Related-list column tokens for standard fields (custom fields are named as in source). */
const STANDARD_COLUMNS = new Set([
  'NAME',
  'OWNER.ALIAS',
  'CREATED_DATE',
  'LAST_UPDATE',
  'CREATEDBY_USER',
  'LASTMODIFIEDBY_USER',
]);

export function checkLayouts(schema: PackageSchema): Problem[] {
  const files = listPackageFiles(schema);
  const parse = (file: string, root: string) =>
    parseMetadataXml(readFileSync(path.join(schema.projectDir, file), 'utf8'), file, root);
  return [
    ...files
      .filter((f) => f.endsWith('.layout-meta.xml'))
      .flatMap((file) => checkPageLayout(schema, file, parse(file, 'Layout'))),
    ...files
      .filter((f) => f.endsWith('.compactLayout-meta.xml'))
      .flatMap((file) => checkCompactLayout(schema, file, parse(file, 'CompactLayout'))),
    ...schema.objects.flatMap((object) =>
      checkObjectLayouts(schema, object, files, parse(object.file, 'CustomObject')),
    ),
  ];
}

const hasField = (object: ObjectDef, name: string) =>
  Boolean(findField(object, name)) || STANDARD_CUSTOM_OBJECT_FIELDS.includes(name);

function checkPageLayout(schema: PackageSchema, file: string, root: ReturnType<typeof parseMetadataXml>): Problem[] {
  const layoutName = path.basename(file).replace(/\.layout-meta\.xml$/, '');
  const object = findObject(schema, layoutName.split('-')[0]);
  if (!object) return []; // layouts of standard objects: the lint knows too little of them to judge
  const at = (component: string, message: string): Problem => ({
    rule: 'layout',
    file,
    component: `${layoutName}: ${component}`,
    message,
  });
  const problems: Problem[] = [];
  const fields = children(root, 'layoutSections')
    .flatMap((s) => children(s, 'layoutColumns'))
    .flatMap((c) => children(c, 'layoutItems'))
    .map((item) => text(item, 'field'))
    .filter((f): f is string => Boolean(f));
  for (const [index, field] of fields.entries()) {
    if (!hasField(object, field))
      problems.push(at(field, `the layout shows field "${field}", which ${object.name} does not have`));
    else if (fields.indexOf(field) !== index)
      problems.push(at(field, `field "${field}" appears more than once (Salesforce rejects the layout)`));
  }
  for (const list of children(root, 'relatedLists')) {
    const name = text(list, 'relatedList') ?? '';
    problems.push(
      ...checkRelatedList(schema, object, name, texts(list, 'fields'), text(list, 'sortField')).map((m) => at(name, m)),
    );
  }
  return problems;
}

/** `Child__c.Lookup__c`: a lookup on a package object that points at the layout's object. */
function checkRelatedList(
  schema: PackageSchema,
  parent: ObjectDef,
  name: string,
  columns: string[],
  sortField: string | undefined,
): string[] {
  const [childName, lookupName, ...rest] = name.split('.');
  if (!lookupName || rest.length > 0) return [];
  const childObject = findObject(schema, childName);
  if (!childObject) return [`the related list names object "${childName}", which the package does not have`];
  const lookup = findField(childObject, lookupName);
  if (!lookup || (lookup.type !== 'Lookup' && lookup.type !== 'MasterDetail'))
    return [`${childObject.name} has no lookup "${lookupName}"`];
  // A lookup onto a missing object is the lookup rule's to report, once.
  if (!lookup.referenceTo || !findObject(schema, lookup.referenceTo)) return [];
  if (lookup.referenceTo !== parent.name)
    return [`${childObject.name}.${lookupName} points at ${lookup.referenceTo}, not at ${parent.name}`];
  const messages = columns
    .filter((c) => !STANDARD_COLUMNS.has(c) && !hasField(childObject, c))
    .map((c) => `the related list shows column "${c}", which ${childObject.name} does not have`);
  if (sortField && !hasField(childObject, sortField))
    messages.push(`the related list sorts by "${sortField}", which ${childObject.name} does not have`);
  return messages;
}

function checkCompactLayout(schema: PackageSchema, file: string, root: ReturnType<typeof parseMetadataXml>): Problem[] {
  const object = findObject(schema, path.basename(path.dirname(path.dirname(file))));
  if (!object) return [];
  const name = path.basename(file).replace(/\.compactLayout-meta\.xml$/, '');
  const fields = texts(root, 'fields');
  const problems: Problem[] = fields
    .filter((f) => !hasField(object, f))
    .map((f) => ({
      rule: 'compact-layout',
      file,
      component: `${object.name}.${name}: ${f}`,
      message: `the compact layout shows field "${f}", which ${object.name} does not have`,
    }));
  if (fields.length === 0)
    problems.push({
      rule: 'compact-layout',
      file,
      component: `${object.name}.${name}`,
      message: 'a compact layout needs at least one field',
    });
  if (fields.length > 10)
    problems.push({
      rule: 'compact-layout',
      file,
      component: `${object.name}.${name}`,
      message: `a compact layout shows at most 10 fields, not ${fields.length}`,
    });
  return problems;
}

function checkObjectLayouts(
  schema: PackageSchema,
  object: ObjectDef,
  files: string[],
  root: ReturnType<typeof parseMetadataXml>,
): Problem[] {
  const at = (component: string, message: string): Problem => ({
    rule: 'object-layouts',
    file: object.file,
    component: `${object.name}: ${component}`,
    message,
  });
  const problems: Problem[] = [];
  const assigned = text(root, 'compactLayoutAssignment');
  const compactDir = path.join(path.dirname(object.file), 'compactLayouts');
  if (
    assigned &&
    assigned !== 'SYSTEM' &&
    !files.includes(path.join(compactDir, `${assigned}.compactLayout-meta.xml`))
  ) {
    problems.push(at(assigned, `assigns compact layout "${assigned}", which ${object.name} does not have`));
  }
  const search = child(root, 'searchLayouts');
  for (const tag of [
    'customTabListAdditionalFields',
    'lookupDialogsAdditionalFields',
    'searchResultsAdditionalFields',
    'searchFilterFields',
  ]) {
    for (const field of texts(search, tag)) {
      if (!hasField(object, field))
        problems.push(
          at(field, `the search layout (${tag}) shows field "${field}", which ${object.name} does not have`),
        );
    }
  }
  return problems;
}
