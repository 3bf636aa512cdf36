/**
 * UI API records: `GET ui-api/records/{id}?fields=…&optionalFields=…` (what `getRecord` in lightning/uiRecordApi
 * sends) and `GET ui-api/records/batch/{ids}`. Fields are object-qualified (`Account.Name`, `Account.Owner.Name`);
 * the record is read with one SOQL query through the org's SOQL engine and answered in the UI API's Record shape
 * (apiName, id, fields {value, displayValue}, nested relationship records, childRelationships, eTag,
 * weakEtag, recordTypeId, lastModifiedById, lastModifiedDate, systemModstamp).
 */
import { createHash } from 'node:crypto';
import { SfError, notFound } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { FieldModel, ObjectModel } from '../model.ts';
import type { Org } from '../org.ts';
import { runQuery } from '../soql.ts';
import type { Values } from '../store.ts';
import { displayContext, fieldValue, type DisplayContext } from './display.ts';
import { soqlString } from './translate.ts';

/** The master record type every object without record types answers with. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** Requested fields as a tree: field name → the field, or a relationship → the parent's tree. */
export interface FieldTree {
  fields: Map<string, FieldModel>;
  parents: Map<string, { object: ObjectModel; tree: FieldTree }>;
}

const emptyTree = (): FieldTree => ({ fields: new Map(), parents: new Map() });

const invalidField = (name: string) =>
  new SfError('INVALID_FIELD', `What you requested didn't match any field: ${name}`, [], 400);

/**
 * Adds `Object.Rel.Field` to `tree` when it names a field of `o`; false when it does not (another object's field,
 * or an unknown name). Names are matched case-insensitively, as Salesforce does.
 */
export function addField(org: Org, o: ObjectModel, tree: FieldTree, qualified: string): boolean {
  const parts = qualified.split('.');
  if (parts.length < 2 || parts[0].toLowerCase() !== o.name.toLowerCase()) return false;
  let object = o;
  const chain: { object: ObjectModel; rel: string }[] = [];
  for (const segment of parts.slice(1, -1)) {
    const rel = object.relationshipIndex.get(segment.toLowerCase());
    const parent = rel && org.object(rel.referenceTo[0]);
    if (!rel || !parent) return false;
    chain.push({ object: parent, rel: rel.relationshipName! });
    object = parent;
  }
  const f = object.fieldIndex.get(parts.at(-1)!.toLowerCase());
  if (!f) return false;
  let level = tree;
  for (const { object: parent, rel } of chain) {
    let next = level.parents.get(rel);
    if (!next) level.parents.set(rel, (next = { object: parent, tree: emptyTree() }));
    level = next.tree;
  }
  level.fields.set(f.name, f);
  return true;
}

/** The tree of `fields` (each must exist) and `optionalFields` (unknown ones are left out, as Salesforce does). */
export function fieldTree(
  org: Org,
  o: ObjectModel,
  fields: string[],
  optionalFields: string[],
  strict = true,
): FieldTree {
  const tree = emptyTree();
  for (const name of fields) if (!addField(org, o, tree, name) && strict) throw invalidField(name);
  for (const name of optionalFields) addField(org, o, tree, name);
  return tree;
}

const nameFieldOf = (o: ObjectModel) => o.fields.find((f) => f.nameField);
const AUDIT = ['LastModifiedById', 'LastModifiedDate', 'SystemModstamp'];

/** The SOQL select list that reads a tree: every field, and each parent's Id and name for its displayValue. */
function selectItems(o: ObjectModel, tree: FieldTree, prefix = ''): string[] {
  const items = new Set<string>([`${prefix}Id`]);
  for (const name of AUDIT) if (o.fieldIndex.has(name.toLowerCase())) items.add(`${prefix}${name}`);
  const nameField = nameFieldOf(o);
  if (nameField) items.add(`${prefix}${nameField.name}`);
  for (const f of tree.fields.values()) items.add(`${prefix}${f.name}`);
  for (const [rel, { object, tree: sub }] of tree.parents)
    for (const item of selectItems(object, sub, `${prefix}${rel}.`)) items.add(item);
  return [...items];
}

/** Reads the rows of `o` that `clauses` (WHERE … ORDER BY … LIMIT …) select, with the fields of `tree`, by one SOQL query. */
export function selectRecords(org: Org, o: ObjectModel, tree: FieldTree, clauses: string, version: string): Values[] {
  return runQuery(org, `SELECT ${selectItems(o, tree).join(', ')} FROM ${o.name} ${clauses}`, { all: false, version })
    .records;
}

/** Reads the rows `ids` of `o` with the fields of `tree`. */
export function readRecords(
  org: Org,
  o: ObjectModel,
  ids: string[],
  tree: FieldTree,
  version: string,
): Map<string, Values> {
  if (ids.length === 0) return new Map();
  const records = selectRecords(org, o, tree, `WHERE Id IN (${ids.map((id) => soqlString(id)).join(', ')})`, version);
  return new Map(records.map((r) => [String(r.Id), r]));
}

const isoZ = (v: unknown) => (typeof v === 'string' ? v.replace(/\+0000$/, 'Z') : (v ?? null));

/** A SOQL record of `o` in the UI API's Record shape. */
export function uiRecord(o: ObjectModel, record: Values, tree: FieldTree, display: DisplayContext): Values {
  const fields: Values = {};
  for (const f of tree.fields.values()) fields[f.name] = fieldValue(f, record[f.name], display);
  for (const [rel, { object, tree: sub }] of tree.parents) {
    const parent = record[rel] as Values | null | undefined;
    const nameField = nameFieldOf(object);
    fields[rel] = parent
      ? {
          displayValue: nameField ? ((parent[nameField.name] as string | null) ?? null) : null,
          value: uiRecord(object, parent, sub, display),
        }
      : { displayValue: null, value: null };
  }
  const modstamp = isoZ(record.SystemModstamp);
  return {
    apiName: o.name,
    childRelationships: {},
    eTag: createHash('md5').update(JSON.stringify(record)).digest('hex'),
    fields,
    id: record.Id,
    lastModifiedById: record.LastModifiedById ?? null,
    lastModifiedDate: isoZ(record.LastModifiedDate),
    recordTypeId: MASTER_RECORD_TYPE_ID,
    recordTypeInfo: null,
    systemModstamp: modstamp,
    weakEtag: typeof modstamp === 'string' ? Date.parse(modstamp) : 0,
  };
}

/** The object of a record ID, or NOT_FOUND as the UI API answers an unknown or malformed ID. */
export function objectOfRecord(org: Org, id: string): { id: string; object: ObjectModel } {
  const normalized = normalizeId(id);
  const object = normalized ? org.objectOfId(normalized) : undefined;
  if (!normalized || !object) throw notFound();
  return { id: normalized, object };
}

export const listParam = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `GET ui-api/records/{id}`. */
export function getRecord(
  org: Org,
  id: string,
  query: URLSearchParams,
  version: string,
  extraFields: string[] = [],
): Values {
  const { id: rowId, object } = objectOfRecord(org, id);
  const fields = listParam(query.get('fields'));
  if (fields.length === 0 && extraFields.length === 0 && !query.get('optionalFields')) {
    throw new SfError('INVALID_PARAMETER_VALUE', 'Specify fields, optionalFields or layoutTypes', [], 400);
  }
  const tree = fieldTree(org, object, fields, [...listParam(query.get('optionalFields')), ...extraFields]);
  const record = readRecords(org, object, [rowId], tree, version).get(rowId);
  if (!record) throw notFound();
  return uiRecord(object, record, tree, displayContext(org));
}

/** `GET ui-api/records/batch/{ids}`: one result per ID, each with its own status; fields of other objects are skipped. */
export function getRecords(org: Org, ids: string[], query: URLSearchParams, version: string): Values {
  const results = ids.map((id) => {
    try {
      const { id: rowId, object } = objectOfRecord(org, id);
      const prefix = `${object.name.toLowerCase()}.`;
      const mine = (names: string[]) => names.filter((n) => n.toLowerCase().startsWith(prefix));
      const tree = fieldTree(
        org,
        object,
        mine(listParam(query.get('fields'))),
        mine(listParam(query.get('optionalFields'))),
      );
      const record = readRecords(org, object, [rowId], tree, version).get(rowId);
      if (!record) throw notFound();
      return { statusCode: 200, result: uiRecord(object, record, tree, displayContext(org)) };
    } catch (error) {
      if (!(error instanceof SfError)) throw error;
      return { statusCode: error.status, result: [{ errorCode: error.errorCode, message: error.message }] };
    }
  });
  return { results };
}
