/** Field paths (`NOME__Customer__r.NOME__Account__r.Name`) resolved against the model, and read from rows. */
import type { FieldModel, ObjectModel } from '../model.ts';
import { invalidColumn, type Org } from '../org.ts';
import type { Row } from '../store.ts';
import { noSuchRelationship } from './errors.ts';

export interface Path {
  /** Canonical relationship names then the canonical field name. */
  segments: string[];
  field: FieldModel;
}

export function resolvePath(org: Org, o: ObjectModel, raw: string[]): Path {
  const segments: string[] = [];
  let object = o;
  let parts = raw;
  if (parts.length > 1 && parts[0].toLowerCase() === o.name.toLowerCase()) parts = parts.slice(1);
  for (const segment of parts.slice(0, -1)) {
    const rel = object.relationshipIndex.get(segment.toLowerCase());
    if (!rel) throw noSuchRelationship(segment, 'field path');
    segments.push(rel.relationshipName!);
    object = org.object(rel.referenceTo[0])!;
  }
  const name = parts[parts.length - 1];
  const field = object.fieldIndex.get(name.toLowerCase());
  if (!field) throw invalidColumn(name, object);
  segments.push(field.name);
  return { segments, field };
}

export const pathOf = (org: Org, o: ObjectModel, dotted: string) => resolvePath(org, o, dotted.split('.'));

export function valueAt(org: Org, o: ObjectModel, row: Row, path: Path): unknown {
  return org.pathValue(row, o, path.segments);
}
