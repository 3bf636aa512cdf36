/**
 * Building one Salesforce record from Metronome values, each value converted as the schema's field asks
 * (type, length, precision/scale, picklist). Problems become RecordErrors; a record with an error-level
 * problem is not emitted (see README: "Mapping rules").
 */
import type { FieldDef, ObjectDef, PackageSchema } from '../metadata/index.ts';
import { fieldOf, keyOf, objectOf } from './schema-index.ts';
import { toSalesforceDate, toSalesforceDateTime, toSalesforceNumber, truncateText } from './values.ts';

export type FieldValue = string | number | boolean | null | { [extIdField: string]: string };

export interface MappedRecord {
  /** Object API name, e.g. NOME__Metronome_Invoice__c. */
  object: string;
  /** API name of the external ID field the record is upserted on. */
  externalIdField: string;
  externalId: string;
  /** The Metronome ID the record came from (for reports). */
  sourceId: string;
  /** Field API names (the external ID field included) and parent references such as NOME__Customer__r. */
  fields: Record<string, FieldValue>;
  /**
   * Where a field's value came from in Metronome, by field API name, for messages about it (e.g. an account ID
   * from `customer_config.salesforce_account_id`). Not sent, not part of the record's digest.
   */
  origins?: Record<string, string>;
}

export interface RecordError {
  object: string;
  sourceId: string;
  /** The record's external ID when it is known: the sync must not treat the record as deleted. */
  externalId?: string;
  field?: string;
  code: string;
  message: string;
}

export interface MappingResult {
  records: MappedRecord[];
  /** Records that were not emitted, each with why. */
  errors: RecordError[];
  /** Records emitted with a value adjusted (unknown status → N/A, text truncated); reported, not failed. */
  warnings: RecordError[];
}

export const emptyResult = (): MappingResult => ({ records: [], errors: [], warnings: [] });

/** How a field takes a Metronome value, by its type. */
type FieldKind = 'text' | 'number' | 'timestamp' | 'picklist' | 'checkbox' | 'lookup' | 'none';

const KINDS: Record<string, FieldKind> = {
  Text: 'text',
  TextArea: 'text',
  LongTextArea: 'text',
  Number: 'number',
  Currency: 'number',
  Percent: 'number',
  Date: 'timestamp',
  DateTime: 'timestamp',
  Picklist: 'picklist',
  Checkbox: 'checkbox',
  Lookup: 'lookup',
};

/** One field of an object as the builder writes it, worked out at its first use. */
interface FieldPlan {
  field: FieldDef;
  kind: FieldKind;
  /** For a lookup set by its parent's external ID: where the reference goes and the parent's key field. */
  parentRef?: { relationship: string; key: string };
}

/**
 * One object as the builder writes it: its upsert key and its fields by the names the mapping uses, each looked
 * up in the schema once per run instead of once per record (27,000 records set about 200,000 fields).
 */
interface ObjectPlan {
  object: ObjectDef;
  key: FieldDef | undefined;
  fields: Map<string, FieldPlan>;
}

const plans = new WeakMap<PackageSchema, Map<string, ObjectPlan>>();

function planOf(schema: PackageSchema, objectName: string): ObjectPlan {
  let byName = plans.get(schema);
  if (!byName) plans.set(schema, (byName = new Map()));
  let plan = byName.get(objectName);
  if (!plan) {
    const object = objectOf(schema, objectName);
    byName.set(objectName, (plan = { object, key: keyOf(object), fields: new Map() }));
  }
  return plan;
}

function fieldPlanOf(plan: ObjectPlan, fieldName: string): FieldPlan {
  let fieldPlan = plan.fields.get(fieldName);
  if (!fieldPlan) {
    const field = fieldOf(plan.object, fieldName);
    plan.fields.set(fieldName, (fieldPlan = { field, kind: KINDS[field.type] ?? 'none' }));
  }
  return fieldPlan;
}

/** Accumulates one record's fields; `finish` emits it, or its errors when any field failed. */
export class RecordBuilder {
  readonly object: ObjectDef;
  readonly externalIdField: FieldDef;
  readonly sourceId: string;
  readonly externalId: string;
  private readonly schema: PackageSchema;
  private readonly plan: ObjectPlan;
  private readonly fields: Record<string, FieldValue> = {};
  // Most records have neither: made at the first one.
  private errors: RecordError[] | undefined;
  private warnings: RecordError[] | undefined;

  constructor(schema: PackageSchema, objectName: string, externalId: string, sourceId: string) {
    this.schema = schema;
    this.plan = planOf(schema, objectName);
    this.object = this.plan.object;
    const key = this.plan.key;
    if (!key) throw new Error(`${this.object.apiName} has no external ID field to upsert on`);
    this.externalIdField = key;
    this.externalId = externalId;
    this.sourceId = sourceId;
    if (key.length !== undefined && externalId.length > key.length) {
      // An external ID is an identity: truncating it could merge two records, so it fails instead.
      this.fail(
        key,
        'STRING_TOO_LONG',
        `${key.label}: external ID longer than ${key.length} characters: ${externalId}`,
      );
    }
    this.fields[key.apiName] = externalId;
  }

  private fail(field: FieldDef | undefined, code: string, message: string): void {
    (this.errors ??= []).push(this.problem(field, code, message));
  }

  private warn(field: FieldDef, code: string, message: string): void {
    (this.warnings ??= []).push(this.problem(field, code, message));
  }

  private problem(field: FieldDef | undefined, code: string, message: string): RecordError {
    return {
      object: this.object.apiName,
      sourceId: this.sourceId,
      externalId: this.externalId,
      ...(field ? { field: field.apiName } : {}),
      code,
      message,
    };
  }

  /** Sets a field from a Metronome value; undefined and null both write null, so stale values are cleared. */
  set(fieldName: string, value: string | number | boolean | null | undefined): this {
    const { field, kind } = fieldPlanOf(this.plan, fieldName);
    if (!field.writable) throw new Error(`${this.object.apiName}.${field.apiName} is not writable (${field.type})`);
    if (value === undefined || value === null) {
      this.fields[field.apiName] = null;
      return this;
    }
    switch (kind) {
      case 'text':
        return this.setText(field, String(value));
      case 'number':
        return this.setNumber(field, value);
      case 'timestamp':
        return this.setTimestamp(field, String(value));
      case 'picklist':
        return this.setPicklist(field, String(value));
      case 'checkbox':
        this.fields[field.apiName] = Boolean(value);
        return this;
      case 'lookup':
        // A plain record ID (Account). Parents inside the package are referenced by external ID: `setParent`.
        this.fields[field.apiName] = String(value);
        return this;
      default:
        throw new Error(`No mapping rule for ${field.type} (${this.object.apiName}.${field.apiName})`);
    }
  }
  private setText(field: FieldDef, text: string): this {
    const max = field.length;
    if (max === undefined)
      throw new Error(`${this.object.apiName}.${field.apiName} has no length in the schema (${field.file})`);
    const { value, truncated } = truncateText(text, max);
    if (truncated)
      this.warn(
        field,
        'TEXT_TRUNCATED',
        `${field.label}: cut from ${text.length} to ${value.length} characters (max length=${max})`,
      );
    this.fields[field.apiName] = value;
    return this;
  }

  /** Numbers and exact decimal strings (converted money) are rounded on their decimal digits, never through a float. */
  private setNumber(field: FieldDef, value: string | number | boolean): this {
    const decimal = typeof value === 'boolean' ? Number(value) : value;
    const converted = toSalesforceNumber(decimal, field.precision ?? 18, field.scale ?? 0);
    if (converted.ok) this.fields[field.apiName] = converted.value;
    else this.fail(field, converted.code, `${field.label}: ${converted.message}`);
    return this;
  }

  private setTimestamp(field: FieldDef, value: string): this {
    const converted = field.type === 'Date' ? toSalesforceDate(value) : toSalesforceDateTime(value);
    if (converted.ok) this.fields[field.apiName] = converted.value;
    else this.fail(field, converted.code, `${field.label}: ${converted.message}`);
    return this;
  }

  /** Restricted picklists take a known value (matched case-insensitively, written as declared) or "N/A", with a warning. */
  private setPicklist(field: FieldDef, value: string): this {
    const values = field.picklist?.values ?? [];
    const known = values.find((v) => v.fullName.toLowerCase() === value.toLowerCase());
    if (known || !field.picklist?.restricted) {
      this.fields[field.apiName] = known?.fullName ?? value;
      return this;
    }
    const fallback = values.find((v) => v.fullName === 'N/A');
    if (!fallback) {
      this.fail(
        field,
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${field.label}: bad value for restricted picklist field: ${value}`,
      );
      return this;
    }
    this.warn(
      field,
      'UNKNOWN_PICKLIST_VALUE',
      `${field.label}: unknown value ${JSON.stringify(value)} written as ${fallback.fullName}`,
    );
    this.fields[field.apiName] = fallback.fullName;
    return this;
  }

  /** A lookup to a package object, as a parent reference by the parent's external ID (null clears it). */
  setParent(fieldName: string, parentExternalId: string | null | undefined): this {
    const plan = fieldPlanOf(this.plan, fieldName);
    if (!parentExternalId) {
      this.fields[plan.field.apiName] = null;
      return this;
    }
    const { relationship, key } = (plan.parentRef ??= this.parentRefOf(plan.field));
    // Assigned rather than a computed-key literal ({ [key]: id }), which V8 builds several times slower.
    const reference: Record<string, string> = {};
    reference[key] = parentExternalId;
    this.fields[relationship] = reference;
    return this;
  }

  private parentRefOf(field: FieldDef): { relationship: string; key: string } {
    const parent = objectOf(this.schema, field.referenceToApiName ?? field.referenceTo ?? '');
    const key = keyOf(parent);
    if (!key || !field.parentRelationshipApiName)
      throw new Error(`${this.object.apiName}.${field.apiName} cannot reference its parent by external ID`);
    return { relationship: field.parentRelationshipApiName, key: key.apiName };
  }

  finish(result: MappingResult): MappedRecord | undefined {
    if (this.warnings) result.warnings.push(...this.warnings);
    if (this.errors) {
      result.errors.push(...this.errors);
      return undefined;
    }
    const record: MappedRecord = {
      object: this.object.apiName,
      externalIdField: this.externalIdField.apiName,
      externalId: this.externalId,
      sourceId: this.sourceId,
      fields: this.fields,
    };
    result.records.push(record);
    return record;
  }
}
