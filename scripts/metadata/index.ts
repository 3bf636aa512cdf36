/**
 * The schema module: the one place that reads the package's metadata. The lint, the local org and the
 * sync's field map all go through it, so a field exists for them exactly when force-app declares it.
 */
export { loadSchema } from './load.ts';
export { PROJECT_DIR, applyNamespace, readSfdxProject, type SfdxProject } from './project.ts';
export { MetadataParseError } from './xml.ts';
export { lookupDepths, objectsParentsFirst } from './order.ts';
export type * from './types.ts';
import type { FieldDef, ObjectDef, PackageSchema } from './types.ts';

const normalize = (name: string) => name.toLowerCase();

/** Finds an object by source or API name, case-insensitively as Salesforce does. */
export function findObject(schema: PackageSchema, name: string): ObjectDef | undefined {
  const wanted = normalize(name);
  return schema.objects.find((o) => normalize(o.apiName) === wanted || normalize(o.name) === wanted);
}

export function getObject(schema: PackageSchema, name: string): ObjectDef {
  const object = findObject(schema, name);
  if (!object) throw new Error(`The package has no object named ${name}`);
  return object;
}

/** Every field of an object, the Name field first. */
export function allFields(object: ObjectDef): FieldDef[] {
  return [object.nameField, ...object.fields];
}

/** Finds a field by source or API name, case-insensitively. */
export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  const wanted = normalize(name);
  return allFields(object).find((f) => normalize(f.apiName) === wanted || normalize(f.name) === wanted);
}

export function getField(object: ObjectDef, name: string): FieldDef {
  const field = findField(object, name);
  if (!field) throw new Error(`${object.apiName} has no field named ${name}`);
  return field;
}

/** The unique external ID field the sync upserts an object on (the first unique one, else the first external ID). */
export function upsertKeyOf(object: ObjectDef): FieldDef | undefined {
  const externalIds = object.fields.filter((f) => f.externalId);
  return externalIds.find((f) => f.unique) ?? externalIds[0];
}
