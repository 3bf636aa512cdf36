/** The sync's view of the package schema: which objects it writes, in which order, and their parents. */
import { upsertKeyOf, type FieldDef, type ObjectDef, type PackageSchema } from '../metadata/index.ts';

export interface SyncObject {
  def: ObjectDef;
  apiName: string;
  externalIdField: string;
  /** Lookups to other package objects, by relationship name (`NOME__Customer__r`). */
  parents: Map<string, { field: FieldDef; parentApiName: string }>;
  /** Fields the sync writes (formulas and auto numbers are the org's). */
  writableFields: FieldDef[];
}

/**
 * The order the setup page describes the data in; the lookups decide what must come first, this only breaks ties
 * (objects it does not name go last, still after their parents).
 */
const PREFERRED_ORDER = [
  'Metronome_Plan__c',
  'Metronome_Billable_Metric__c',
  'Metronome_Customer__c',
  'Metronome_Customer_Account__c',
  'Metronome_Customer_Plan__c',
  'Metronome_Ingest_Alias__c',
  'Metronome_Invoice__c',
  'Metronome_Invoice_Line_Item__c',
  'Metronome_Credit_Grant__c',
];

const rank = (o: ObjectDef) => {
  const i = PREFERRED_ORDER.indexOf(o.name);
  return i < 0 ? PREFERRED_ORDER.length : i;
};

/** Package objects with an upsert key, parents before children (a topological order of their lookups). */
export function syncObjects(schema: PackageSchema): SyncObject[] {
  const candidates = schema.objects.filter((o) => upsertKeyOf(o)).sort((a, b) => rank(a) - rank(b));
  const byApi = new Map(candidates.map((o) => [o.apiName, o]));
  const ordered: ObjectDef[] = [];
  const visiting = new Set<string>();
  const visit = (o: ObjectDef) => {
    if (ordered.includes(o) || visiting.has(o.apiName)) return;
    visiting.add(o.apiName);
    for (const f of o.fields) {
      const parent = f.type === 'Lookup' && f.referenceToApiName ? byApi.get(f.referenceToApiName) : undefined;
      if (parent && parent !== o) visit(parent);
    }
    ordered.push(o);
  };
  for (const o of candidates) visit(o);
  return ordered.map((def) => ({
    def,
    apiName: def.apiName,
    externalIdField: upsertKeyOf(def)!.apiName,
    parents: new Map(
      def.fields
        .filter((f) => f.type === 'Lookup' && f.parentRelationshipApiName && f.referenceToApiName && byApi.has(f.referenceToApiName))
        .map((f) => [f.parentRelationshipApiName!, { field: f, parentApiName: f.referenceToApiName! }]),
    ),
    writableFields: [def.nameField, ...def.fields].filter((f) => f.writable),
  }));
}

export function objectIndex(objects: SyncObject[]): Map<string, SyncObject> {
  return new Map(objects.map((o) => [o.apiName, o]));
}
