import { findField, findObject } from '../index.ts';
import type { PackageSchema, PermissionSetDef, TabDef } from '../types.ts';
import type { Problem } from './problem.ts';
import { objectExists } from './references.ts';
import { STANDARD_OBJECT_FIELDS } from './standard.ts';

/** Rules on what permission sets, tabs, apps and components name: each must exist in the package. */

export function checkAccess(schema: PackageSchema): Problem[] {
  return [
    ...schema.permissionSets.flatMap((set) => checkPermissionSet(schema, set)),
    ...schema.tabs.flatMap((tab) => checkTab(schema, tab)),
    ...schema.applications.flatMap((app) => checkApplication(schema, app)),
  ];
}

function checkPermissionSet(schema: PackageSchema, set: PermissionSetDef): Problem[] {
  const at = (component: string, message: string): Problem => ({
    rule: 'permission-set',
    file: set.file,
    component: `${set.name}: ${component}`,
    message,
  });
  const problems: Problem[] = [];
  if (!set.label) problems.push(at('label', 'the permission set has no <label>'));
  for (const { application } of set.applicationVisibilities) {
    if (!schema.applications.some((a) => a.name === application))
      problems.push(at(application, `grants the app "${application}", which the package does not have`));
  }
  for (const permission of set.objectPermissions) {
    if (!objectExists(schema, permission.object))
      problems.push(at(permission.object, `grants access to object "${permission.object}", which does not exist`));
    if (permission.modifyAllRecords && !permission.viewAllRecords)
      problems.push(at(permission.object, 'Modify All needs View All'));
    if ((permission.allowEdit || permission.allowCreate || permission.allowDelete) && !permission.allowRead)
      problems.push(at(permission.object, 'create, edit or delete needs read'));
  }
  for (const permission of set.fieldPermissions)
    problems.push(...checkFieldPermission(schema, permission).map((m) => at(permission.field, m)));
  for (const { tab } of set.tabSettings) {
    if (!tabExists(schema, tab)) problems.push(at(tab, `sets visibility of tab "${tab}", which does not exist`));
  }
  return problems;
}

function checkFieldPermission(
  schema: PackageSchema,
  permission: PermissionSetDef['fieldPermissions'][number],
): string[] {
  const [objectName, fieldName, ...rest] = permission.field.split('.');
  if (!fieldName || rest.length > 0) return [`"${permission.field}" is not of the form Object.Field`];
  const object = findObject(schema, objectName);
  if (!object) {
    const standard = STANDARD_OBJECT_FIELDS[objectName];
    if (!standard) return [`names object "${objectName}", which does not exist`];
    return standard.includes(fieldName) ? [] : [`names field "${fieldName}", which ${objectName} does not have`];
  }
  const field = findField(object, fieldName);
  if (!field || field.name === 'Name')
    return [`names field "${fieldName}", which ${objectName} does not have (or cannot carry field permissions)`];
  const messages: string[] = [];
  if (field.required || field.type === 'MasterDetail')
    messages.push('required and master-detail fields cannot carry field permissions');
  if (permission.editable && !field.writable) messages.push('a formula or auto-number field cannot be editable');
  if (permission.editable && !permission.readable) messages.push('an editable field must be readable');
  return messages;
}

export function tabExists(schema: PackageSchema, tab: string): boolean {
  return tab.startsWith('standard-') || schema.tabs.some((t) => t.name === tab);
}

function checkTab(schema: PackageSchema, tab: TabDef): Problem[] {
  const at = (message: string): Problem => ({ rule: 'tab', file: tab.file, component: tab.name, message });
  const kinds = [tab.customObject, tab.lwcComponent, tab.flexiPage, tab.page, tab.url].filter(Boolean).length;
  const problems: Problem[] = [];
  if (kinds !== 1) problems.push(at('a tab sets exactly one of customObject, lwcComponent, flexiPage, page or url'));
  if (!tab.motif) problems.push(at('the tab has no <motif>'));
  if (tab.customObject && !findObject(schema, tab.name))
    problems.push(at(`an object tab needs an object named "${tab.name}", which the package does not have`));
  if (!tab.customObject && !tab.label) problems.push(at('a tab that is not an object tab needs a <label>'));
  if (tab.lwcComponent) {
    const bundle = schema.lwc.find((b) => b.name === tab.lwcComponent);
    if (!bundle)
      problems.push(at(`names Lightning web component "${tab.lwcComponent}", which the package does not have`));
    else if (!bundle.isExposed || !bundle.targets.includes('lightning__Tab')) {
      problems.push(
        at(
          `component "${tab.lwcComponent}" must be exposed (isExposed true) with the target lightning__Tab to be used in a tab`,
        ),
      );
    }
  }
  return problems;
}

function checkApplication(schema: PackageSchema, app: PackageSchema['applications'][number]): Problem[] {
  const at = (message: string): Problem => ({ rule: 'app', file: app.file, component: app.name, message });
  const problems: Problem[] = [];
  if (!app.label) problems.push(at('the app has no <label>'));
  for (const tab of app.tabs)
    if (!tabExists(schema, tab)) problems.push(at(`names tab "${tab}", which does not exist`));
  return problems;
}
