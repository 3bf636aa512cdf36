/** The developer workflow: Dev Hub and org resolution, scratch orgs, deploys, permission sets and seeding. */
export { resolveDevHub, resolveTargetOrg } from './orgs.ts';
export {
  ActionableError,
  explainError,
  isDailyScratchOrgLimit,
  isNamespaceNotLinked,
  isTimeout,
  step,
  type ActionableErrorOptions,
  type ErrorContext,
} from './errors.ts';
export { createScratchOrg, type ScratchOrgOptions, type ScratchOrgResult } from './create.ts';
export {
  deploySource,
  describeFailures,
  failuresOf,
  type ComponentFailure,
  type DeployOptions,
  type DeploySummary,
} from './deploy.ts';
export {
  assignAfterDeploy,
  assignPermissionSets,
  packagePermissionSets,
  type PermissionSetAssignmentResult,
} from './permsets.ts';
export {
  seedOrg,
  setSyncRunner,
  nomeSyncCommand,
  syncCommandAt,
  metronomeSource,
  type SeedResult,
  type SyncRunner,
  type SyncRunOptions,
  type SyncStep,
} from './seed.ts';
export { deleteScratchOrg, type DeleteResult } from './delete.ts';
export { loginJwt, writeKeyFromEnvironment, type JwtLoginOptions, type JwtLoginResult } from './login.ts';
export { loginUrl } from './login-url.ts';
export { minutes, pollInterval } from './polling.ts';
