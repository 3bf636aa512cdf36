/**
 * PermissionSet and PermissionSetAssignment: the package's permission sets (read from force-app through the
 * schema module) as PermissionSet rows, refreshed on every schema load, and assignments of them to users, so
 * `nome org deploy` / `nome org create` can assign them offline. Permissions themselves are not enforced.
 */
import type { PackageSchema } from '../metadata/index.ts';
import { field, finishObject, systemFields, type ObjectModel } from './model.ts';
import type { Store, Values } from './store.ts';
import { formatDateTime } from './values.ts';

export const PERMISSION_SET_PREFIX = '0PS';
export const PERMISSION_SET_ASSIGNMENT_PREFIX = '0Pa';

const ro = { createable: false, updateable: false };

/** Read-only here: the org's permission sets are the ones force-app declares (create them there). */
export function permissionSetObject(): ObjectModel {
  const text = (name: string, label: string, length: number, more = {}) =>
    field(name, label, 'string', { length, ...ro, ...more });
  const flag = (name: string, label: string) => field(name, label, 'boolean', ro);
  return finishObject({
    name: 'PermissionSet',
    label: 'Permission Set',
    labelPlural: 'Permission Sets',
    custom: false,
    keyPrefix: PERMISSION_SET_PREFIX,
    createable: false,
    updateable: false,
    deletable: false,
    childRelationships: [],
    fields: [
      ...systemFields({ owner: false }).filter((f) => f.name !== 'IsDeleted'),
      text('Name', 'Permission Set Name', 80, { nillable: false, idLookup: true }),
      text('Label', 'Permission Set Label', 80, { nillable: false, nameField: true }),
      text('Description', 'Description', 255),
      text('NamespacePrefix', 'Namespace Prefix', 15),
      flag('IsOwnedByProfile', 'Is Owned By Profile'),
      flag('IsCustom', 'Custom'),
      flag('HasActivationRequired', 'Session Activation Required'),
      field('Type', 'Permission Set Type', 'picklist', {
        length: 255,
        ...ro,
        restrictedPicklist: true,
        picklistValues: ['Regular', 'Group', 'Profile', 'Session', 'Standard'].map((v) => ({
          value: v,
          label: v,
          defaultValue: false,
          active: true,
        })),
      }),
    ],
  });
}

export function permissionSetAssignmentObject(): ObjectModel {
  const ref = { createable: true, updateable: false, nillable: false, required: true };
  return finishObject({
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    labelPlural: 'Permission Set Assignments',
    custom: false,
    keyPrefix: PERMISSION_SET_ASSIGNMENT_PREFIX,
    createable: true,
    updateable: true,
    deletable: true,
    childRelationships: [],
    fields: [
      field('Id', 'Permission Set Assignment ID', 'id', { ...ro, system: true, nillable: false, idLookup: true }),
      field('PermissionSetId', 'Permission Set ID', 'reference', {
        ...ref,
        referenceTo: ['PermissionSet'],
        relationshipName: 'PermissionSet',
      }),
      field('AssigneeId', 'Assignee ID', 'reference', { ...ref, referenceTo: ['User'], relationshipName: 'Assignee' }),
      field('IsActive', 'Is Active', 'boolean', { ...ro, defaultValue: true }),
      field('ExpirationDate', 'Expiration Date', 'datetime'),
      field('SystemModstamp', 'Date Assigned', 'datetime', { ...ro, system: true, nillable: false }),
    ],
    // One assignment per user and permission set; Salesforce names neither the field nor the record.
    uniqueTogether: [['AssigneeId', 'PermissionSetId']],
  });
}

/** What syncing the permission sets needs of the org (the Org class calls it, so this cannot import it). */
interface PermissionSetOrg {
  readonly store: Pick<Store, 'rowsOf' | 'put' | 'commit'>;
  readonly userId: string;
  object(name: string): ObjectModel | undefined;
  newId(o: ObjectModel): string;
}

/**
 * Makes the PermissionSet rows match the schema's permission sets: new ones are created, labels and
 * descriptions updated. Sets no longer in force-app stay, as a deploy that omits a component leaves it in the org.
 */
export function syncPermissionSets(
  org: PermissionSetOrg,
  schema: Pick<PackageSchema, 'namespace' | 'permissionSets'>,
): void {
  const o = org.object('PermissionSet');
  if (!o) return;
  const namespace = schema.namespace || null;
  const existing = new Map<string, Values>();
  for (const row of org.store.rowsOf(o.name)) existing.set(`${row.v.NamespacePrefix ?? ''}|${row.v.Name}`, row.v);
  const stamp = formatDateTime(new Date());
  for (const set of schema.permissionSets) {
    const wanted = {
      Name: set.name,
      Label: set.label,
      Description: set.description?.slice(0, 255) ?? null,
      NamespacePrefix: namespace,
    };
    const current = existing.get(`${namespace ?? ''}|${set.name}`);
    if (current && Object.entries(wanted).every(([k, v]) => current[k] === v)) continue;
    const audit = current
      ? { LastModifiedDate: stamp, LastModifiedById: org.userId, SystemModstamp: stamp }
      : {
          Id: org.newId(o),
          IsDeleted: false,
          CreatedDate: stamp,
          CreatedById: org.userId,
          LastModifiedDate: stamp,
          LastModifiedById: org.userId,
          SystemModstamp: stamp,
        };
    const base = current ?? { IsOwnedByProfile: false, IsCustom: true, HasActivationRequired: false, Type: 'Regular' };
    org.store.put({ type: o.name, v: { ...base, ...wanted, ...audit } });
  }
  org.store.commit();
}
