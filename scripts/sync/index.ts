/**
 * The companion sync: Metronome → Salesforce, incremental and safe to re-run. `syncEnvironment` and
 * `validateEnvironment` are what the CLI, the schedule and `npm start` call; `runSync`/`validateSync` take
 * their inputs ready-made (tests, other sources).
 */
export {
  loadSyncConfig,
  parseSyncConfig,
  getEnvironment,
  defaultOptions,
  ConfigError,
  DEFAULT_CONFIG_FILE,
  DEFAULT_SCHEDULE,
  type SyncConfig,
  type EnvironmentConfig,
  type SyncOptions,
} from './config.ts';
export { runSync, readOrgIdentity, BudgetExceededError, type RunOptions, type RunDeps } from './run.ts';
export {
  validateSync,
  type ValidationReport,
  type ObjectDrift,
  type DriftItem,
  type FieldDifference,
} from './validate.ts';
export {
  syncEnvironment,
  validateEnvironment,
  environmentFromConfig,
  adhocEnvironment,
  type EnvironmentSpec,
  type ServiceOptions,
} from './service.ts';
export { startSchedule, type Schedule, type ScheduledEnvironment } from './schedule.ts';
export {
  StateStore,
  RunInProgressError,
  stateDir,
  stateFile,
  DEFAULT_STATE_DIR,
  type RunRecord,
  type StoredRecordError,
} from './state/index.ts';
export { mappedSource, type MetronomeReader } from './source.ts';
export { syncObjects, type SyncObject } from './objects.ts';
export { createLogger, silentLogger } from './log.ts';
export { createProgress, summaryTable, validationTable } from './terminal.ts';
export type * from './types.ts';
