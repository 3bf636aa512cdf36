import type { PackageSchema } from '../types.ts';
import { checkAccess } from './access.ts';
import { checkObjects } from './fields.ts';
import { checkLayouts } from './layouts.ts';
import { checkLwc } from './lwc.ts';
import type { Problem } from './problem.ts';
import { checkReferences } from './references.ts';

export { formatProblem, type Problem } from './problem.ts';

/** Every rule, in the order a reader fixes things: components first, then what refers to them. */
export function lintSchema(schema: PackageSchema): Problem[] {
  return [...checkObjects(schema), ...checkReferences(schema), ...checkAccess(schema), ...checkLayouts(schema), ...checkLwc(schema)];
}
