/** The sync's view of the package schema: which objects it writes, in which order, and their parents. */
import {
  objectsParentsFirst,
  upsertKeyOf,
  type FieldDef,
  type ObjectDef,
  type PackageSchema,
} from '../metadata/index.ts';

export interface SyncObject {
  def: ObjectDef;
  apiName: string;
  externalIdField: string;
  /** Lookups to other package objects, by relationship name (`NOME__Customer__r`). */
  parents: Map<string, { field: FieldDef; parentApiName: string }>;
  /** Fields the sync writes (formulas and auto numbers are the org's). */
  writableFields: FieldDef[];
}

/** Package objects with an upsert key, parents before children (a topological order of their lookups). */
export function syncObjects(schema: PackageSchema): SyncObject[] {
  const ordered = objectsParentsFirst(schema).filter((o) => upsertKeyOf(o));
  const byApi = new Map(ordered.map((o) => [o.apiName, o]));
  return ordered.map((def) => ({
    def,
    apiName: def.apiName,
    externalIdField: upsertKeyOf(def)!.apiName,
    parents: new Map(
      def.fields
        .filter(
          (f) =>
            f.type === 'Lookup' &&
            f.parentRelationshipApiName &&
            f.referenceToApiName &&
            byApi.has(f.referenceToApiName),
        )
        .map((f) => [f.parentRelationshipApiName!, { field: f, parentApiName: f.referenceToApiName! }]),
    ),
    writableFields: [def.nameField, ...def.fields].filter((f) => f.writable),
  }));
}

export function objectIndex(objects: SyncObject[]): Map<string, SyncObject> {
  return new Map(objects.map((o) => [o.apiName, o]));
}
