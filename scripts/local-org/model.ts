/**
 * The org's object model: what describe returns and what DML, SOQL and Bulk validate against. Custom
 * objects come from the package schema (force-app through scripts/metadata); standard ones from standard.ts.
 */
import { allFields, type FieldDef, type ObjectDef, type PackageSchema } from '../metadata/index.ts';

export type SoapFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'email'
  | 'phone'
  | 'url'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference';

export interface PicklistEntry {
  value: string;
  label: string;
  defaultValue: boolean;
  active: boolean;
}

export interface FieldModel {
  name: string;
  label: string;
  type: SoapFieldType;
  custom: boolean;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  idLookup: boolean;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Salesforce rejects inserts without a value (REQUIRED_FIELD_MISSING). */
  required: boolean;
  calculated: boolean;
  autoNumber: boolean;
  formula?: string;
  defaultValue?: unknown;
  /** What users see behind the field's info icon. */
  inlineHelpText?: string;
  nameField: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  /** Set by the system (Id, CreatedDate, …): never writable through the API. */
  system: boolean;
  extraTypeInfo?: string;
  /** A standard lookup's name for the child list on its parent (Account.Contacts); custom ones come from force-app. */
  childRelationshipName?: string | null;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

export interface ObjectModel {
  name: string;
  label: string;
  labelPlural: string;
  custom: boolean;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldModel[];
  childRelationships: ChildRelationship[];
  /** Lower-cased field name → field. */
  fieldIndex: Map<string, FieldModel>;
  /** Lower-cased parent relationship name (NOME__Customer__r, Owner) → its reference field. */
  relationshipIndex: Map<string, FieldModel>;
  /** Auto Number Name field's display format and start. */
  autoNumber?: { format: string; start: number };
  /** Field combinations no two live rows may share (PermissionSetAssignment's user and permission set). */
  uniqueTogether?: string[][];
}

export interface OrgModel {
  namespace: string;
  objects: ObjectModel[];
  /** Lower-cased object name → object. */
  index: Map<string, ObjectModel>;
  byPrefix: Map<string, ObjectModel>;
  /** The package schema the model was built from: its list views and layouts drive the UI API. */
  schema: PackageSchema;
}

/** A field template with Salesforce's defaults; callers set what differs. */
export function field(name: string, label: string, type: SoapFieldType, more: Partial<FieldModel> = {}): FieldModel {
  const text = ['string', 'textarea', 'picklist', 'email', 'phone', 'url'].includes(type);
  return {
    name,
    label,
    type,
    custom: false,
    length: text ? 255 : type === 'id' || type === 'reference' ? 18 : 0,
    precision: 0,
    scale: 0,
    digits: 0,
    externalId: false,
    unique: false,
    caseSensitive: false,
    idLookup: false,
    createable: true,
    updateable: true,
    nillable: type !== 'boolean',
    required: false,
    calculated: false,
    autoNumber: false,
    nameField: false,
    referenceTo: [],
    relationshipName: null,
    picklistValues: [],
    restrictedPicklist: false,
    system: false,
    ...more,
  };
}

/** The audit and identity fields every object carries. */
export function systemFields(options: { owner: boolean }): FieldModel[] {
  const ro = { createable: false, updateable: false, system: true };
  const user = { ...ro, referenceTo: ['User'], nillable: false };
  return [
    field('Id', 'Record ID', 'id', { ...ro, nillable: false, idLookup: true }),
    ...(options.owner
      ? [
          field('OwnerId', 'Owner ID', 'reference', {
            referenceTo: ['User'],
            relationshipName: 'Owner',
            nillable: false,
          }),
        ]
      : []),
    field('IsDeleted', 'Deleted', 'boolean', ro),
    field('CreatedDate', 'Created Date', 'datetime', { ...ro, nillable: false }),
    field('CreatedById', 'Created By ID', 'reference', { ...user, relationshipName: 'CreatedBy' }),
    field('LastModifiedDate', 'Last Modified Date', 'datetime', { ...ro, nillable: false }),
    field('LastModifiedById', 'Last Modified By ID', 'reference', { ...user, relationshipName: 'LastModifiedBy' }),
    field('SystemModstamp', 'System Modstamp', 'datetime', { ...ro, nillable: false }),
  ];
}

const SOAP_TYPES: Record<string, SoapFieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  Picklist: 'picklist',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Lookup: 'reference',
  MasterDetail: 'reference',
  AutoNumber: 'string',
};

function customField(def: FieldDef, isName: boolean): FieldModel {
  const type = SOAP_TYPES[def.type];
  if (!type) throw new Error(`The local org does not support field type ${def.type} (${def.file})`);
  const calculated = def.formula !== undefined;
  const autoNumber = def.type === 'AutoNumber';
  const writable = def.writable && !calculated && !autoNumber;
  const numeric = type === 'double' || type === 'currency' || type === 'percent';
  const length = calculated && type === 'string' ? 1300 : autoNumber ? 30 : (def.length ?? 255);
  return field(def.apiName, def.label, type, {
    custom: !isName,
    length:
      numeric || type === 'boolean' || type === 'date' || type === 'datetime' ? 0 : type === 'reference' ? 18 : length,
    precision: numeric ? (def.precision ?? 18) : 0,
    scale: numeric ? (def.scale ?? 0) : 0,
    externalId: def.externalId,
    unique: def.unique,
    caseSensitive: def.unique && def.caseSensitive,
    idLookup: isName || def.externalId || def.unique,
    createable: writable,
    updateable: writable,
    nillable: type === 'boolean' ? false : !(isName || def.required) || calculated || autoNumber,
    required: writable && (isName || def.required) && type !== 'boolean',
    calculated,
    autoNumber,
    formula: def.formula,
    defaultValue: type === 'boolean' ? def.defaultValue === 'true' : undefined,
    nameField: isName,
    referenceTo: def.referenceToApiName ? [def.referenceToApiName] : [],
    relationshipName: def.parentRelationshipApiName ?? null,
    picklistValues: (def.picklist?.values ?? []).map((v) => ({
      value: v.fullName,
      label: v.label,
      defaultValue: v.default,
      active: true,
    })),
    restrictedPicklist: def.picklist?.restricted ?? false,
    extraTypeInfo: def.type === 'LongTextArea' || def.type === 'TextArea' ? 'plaintextarea' : undefined,
    inlineHelpText: def.helpText,
  });
}

function customObject(def: ObjectDef, keyPrefix: string): ObjectModel {
  const [nameDef, ...rest] = allFields(def);
  const nameField = customField(nameDef, true);
  const fields = [...systemFields({ owner: true }), nameField, ...rest.map((f) => customField(f, false))];
  return finishObject({
    name: def.apiName,
    label: def.label,
    labelPlural: def.pluralLabel,
    custom: true,
    keyPrefix,
    createable: true,
    updateable: true,
    deletable: true,
    fields,
    childRelationships: [],
    autoNumber:
      nameDef.type === 'AutoNumber'
        ? { format: nameDef.displayFormat ?? '{0}', start: nameDef.startingNumber ?? 1 }
        : undefined,
  });
}

export function finishObject(o: Omit<ObjectModel, 'fieldIndex' | 'relationshipIndex'>): ObjectModel {
  const fieldIndex = new Map(o.fields.map((f) => [f.name.toLowerCase(), f]));
  const relationshipIndex = new Map(
    o.fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f]),
  );
  return { ...o, fieldIndex, relationshipIndex };
}

/**
 * Builds the org's model. `prefixFor` hands out the stable per-org key prefix of each custom object; the standard
 * objects come from the caller (standard.ts builds them with this module's helpers, so it cannot be imported here).
 */
export function buildOrgModel(
  schema: PackageSchema,
  prefixFor: (objectName: string) => string,
  standardObjects: ObjectModel[],
): OrgModel {
  const ns = schema.namespace;
  const objects = [...standardObjects, ...schema.objects.map((o) => customObject(o, prefixFor(o.apiName)))];
  const index = new Map(objects.map((o) => [o.name.toLowerCase(), o]));
  for (const child of objects) {
    for (const f of child.fields) {
      if (f.type !== 'reference' || f.system) continue;
      const parent = index.get(f.referenceTo[0]?.toLowerCase() ?? '');
      const def = schema.objects.find((o) => o.apiName === child.name)?.fields.find((d) => d.apiName === f.name);
      parent?.childRelationships.push({
        childSObject: child.name,
        field: f.name,
        relationshipName: def?.childRelationshipApiName ?? f.childRelationshipName ?? null,
        cascadeDelete: def?.deleteConstraint === 'Cascade',
        restrictedDelete: def?.deleteConstraint === 'Restrict',
      });
    }
  }
  return { namespace: ns, objects, index, byPrefix: new Map(objects.map((o) => [o.keyPrefix, o])), schema };
}
