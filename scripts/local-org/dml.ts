/**
 * Record writes with Salesforce's validation order and errors: unknown/read-only fields, parent references by
 * external ID, field values, required fields, uniqueness. Each call changes the store's undo log only;
 * callers decide on savepoints and commit.
 */
import { SfError, notFound } from './errors.ts';
import { normalizeId } from './ids.ts';
import type { FieldModel, ObjectModel } from './model.ts';
import type { Org } from './org.ts';
import type { Row, Values } from './store.ts';
import { coerceValue, formatDateTime } from './values.ts';

export interface WriteResult {
  id: string;
  created: boolean;
}

/** Input values keyed by field name; a relationship name maps to `{ExternalIdField: value}`. */
export type RecordInput = Record<string, unknown>;

const IGNORED = new Set(['attributes']);

function noSuchColumn(name: string, o: ObjectModel): SfError {
  return new SfError('INVALID_FIELD', `No such column '${name}' on sobject of type ${o.name}`, [], 400);
}

/** Resolves `{ExtField: value}` under a relationship to the parent's ID. */
export function resolveParentReference(org: Org, o: ObjectModel, rel: FieldModel, ref: unknown): string | null {
  if (ref === null) return null;
  const parent = org.object(rel.referenceTo[0])!;
  const entries = Object.entries(ref as Values).filter(([k]) => !IGNORED.has(k));
  if (typeof ref !== 'object' || entries.length !== 1) {
    throw new SfError(
      'INVALID_FIELD',
      `A parent reference for ${rel.relationshipName} must name exactly one external ID field`,
      [],
      400,
    );
  }
  const [fieldName, value] = entries[0];
  const f = parent.fieldIndex.get(fieldName.toLowerCase());
  if (!f) throw noSuchColumn(fieldName, parent);
  if (f.name === 'Id') return coerceValue(rel, value, org.prefixOf) as string;
  if (!f.externalId && !f.idLookup) {
    throw new SfError(
      'INVALID_FIELD',
      `${f.name} is neither an External ID nor an ID lookup field on ${parent.name}`,
      [],
      400,
    );
  }
  const ids = org.store.findByKey(parent.name, f.name, value);
  if (ids.length === 0) {
    throw new SfError(
      'INVALID_FIELD',
      `Foreign key external ID: ${String(value)} not found for field ${f.name} in entity ${parent.name}`,
      [],
    );
  }
  if (ids.length > 1) {
    throw new SfError(
      'DUPLICATE_EXTERNAL_ID',
      `${f.label}: more than one record found for external id field: [${ids.join(', ')}]`,
      [f.name],
    );
  }
  return ids[0];
}

/**
 * The stored values for an input, validated in Salesforce's order: an unknown field, then the read-only fields (all
 * named in one error), then each value, then that every lookup points at a live record. `mode` decides which are writable.
 */
export function prepareValues(org: Org, o: ObjectModel, input: RecordInput, mode: 'create' | 'update'): Values {
  const out: Values = {};
  const readOnly: string[] = [];
  const values: [FieldModel, unknown][] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (IGNORED.has(key)) continue;
    const f = o.fieldIndex.get(key.toLowerCase());
    if (f) {
      if (f.name === 'Id' && mode === 'update') continue;
      if (mode === 'create' ? !f.createable : !f.updateable) readOnly.push(f.name);
      else values.push([f, raw]);
      continue;
    }
    const rel = o.relationshipIndex.get(key.toLowerCase());
    if (rel && (raw === null || typeof raw === 'object')) {
      values.push([rel, { reference: raw }]);
      continue;
    }
    throw noSuchColumn(key, o);
  }
  if (readOnly.length > 0) {
    throw new SfError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }
  for (const [f, raw] of values) {
    if (raw !== null && typeof raw === 'object' && 'reference' in (raw as Values) && f.type === 'reference') {
      out[f.name] = resolveParentReference(org, o, f, (raw as { reference: unknown }).reference);
    } else {
      out[f.name] = coerceValue(f, raw, org.prefixOf);
    }
  }
  for (const [f] of values) {
    const id = out[f.name];
    if (f.type === 'reference' && typeof id === 'string') {
      const parent = org.store.get(id);
      if (!parent || parent.v.IsDeleted) {
        throw new SfError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
      }
    }
  }
  return out;
}

function checkRequired(o: ObjectModel, row: Values): void {
  const missing = o.fields
    .filter((f) => f.required && (row[f.name] === null || row[f.name] === undefined))
    .map((f) => f.name);
  if (missing.length > 0)
    throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
}

function checkUnique(org: Org, o: ObjectModel, row: Values): void {
  for (const f of o.fields) {
    if (!f.unique || f.system || row[f.name] === null || row[f.name] === undefined) continue;
    const other = org.store.findByKey(o.name, f.name, row[f.name]).find((id) => id !== row.Id);
    if (other) throw duplicateValue(f.name, other);
  }
  for (const names of o.uniqueTogether ?? []) {
    if (names.some((n) => row[n] === null || row[n] === undefined)) continue;
    const others = org.store.findByKey(o.name, names[0], row[names[0]]).filter((id) => id !== row.Id);
    const clash = others.find((id) => names.every((n) => org.store.get(id)?.v[n] === row[n]));
    // A compound key has no one field to name (Salesforce says <unknown>); the duplicated record is named.
    if (clash) throw duplicateValue('<unknown>', clash);
  }
}

/** Salesforce's answers name the duplicated record by its 15-character ID. */
const duplicateValue = (field: string, id: string) =>
  new SfError(
    'DUPLICATE_VALUE',
    `duplicate value found: ${field} duplicates value on record with id: ${id.slice(0, 15)}`,
  );

export function createRecord(org: Org, o: ObjectModel, input: RecordInput): WriteResult {
  if (!o.createable) throw new SfError('INVALID_TYPE', `entity type ${o.name} does not support create`, []);
  if (Object.keys(input).some((k) => k.toLowerCase() === 'id' && input[k])) {
    throw new SfError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
  }
  const values = prepareValues(org, o, input, 'create');
  const now = new Date();
  const stamp = formatDateTime(now);
  const v: Values = {};
  for (const f of o.fields) if (!f.calculated) v[f.name] = f.type === 'boolean' ? (f.defaultValue ?? false) : null;
  Object.assign(v, values, {
    Id: org.newId(o),
    IsDeleted: false,
    CreatedDate: stamp,
    CreatedById: org.userId,
    LastModifiedDate: stamp,
    LastModifiedById: org.userId,
    SystemModstamp: stamp,
  });
  if (o.fieldIndex.has('ownerid') && !v.OwnerId) v.OwnerId = org.userId;
  checkRequired(o, v);
  checkUnique(org, o, v);
  if (o.autoNumber) v[o.fields.find((f) => f.nameField)?.name ?? 'Name'] = org.nextAutoNumber(o, now);
  org.store.put({ type: o.name, v });
  return { id: v.Id as string, created: true };
}

/** The live row an ID names, or the error Salesforce gives for it. */
export function liveRow(org: Org, o: ObjectModel | undefined, rawId: unknown): Row {
  const id = typeof rawId === 'string' ? normalizeId(rawId) : undefined;
  if (!id) throw new SfError('MALFORMED_ID', `malformed id ${String(rawId)}`, []);
  // The ID of another object is worded by the Id field's label ("Contact ID: id value of incorrect type: 001…").
  if (o && id.slice(0, 3) !== o.keyPrefix) {
    const label = o.fieldIndex.get('id')?.label ?? 'Record ID';
    throw new SfError('MALFORMED_ID', `${label}: id value of incorrect type: ${String(rawId)}`, ['Id']);
  }
  const row = org.store.get(id);
  if (!row) throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  if (row.v.IsDeleted) throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', []);
  return row;
}

export function updateRecord(org: Org, o: ObjectModel, rawId: unknown, input: RecordInput): WriteResult {
  const row = liveRow(org, o, rawId);
  if (!o.updateable) throw new SfError('INVALID_TYPE', `entity type ${o.name} does not support update`, []);
  const values = prepareValues(org, o, input, 'update');
  const stamp = formatDateTime(new Date());
  const v: Values = {
    ...row.v,
    ...values,
    LastModifiedDate: stamp,
    LastModifiedById: org.userId,
    SystemModstamp: stamp,
  };
  checkRequired(o, v);
  checkUnique(org, o, v);
  org.store.put({ type: o.name, v });
  return { id: v.Id as string, created: false };
}

/** The external ID field named in an upsert URL; unknown or unsuitable ones answer 404 NOT_FOUND. */
export function upsertField(o: ObjectModel, name: string): FieldModel {
  const f = o.fieldIndex.get(name.toLowerCase());
  if (!f || !(f.externalId || f.idLookup)) {
    throw notFound(`Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return f;
}

export class MultipleMatches extends SfError {
  readonly ids: string[];
  constructor(f: FieldModel, ids: string[]) {
    super(
      'DUPLICATE_EXTERNAL_ID',
      `${f.label}: more than one record found for external id field: [${ids.join(', ')}]`,
      [f.name],
      300,
    );
    this.ids = ids;
  }
}

export function upsertRecord(org: Org, o: ObjectModel, f: FieldModel, key: unknown, input: RecordInput): WriteResult {
  if (key === null || key === undefined || key === '') {
    throw new SfError('MISSING_ARGUMENT', `${f.name} not specified`, []);
  }
  if (f.name === 'Id') return updateRecord(org, o, key, input);
  const ids = org.store.findByKey(o.name, f.name, key);
  if (ids.length > 1) throw new MultipleMatches(f, ids);
  const body = { ...input };
  for (const k of Object.keys(body)) if (k.toLowerCase() === f.name.toLowerCase()) delete body[k];
  if (ids.length === 1) return updateRecord(org, o, ids[0], body);
  return createRecord(org, o, { ...body, [f.name]: key });
}

/** Moves a row to the recycle bin; lookups pointing at it are cleared, cascade children deleted. */
export function deleteRecord(org: Org, o: ObjectModel | undefined, rawId: unknown): WriteResult {
  const row = liveRow(org, o, rawId);
  const object = org.object(row.type)!;
  if (!object.deletable) throw new SfError('INVALID_TYPE', `entity type ${object.name} does not support delete`, []);
  const stamp = formatDateTime(new Date());
  for (const rel of object.childRelationships) {
    for (const childId of org.store.findByKey(rel.childSObject, rel.field, row.v.Id)) {
      const child = org.store.get(childId)!;
      if (rel.restrictedDelete)
        throw new SfError(
          'DELETE_FAILED',
          `Your attempt to delete ${row.v.Name ?? row.v.Id} could not be completed because it is associated with ${rel.childSObject} records.`,
        );
      if (rel.cascadeDelete) deleteRecord(org, undefined, child.v.Id);
      else org.store.put({ type: child.type, v: { ...child.v, [rel.field]: null, SystemModstamp: stamp } });
    }
  }
  // Objects without IsDeleted (PermissionSetAssignment) skip the recycle bin: their rows are gone at once.
  if (!object.fieldIndex.has('isdeleted')) org.store.remove(row.v.Id as string);
  else
    org.store.put({ type: row.type, v: { ...row.v, IsDeleted: true, LastModifiedDate: stamp, SystemModstamp: stamp } });
  return { id: row.v.Id as string, created: false };
}
