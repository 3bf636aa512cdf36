/**
 * External IDs as the org compares them. A field that is not case-sensitive (the schema says which) makes
 * `abc` and `ABC` one Salesforce record; two Metronome records whose IDs differ only by case would silently
 * become one. The registry sees every external ID of a run (or a validation) and names the second of such a pair.
 */
import type { FieldDef } from '../metadata/index.ts';
import { OffHeapKeyMap } from './key-map.ts';
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
  /**
   * The first ID met under each object and match key. On disk (see key-map.ts): a run meets every record of the
   * account, and the heap would hold every ID for the whole run (17 MiB at 10,000 customers).
   */
  private seen: OffHeapKeyMap | undefined;
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
    // A case-sensitive field makes every distinct ID a distinct record: nothing to remember.
    if (field?.caseSensitive) return undefined;
    this.seen ??= new OffHeapKeyMap({ storage: 'disk' });
    const first = this.seen.setIfAbsent(`${object}\u0000${matchKey(field, externalId)}`, externalId);
    if (first === externalId) return undefined;
    return {
      code: 'DUPLICATE_EXTERNAL_ID',
      field: field?.apiName ?? object,
      message: `Metronome IDs ${JSON.stringify(first)} and ${JSON.stringify(externalId)} differ only by case, but ${field?.apiName ?? 'the external ID'} matches them case-insensitively, so Salesforce would make them one record; ${JSON.stringify(externalId)} is not synced. Rename one of them in Metronome.`,
    };
  }

  /** Forgets the run's IDs (removes their file). */
  close(): void {
    this.seen?.close();
    this.seen = undefined;
  }
}
