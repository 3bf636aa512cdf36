import type { ObjectDef, PackageSchema } from './types.ts';

/**
 * The package's objects with every object after the package objects it looks up (its depth in the lookup graph,
 * then its name), read from the schema so that a new object or lookup needs no list kept in step. Writers use it
 * so that a parent referenced by external ID always exists before its children are sent.
 */
export function objectsParentsFirst(schema: PackageSchema): ObjectDef[] {
  const depth = lookupDepths(schema);
  return [...schema.objects].sort(
    (a, b) => depth.get(a.apiName)! - depth.get(b.apiName)! || a.name.localeCompare(b.name),
  );
}

/** Depth of each object in the lookup graph: 0 without package parents. A lookup cycle counts once. */
export function lookupDepths(schema: PackageSchema): Map<string, number> {
  const byApiName = new Map(schema.objects.map((o) => [o.apiName, o]));
  const depths = new Map<string, number>();
  const depthOf = (object: ObjectDef, path: Set<string>): number => {
    const known = depths.get(object.apiName);
    if (known !== undefined) return known;
    path.add(object.apiName);
    const parents = object.fields
      .map((f) => byApiName.get(f.referenceToApiName ?? ''))
      .filter((p): p is ObjectDef => p !== undefined && !path.has(p.apiName));
    const depth = Math.max(-1, ...parents.map((p) => depthOf(p, path))) + 1;
    path.delete(object.apiName);
    depths.set(object.apiName, depth);
    return depth;
  };
  for (const object of schema.objects) depthOf(object, new Set());
  return depths;
}
