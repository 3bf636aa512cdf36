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

/** Accumulates one record's fields; `finish` emits it, or its errors when any field failed. */
export class RecordBuilder {
  readonly object: ObjectDef;
  readonly externalIdField: FieldDef;
  readonly sourceId: string;
  readonly externalId: string;
  private readonly schema: PackageSchema;
  private readonly fields: Record<string, FieldValue> = {};
  private readonly errors: RecordError[] = [];
  private readonly warnings: RecordError[] = [];

  constructor(schema: PackageSchema, objectName: string, externalId: string, sourceId: string) {
    this.schema = schema;
    this.object = objectOf(schema, objectName);
    const key = keyOf(this.object);
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
    this.errors.push(this.problem(field, code, message));
  }

  private warn(field: FieldDef, code: string, message: string): void {
    this.warnings.push(this.problem(field, code, message));
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
    const field = fieldOf(this.object, fieldName);
    if (!field.writable) throw new Error(`${this.object.apiName}.${field.apiName} is not writable (${field.type})`);
    if (value === undefined || value === null) {
      this.fields[field.apiName] = null;
      return this;
    }
    switch (field.type) {
      case 'Text':
      case 'TextArea':
      case 'LongTextArea':
        return this.setText(field, String(value));
      case 'Number':
      case 'Currency':
      case 'Percent':
        return this.setNumber(field, value);
      case 'Date':
      case 'DateTime':
        return this.setTimestamp(field, String(value));
      case 'Picklist':
        return this.setPicklist(field, String(value));
      case 'Checkbox':
        this.fields[field.apiName] = Boolean(value);
        return this;
      case 'Lookup':
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
    const field = fieldOf(this.object, fieldName);
    if (!parentExternalId) {
      this.fields[field.apiName] = null;
      return this;
    }
    const parent = objectOf(this.schema, field.referenceToApiName ?? field.referenceTo ?? '');
    const key = keyOf(parent);
    if (!key || !field.parentRelationshipApiName)
      throw new Error(`${this.object.apiName}.${field.apiName} cannot reference its parent by external ID`);
    this.fields[field.parentRelationshipApiName] = { [key.apiName]: parentExternalId };
    return this;
  }

  finish(result: MappingResult): MappedRecord | undefined {
    result.warnings.push(...this.warnings);
    if (this.errors.length > 0) {
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
