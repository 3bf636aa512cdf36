/** sObject rows and sObject Collections: Salesforce's REST shapes over the DML layer. */
import { cannotDeserialize, jsonParserError } from './body.ts';
import { checkDeserializable } from './deserialize.ts';
import { ROLLED_BACK, SfError, notFound } from './errors.ts';
import {
  createRecord,
  deleteRecord,
  MultipleMatches,
  updateRecord,
  upsertField,
  upsertRecord,
  type RecordInput,
  type WriteResult,
} from './dml.ts';
import { normalizeId } from './ids.ts';
import type { ObjectModel } from './model.ts';
import { invalidColumn, type Org } from './org.ts';
import type { Values } from './store.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Runs one write and commits it, or rolls it back and rethrows. */
function single<T>(org: Org, write: () => T): T {
  const sp = org.store.savepoint();
  try {
    const result = write();
    org.store.commit();
    return result;
  } catch (error) {
    org.store.rollbackTo(sp);
    org.store.commit();
    throw error;
  }
}

export function createRow(org: Org, o: ObjectModel, body: RecordInput, text = ''): Reply {
  checkDeserializable(o, body, text);
  const r = single(org, () => createRecord(org, o, body));
  return { status: 201, body: { id: r.id, success: true, errors: [] } };
}

export function retrieveRow(org: Org, o: ObjectModel, id: string, fields: string | null, version: string): Reply {
  const normalized = normalizeId(id);
  const row = normalized ? org.store.get(normalized) : undefined;
  if (!row || row.type !== o.name || row.v.IsDeleted) throw notFound();
  return { status: 200, body: pick(o, org.fullRecord(row, o, version), fields) };
}

function pick(o: ObjectModel, record: Values, fields: string | null): Values {
  if (!fields) return record;
  const out: Values = { attributes: record.attributes };
  for (const name of fields
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)) {
    const f = o.fieldIndex.get(name.toLowerCase());
    if (!f) throw invalidColumn(name, o);
    out[f.name] = record[f.name];
  }
  return out;
}

export function updateRow(org: Org, o: ObjectModel, id: string, body: RecordInput, text = ''): Reply {
  checkDeserializable(o, body, text);
  if (!normalizeId(id) || !org.store.get(normalizeId(id)!)) throw notFound();
  single(org, () => updateRecord(org, o, id, body));
  return { status: 204 };
}

export function deleteRow(org: Org, o: ObjectModel, id: string): Reply {
  const normalized = normalizeId(id);
  const row = normalized ? org.store.get(normalized) : undefined;
  if (!row || row.type !== o.name) throw notFound();
  if (row.v.IsDeleted) throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
  single(org, () => deleteRecord(org, o, id));
  return { status: 204 };
}

export function upsertRow(
  org: Org,
  o: ObjectModel,
  fieldName: string,
  rawValue: string,
  body: RecordInput,
  apiVersion: number,
  text = '',
): Reply {
  const f = upsertField(o, fieldName);
  checkDeserializable(o, body, text);
  const value = decodeURIComponent(rawValue);
  try {
    const r = single(org, () => upsertRecord(org, o, f, value, body));
    if (!r.created && apiVersion < 46) return { status: 204 };
    return { status: r.created ? 201 : 200, body: { id: r.id, success: true, errors: [], created: r.created } };
  } catch (error) {
    if (error instanceof MultipleMatches) return multipleChoices(o, error.ids, apiVersion.toFixed(1));
    throw error;
  }
}

export function retrieveByExternalId(
  org: Org,
  o: ObjectModel,
  fieldName: string,
  rawValue: string,
  version: string,
): Reply {
  const f = upsertField(o, fieldName);
  const ids = org.store.findByKey(o.name, f.name, decodeURIComponent(rawValue));
  if (ids.length === 0) throw notFound();
  if (ids.length > 1) return multipleChoices(o, ids, version);
  return retrieveRow(org, o, ids[0], null, version);
}

/** Several records share the external ID: 300 with the URL of each, as Salesforce answers. */
function multipleChoices(o: ObjectModel, ids: string[], version: string): Reply {
  return { status: 300, body: ids.map((id) => `/services/data/v${version}/sobjects/${o.name}/${id}`) };
}

/** `DELETE /sobjects/{T}/{ExtIdField}/{value}`: the field must be an external ID or ID lookup, as for upsert. */
export function deleteByExternalId(
  org: Org,
  o: ObjectModel,
  fieldName: string,
  rawValue: string,
  version: string,
): Reply {
  const f = upsertField(o, fieldName);
  const ids = org.store.findByKey(o.name, f.name, decodeURIComponent(rawValue));
  if (ids.length === 0) throw notFound();
  if (ids.length > 1) return multipleChoices(o, ids, version);
  return deleteRow(org, o, ids[0]);
}

// --- sObject Collections -------------------------------------------------------------------------

const MAX_RECORDS = 200;

interface CollectionItem {
  run: () => WriteResult;
  /** An error known before running (bad type, duplicate external ID in the request). */
  error?: SfError;
}

type ItemResult = {
  id?: string | null;
  success: boolean;
  errors: ReturnType<SfError['toRecordError']>[];
  created?: boolean;
};

function checkCount(n: number): void {
  if (n > MAX_RECORDS) {
    throw new SfError(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  }
}

/** Each item in its own savepoint; allOrNone rolls every item back when any fails. */
function runCollection(org: Org, items: CollectionItem[], allOrNone: boolean, withCreated: boolean): ItemResult[] {
  const start = org.store.savepoint();
  const results: (ItemResult & { ok?: WriteResult })[] = items.map((item) => {
    const sp = org.store.savepoint();
    try {
      if (item.error) throw item.error;
      const r = item.run();
      return { id: r.id, success: true, errors: [], ...(withCreated ? { created: r.created } : {}), ok: r };
    } catch (error) {
      org.store.rollbackTo(sp);
      if (!(error instanceof SfError)) throw error;
      return { success: false, errors: [error.toRecordError()], ...(withCreated ? { created: false } : {}) };
    }
  });
  if (allOrNone && results.some((r) => !r.success)) {
    org.store.rollbackTo(start);
    org.store.commit();
    return results.map((r) =>
      r.success
        ? {
            id: null,
            success: false,
            errors: [ROLLED_BACK.toRecordError()],
            ...(withCreated ? { created: false } : {}),
          }
        : strip(r),
    );
  }
  org.store.commit();
  return results.map(strip);
}

function strip(r: ItemResult & { ok?: WriteResult }): ItemResult {
  const { ok: _ok, ...rest } = r;
  void _ok;
  return rest;
}

interface CollectionBody {
  allOrNone?: boolean;
  records?: Values[];
}

/**
 * The records of a collections body. The whole call is refused, before any write, for a body without a `records`
 * list, a `null` or non-object record, or a value Salesforce cannot deserialize into its field (deserialize.ts).
 */
function recordsOf(
  org: Org,
  body: unknown,
  text: string,
  typeOf?: ObjectModel,
): { records: Values[]; allOrNone: boolean } {
  const b = body as CollectionBody;
  if (!Array.isArray(b.records))
    throw b.records === undefined
      ? jsonParserError('records is required')
      : cannotDeserialize('List<SObject>', b.records);
  checkCount(b.records.length);
  for (const record of b.records) {
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      throw cannotDeserialize('SObject', record);
    const type = typeOf ?? org.object(String((record.attributes as { type?: unknown } | null | undefined)?.type ?? ''));
    if (type) checkDeserializable(type, record, text);
  }
  return { records: b.records, allOrNone: b.allOrNone === true };
}

function typeOf(org: Org, record: Values): ObjectModel {
  const type = (record.attributes as { type?: unknown } | null | undefined)?.type;
  if (typeof type !== 'string' || !type) throw new SfError('INVALID_TYPE', 'Must send a concrete entity type.');
  const o = org.object(type);
  if (!o) throw new SfError('INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return o;
}

export function collectionCreate(org: Org, body: unknown, text = ''): Reply {
  const { records, allOrNone } = recordsOf(org, body, text);
  const items = records.map((record) => ({
    run: () => {
      const o = typeOf(org, record);
      return createRecord(org, o, record);
    },
  }));
  return { status: 200, body: runCollection(org, items, allOrNone, false) };
}

export function collectionUpdate(org: Org, body: unknown, text = ''): Reply {
  const { records, allOrNone } = recordsOf(org, body, text);
  const items = records.map((record) => ({
    run: () => {
      const o = typeOf(org, record);
      const id = record.id ?? record.Id;
      if (!id) throw new SfError('MISSING_ARGUMENT', 'Id not specified in an update call', []);
      const rest = { ...record };
      delete rest.id;
      return updateRecord(org, o, id, rest);
    },
  }));
  return { status: 200, body: runCollection(org, items, allOrNone, false) };
}

export function collectionUpsert(org: Org, typeName: string, fieldName: string, body: unknown, text = ''): Reply {
  const o = org.objectOrThrow(typeName);
  const f = upsertField(o, fieldName);
  const { records, allOrNone } = recordsOf(org, body, text, o);
  const keyOf = (r: Values) => Object.entries(r).find(([k]) => k.toLowerCase() === f.name.toLowerCase())?.[1];
  const norm = (v: unknown) => (f.caseSensitive ? String(v) : String(v).toLowerCase());
  const counts = new Map<string, number>();
  for (const r of records) if (keyOf(r) != null) counts.set(norm(keyOf(r)), (counts.get(norm(keyOf(r))) ?? 0) + 1);
  const items = records.map((record) => {
    const key = keyOf(record);
    const error =
      key != null && counts.get(norm(key))! > 1
        ? new SfError('DUPLICATE_VALUE', `Duplicate external id specified: ${String(key)}`, [f.name])
        : undefined;
    return {
      error,
      run: () => {
        const t = typeOf(org, record);
        if (t.name !== o.name) throw new SfError('INVALID_TYPE', `Record type ${t.name} does not match ${o.name}`);
        if (key === undefined || key === null || key === '')
          throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${f.name}]`, [f.name]);
        try {
          return upsertRecord(org, o, f, key, record);
        } catch (error) {
          if (error instanceof MultipleMatches) throw new SfError('DUPLICATE_EXTERNAL_ID', error.message, error.fields);
          throw error;
        }
      },
    };
  });
  return { status: 200, body: runCollection(org, items, allOrNone, true) };
}

export function collectionDelete(org: Org, query: URLSearchParams): Reply {
  const ids = (query.get('ids') ?? '').split(',').filter(Boolean);
  checkCount(ids.length);
  const allOrNone = query.get('allOrNone') === 'true';
  const items = ids.map((id) => ({ run: () => deleteRecord(org, undefined, id) }));
  const results = runCollection(org, items, allOrNone, false);
  return { status: 200, body: results.map((r, i) => (r.success ? r : { ...r, id: r.id === null ? null : ids[i] })) };
}

export function collectionRetrieve(
  org: Org,
  typeName: string,
  ids: string[],
  fields: string[],
  version: string,
): Reply {
  const o = org.objectOrThrow(typeName);
  checkCount(ids.length);
  const body = ids.map((id) => {
    const n = normalizeId(id);
    const row = n ? org.store.get(n) : undefined;
    if (!row || row.type !== o.name || row.v.IsDeleted) return null;
    return pick(o, org.fullRecord(row, o, version), fields.join(','));
  });
  return { status: 200, body };
}
