/** The developer workflow: Dev Hub and org resolution, scratch orgs, deploys, permission sets and seeding. */
export { resolveDevHub, resolveTargetOrg } from './orgs.ts';
export { explainError, isDailyScratchOrgLimit, isNamespaceNotLinked, isTimeout, step, type ErrorContext } from './errors.ts';
