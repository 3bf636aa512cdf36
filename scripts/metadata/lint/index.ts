import type { PackageSchema } from '../types.ts';
import { checkAccess } from './access.ts';
import { checkObjects } from './fields.ts';
import { checkLayouts } from './layouts.ts';
import { checkLwc } from './lwc.ts';
import { checkMirror } from './mirror.ts';
import type { Problem } from './problem.ts';
import { checkReferences } from './references.ts';

export { formatProblem, type Problem } from './problem.ts';

/**
 * Rules that are this project's policy, not Salesforce's: an org accepts metadata breaking them. Everything else the
 * lint reports is something Salesforce would reject at deploy time (the local org fails deploys on those).
 */
export const HOUSE_RULES: ReadonlySet<string> = new Set(['help-text', 'mirror-layout', 'api-version']);

/** Every rule, in the order a reader fixes things: components first, then what refers to them. */
export function lintSchema(schema: PackageSchema): Problem[] {
  const objectProblems = [...checkObjects(schema), ...checkReferences(schema)];
  // Layouts and components name fields and relationships the object rules vouch for: they are judged once the
  // objects are sound, so one broken lookup is reported once, not again by every query and layout that uses it.
  const uiProblems =
    objectProblems.length > 0 ? [] : [...checkLayouts(schema), ...checkLwc(schema), ...checkMirror(schema)];
  return [...objectProblems, ...checkAccess(schema), ...uiProblems];
}
