/** The local Metronome sandbox: generated, deterministic data served over HTTP in Metronome's shapes. */
export { startMetronomeSandbox, type MetronomeSandbox, type SandboxOptions } from './server.ts';
export {
  SandboxDataset,
  normalizeAccountIds,
  MutationError,
  EXTRA_ACCOUNTS_FIELD,
  OUT_OF_RANGE_TOTAL,
  UNKNOWN_STATUS,
  MIN_CUSTOMERS,
  MAX_CUSTOMERS,
  type Mutation,
  type MutationResult,
  type KnownRecords,
  type ServeOrder,
  type DatasetOptions,
} from './dataset.ts';
export { FaultInjector, type FaultRule } from './faults.ts';
export {
  linkOrgAccounts,
  ensureNumberedAccounts,
  DEFAULT_ACCOUNT_PREFIX,
  type AccountsConnection,
  type LinkOrgAccountsOptions,
} from './org-accounts.ts';
