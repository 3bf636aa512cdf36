/**
 * `nome sync validate`: Metronome (read and mapped afresh) against what the org holds (queried, never the
 * state store). Per object: missing, stale (with the differing fields) and orphaned records.
 */
import type { FieldDef } from '../metadata/index.ts';
import type { PackageSchema } from '../metadata/index.ts';
import type { SalesforceClient, SObjectRecord } from '../salesforce/index.ts';
import { ExternalIdRegistry } from './keys.ts';
import { syncObjects, type SyncObject } from './objects.ts';
import type { MappedBatch, MappedRecord, SyncSource } from './types.ts';

export interface FieldDifference {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface ObjectDrift {
  expected: number;
  actual: number;
  matching: number;
  missing: number;
  stale: number;
  orphaned: number;
  /** Records Metronome has that cannot be mapped (or whose parent cannot): reported by the sync, not drift. */
  unmappable: number;
}

export interface DriftItem {
  object: string;
  externalId: string;
  metronomeId?: string;
  salesforceId?: string;
  differences?: FieldDifference[];
}

export interface ValidationReport {
  orgId?: string;
  inSync: boolean;
  objects: Record<string, ObjectDrift>;
  missing: DriftItem[];
  stale: DriftItem[];
  orphaned: DriftItem[];
  apiCalls: { salesforce: number; metronome: number };
}

const keyOf = (field: FieldDef | undefined, value: string) =>
  field && !field.caseSensitive ? value.toLowerCase() : value;

function selectList(object: SyncObject, byApi: Map<string, SyncObject>): string[] {
  const columns = ['Id'];
  for (const f of object.writableFields) {
    const parent = f.parentRelationshipApiName ? object.parents.get(f.parentRelationshipApiName) : undefined;
    if (parent) {
      const parentObject = byApi.get(parent.parentApiName)!;
      columns.push(`${f.parentRelationshipApiName}.${parentObject.externalIdField}`);
    } else {
      columns.push(f.apiName);
    }
  }
  return [...new Set(columns)];
}

const isBlank = (v: unknown) => v === null || v === undefined || v === '';

/** Equal as Salesforce stores them: numbers at the field's scale, instants by time, IDs by their 15-character form. */
export function sameValue(field: FieldDef | undefined, expected: unknown, actual: unknown): boolean {
  if (isBlank(expected) || isBlank(actual)) return isBlank(expected) && isBlank(actual);
  switch (field?.type) {
    case 'Number':
    case 'Currency':
    case 'Percent': {
      const scale = field.scale ?? 0;
      return Number(Number(expected).toFixed(scale)) === Number(Number(actual).toFixed(scale));
    }
    case 'DateTime':
      return Date.parse(String(expected)) === Date.parse(String(actual));
    case 'Date':
      return String(expected).slice(0, 10) === String(actual).slice(0, 10);
    case 'Checkbox':
      return Boolean(expected) === Boolean(actual);
    case 'Lookup':
      return String(expected).slice(0, 15) === String(actual).slice(0, 15);
    default:
      return String(expected) === String(actual);
  }
}

/** Each object's fields by API name and its external ID field, built once: validate compares every record. */
interface FieldIndex {
  fields: Map<string, Map<string, FieldDef>>;
  keyField: Map<string, FieldDef | undefined>;
}

function indexFields(objects: SyncObject[]): FieldIndex {
  const fields = new Map(
    objects.map((o) => [o.apiName, new Map([o.def.nameField, ...o.def.fields].map((f) => [f.apiName, f]))]),
  );
  return { fields, keyField: new Map(objects.map((o) => [o.apiName, fields.get(o.apiName)!.get(o.externalIdField)])) };
}

function differences(
  object: SyncObject,
  index: FieldIndex,
  record: MappedRecord,
  actual: SObjectRecord,
): FieldDifference[] {
  const out: FieldDifference[] = [];
  const fields = index.fields.get(object.apiName)!;
  for (const [name, expected] of Object.entries(record.fields)) {
    if (expected && typeof expected === 'object') {
      const parent = object.parents.get(name);
      const [extField, extValue] = Object.entries(expected)[0] ?? [];
      const actualParent = actual[name] as Record<string, unknown> | null | undefined;
      const got = actualParent?.[extField!];
      const parentKeyField = parent ? index.fields.get(parent.parentApiName)?.get(extField!) : undefined;
      const equal = typeof got === 'string' && keyOf(parentKeyField, got) === keyOf(parentKeyField, String(extValue));
      if (!equal) out.push({ field: parent?.field.apiName ?? name, expected: extValue, actual: got ?? null });
      continue;
    }
    const field = fields.get(name);
    if (field && field.apiName === object.externalIdField) continue;
    if (!sameValue(field, expected, actual[name])) out.push({ field: name, expected, actual: actual[name] ?? null });
  }
  return out;
}

export async function validateSync(
  deps: { schema: PackageSchema; client: SalesforceClient; source: SyncSource; orgId?: string },
  options: { listLimit?: number } = {},
): Promise<ValidationReport> {
  const { schema, client, source } = deps;
  const listLimit = options.listLimit ?? 200;
  const startCalls = client.callCount();
  const objects = syncObjects(schema);
  const byApi = new Map(objects.map((o) => [o.apiName, o]));
  const index = indexFields(objects);
  const keys = new ExternalIdRegistry(objects);
  const orgRecords = new Map<string, Map<string, SObjectRecord>>();
  const drift = new Map<string, ObjectDrift>();
  for (const object of objects) {
    const keyField = index.keyField.get(object.apiName);
    const rows = new Map<string, SObjectRecord>();
    for await (const page of client.queryPages(
      `SELECT ${selectList(object, byApi).join(', ')} FROM ${object.apiName}`,
    )) {
      for (const row of page) {
        const key = row[object.externalIdField];
        if (typeof key === 'string') rows.set(keyOf(keyField, key), row);
      }
    }
    orgRecords.set(object.apiName, rows);
    drift.set(object.apiName, {
      expected: 0,
      actual: rows.size,
      matching: 0,
      missing: 0,
      stale: 0,
      orphaned: 0,
      unmappable: 0,
    });
  }
  const report: ValidationReport = {
    inSync: true,
    objects: {},
    missing: [],
    stale: [],
    orphaned: [],
    apiCalls: { salesforce: 0, metronome: 0 },
  };
  const push = (list: DriftItem[], item: DriftItem) => list.length < listLimit && list.push(item);

  const check = (batch: MappedBatch) => {
    for (const e of batch.errors) {
      const d = drift.get(e.object);
      if (!d) continue;
      d.unmappable++;
      // An unmappable record the org still holds from an earlier version is not an orphan.
      if (e.externalId) orgRecords.get(e.object)!.delete(keyOf(index.keyField.get(e.object), e.externalId));
    }
    for (const record of batch.records) {
      const object = byApi.get(record.object);
      if (!object) continue;
      const d = drift.get(record.object)!;
      // The run refuses the second of two IDs the org would take for one record: not drift, an error it reports.
      if (keys.claim(record.object, record.externalId)) {
        d.unmappable++;
        continue;
      }
      d.expected++;
      const rows = orgRecords.get(record.object)!;
      const key = keyOf(index.keyField.get(record.object), record.externalId);
      const actual = rows.get(key);
      if (!actual) {
        d.missing++;
        push(report.missing, { object: record.object, externalId: record.externalId, metronomeId: record.sourceId });
        continue;
      }
      rows.delete(key);
      const diffs = differences(object, index, record, actual);
      if (diffs.length) {
        d.stale++;
        push(report.stale, {
          object: record.object,
          externalId: record.externalId,
          metronomeId: record.sourceId,
          salesforceId: String(actual.Id),
          differences: diffs,
        });
      } else {
        d.matching++;
      }
    }
  };
  try {
    for await (const batch of source.catalog()) check(batch);
    for await (const batch of source.customers()) check(batch);
  } finally {
    keys.close();
  }

  for (const [object, rows] of orgRecords) {
    const d = drift.get(object)!;
    d.orphaned = rows.size;
    for (const row of rows.values()) {
      push(report.orphaned, {
        object,
        externalId: String(row[byApi.get(object)!.externalIdField]),
        salesforceId: String(row.Id),
      });
    }
  }
  report.objects = Object.fromEntries(drift);
  report.inSync = [...drift.values()].every((d) => d.missing === 0 && d.stale === 0 && d.orphaned === 0);
  report.apiCalls = {
    salesforce: client.callCount() - startCalls,
    metronome: Object.values(source.callCounts()).reduce((a, b) => a + b, 0),
  };
  if (deps.orgId) report.orgId = deps.orgId;
  return report;
}
