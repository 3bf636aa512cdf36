/**
 * The schema lookups the mapping makes for every record (an object by name, a field by name, the upsert key, the
 * lookup depths), remembered per schema: the metadata module finds them by a case-insensitive scan, which is
 * right once and costly 27,000 times a run. A loaded schema is not changed afterwards, so the answers hold.
 */
import { getField, getObject, lookupDepths, upsertKeyOf } from '../metadata/index.ts';
import type { FieldDef, ObjectDef, PackageSchema } from '../metadata/index.ts';

const objects = new WeakMap<PackageSchema, Map<string, ObjectDef>>();
const fields = new WeakMap<ObjectDef, Map<string, FieldDef>>();
const keys = new WeakMap<ObjectDef, { key: FieldDef | undefined }>();
const depths = new WeakMap<PackageSchema, Map<string, number>>();

function remembered<K extends object, V>(cache: WeakMap<K, Map<string, V>>, owner: K, name: string, find: () => V): V {
  let byName = cache.get(owner);
  if (!byName) cache.set(owner, (byName = new Map()));
  let value = byName.get(name);
  if (value === undefined) byName.set(name, (value = find()));
  return value;
}

/** `getObject`, remembered. */
export const objectOf = (schema: PackageSchema, name: string): ObjectDef =>
  remembered(objects, schema, name, () => getObject(schema, name));

/** `getField`, remembered. */
export const fieldOf = (object: ObjectDef, name: string): FieldDef =>
  remembered(fields, object, name, () => getField(object, name));

/** `upsertKeyOf`, remembered. */
export function keyOf(object: ObjectDef): FieldDef | undefined {
  let entry = keys.get(object);
  if (!entry) keys.set(object, (entry = { key: upsertKeyOf(object) }));
  return entry.key;
}

/** `lookupDepths`, remembered. */
export function depthsOf(schema: PackageSchema): Map<string, number> {
  let known = depths.get(schema);
  if (!known) depths.set(schema, (known = lookupDepths(schema)));
  return known;
}
