/**
 * External IDs as the org compares them. A field that is not case-sensitive (the schema says which) makes
 * `abc` and `ABC` one Salesforce record; two Metronome records whose IDs differ only by case would silently
 * become one. The registry sees every external ID of a run (or a validation) and names the second of such a pair.
 */
import type { FieldDef } from '../metadata/index.ts';
import type { SyncObject } from './objects.ts';

/** The external ID field's definition: its case sensitivity decides how two IDs compare. */
export function externalIdField(object: SyncObject): FieldDef | undefined {
  return [object.def.nameField, ...object.def.fields].find((f) => f.apiName === object.externalIdField);
}

/** The form under which the org finds a record by this external ID. */
export function matchKey(field: FieldDef | undefined, externalId: string): string {
  return field && !field.caseSensitive ? externalId.toLowerCase() : externalId;
}

export interface KeyClash {
  code: 'DUPLICATE_EXTERNAL_ID';
  field: string;
  message: string;
}

export class ExternalIdRegistry {
  private readonly seen = new Map<string, Map<string, string>>();
  private readonly fields = new Map<string, FieldDef | undefined>();

  constructor(objects: SyncObject[]) {
    for (const o of objects) this.fields.set(o.apiName, externalIdField(o));
  }

  /**
   * Takes an external ID for this run. The same ID again is fine (a record met twice); another ID the org would
   * take for the same record is a clash: the first one met keeps the record, this one is refused.
   */
  claim(object: string, externalId: string): KeyClash | undefined {
    const field = this.fields.get(object);
    // A case-sensitive field makes every distinct ID a distinct record: nothing to remember (memory: the run meets
    // every record of the account).
    if (field?.caseSensitive) return undefined;
    const ids = this.seen.get(object) ?? this.seen.set(object, new Map()).get(object)!;
    const key = matchKey(field, externalId);
    const first = ids.get(key);
    if (first === undefined) {
      ids.set(key, externalId);
      return undefined;
    }
    if (first === externalId) return undefined;
    return {
      code: 'DUPLICATE_EXTERNAL_ID',
      field: field?.apiName ?? object,
      message: `Metronome IDs ${JSON.stringify(first)} and ${JSON.stringify(externalId)} differ only by case, but ${field?.apiName ?? 'the external ID'} matches them case-insensitively, so Salesforce would make them one record; ${JSON.stringify(externalId)} is not synced. Rename one of them in Metronome.`,
    };
  }
}
