/**
 * One sync of one environment: Metronome (already mapped, streamed in customer batches) → one org.
 * Parents before children within every batch; only records whose mapped values changed are sent; state is
 * committed per confirmed chunk, so a run that dies is finished by the next one; deletions only after a
 * complete read, and only of records the sync created.
 */
import type { Logger } from 'pino';
import type { PackageSchema } from '../metadata/index.ts';
import { isDailyLimitExhausted, soqlList, type SalesforceClient } from '../salesforce/index.ts';
import { recordHash } from './hash.ts';
import { syncObjects, type SyncObject } from './objects.ts';
import type { StateRow, StateStore, WriteOutcome } from './state.ts';
import type { MappedBatch, MappedRecord, ObjectCounts, ProgressEvent, SyncRecordError, SyncReport, SyncSource, SyncStatus } from './types.ts';
import { chooseApi, deleteRecords, upsertRecords, type PendingWrite } from './writer.ts';

export interface RunOptions {
  environment: string;
  dryRun?: boolean;
  /** Records of one object in one batch at or above this go through Bulk API 2.0. */
  bulkThreshold?: number;
  /** Customers read before their records are written (memory stays bounded by this). */
  customerBatchSize?: number;
  /** Share (0–1] of the org's remaining daily API requests this run may use. */
  maxApiShare?: number;
  /** Records per object whose Ids are checked to still exist in the org (a refresh or wipe → full sync). */
  refreshSampleSize?: number;
  /**
   * Send every record whatever the state remembers: repairs what was changed or deleted by hand in the org (which
   * `nome sync validate` reports), since an incremental run only sends what changed in Metronome.
   */
  full?: boolean;
  /** Mirror deletions (default true). */
  deletions?: boolean;
  /** Record errors kept in the report (all are counted and stored). */
  reportErrorLimit?: number;
}

export interface RunDeps {
  schema: PackageSchema;
  client: SalesforceClient;
  source: SyncSource;
  state: StateStore;
  /** Where the run writes, for the report (no secrets). */
  target: string;
  logger?: Logger;
  onProgress?: (event: ProgressEvent) => void;
}

export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiBudgetExceeded';
  }
}

const DAILY_LIMIT_MESSAGE =
  "Stopped: Salesforce refused the run because the org's daily API request limit is used up (TotalRequests Limit exceeded). " +
  'What was written is kept in the state store; the next run, after the limit resets, carries on.';

/** Plans and metrics are few; this only bounds memory for an unusual account. */
const CATALOG_BATCH_RECORDS = 5000;
/** Where a customer Metronome could not be read is reported (source name; the schema gives the API name). */
const CUSTOMER_OBJECT = 'Metronome_Customer__c';

const emptyCounts = (): ObjectCounts => ({ read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 });

export interface OrgIdentity {
  orgId: string;
  /** Changes when the org is recreated or refreshed. */
  fingerprint: string;
}

export async function readOrgIdentity(client: SalesforceClient): Promise<OrgIdentity> {
  const [org] = await client.queryAll<{ Id: string; CreatedDate?: string }>('SELECT Id, CreatedDate FROM Organization LIMIT 1');
  if (!org?.Id) throw new Error('The org did not answer its own Organization record');
  return { orgId: org.Id, fingerprint: org.CreatedDate ?? '' };
}

/** True when some Ids the state remembers are gone from the org: it was wiped, refreshed, or hand-edited. */
async function sampleIsMissing(client: SalesforceClient, state: StateStore, orgId: string, perObject: number): Promise<string | undefined> {
  for (const [object, ids] of state.sampleIds(orgId, perObject)) {
    const found = await client.queryAll<{ Id: string }>(`SELECT Id FROM ${object} WHERE Id IN ${soqlList(ids)}`);
    const present = new Set(found.map((r) => r.Id.slice(0, 15)));
    const missing = ids.filter((id) => !present.has(id.slice(0, 15)));
    if (missing.length) return `${missing.length} of ${ids.length} sampled ${object} records the sync wrote are gone from the org`;
  }
  return undefined;
}

/** Allowance for this machine's clock running ahead of the org's when comparing with CreatedDate. */
const CLOCK_SKEW_MS = 60_000;

/**
 * `created: false` after a retried call, or for a record a killed run sent without hearing back, does not say who
 * created the record: that earlier send, or someone before it. The org's CreatedDate does: the sync claims the
 * record (so mirrors its deletion later) only when it is not older than the send. One query per chunk, only then.
 */
async function settleOwnership(client: SalesforceClient, object: SyncObject, outcomes: WriteOutcome[], sentSince: (o: WriteOutcome) => number | undefined): Promise<void> {
  const unsure = outcomes.filter((o) => o.success && !o.created && o.sfId && sentSince(o) !== undefined);
  for (let i = 0; i < unsure.length; i += 200) {
    const part = unsure.slice(i, i + 200);
    const rows = await client.queryAll<{ Id: string; CreatedDate: string }>(`SELECT Id, CreatedDate FROM ${object.apiName} WHERE Id IN ${soqlList(part.map((o) => o.sfId!))}`);
    const createdAt = new Map(rows.map((r) => [r.Id.slice(0, 15), Date.parse(r.CreatedDate)]));
    for (const o of part) {
      const at = createdAt.get(o.sfId!.slice(0, 15));
      o.created = at !== undefined && at >= sentSince(o)! - CLOCK_SKEW_MS;
    }
  }
}

export async function runSync(deps: RunDeps, options: RunOptions): Promise<SyncReport> {
  const { schema, client, source, state, logger } = deps;
  const opts = {
    dryRun: false,
    bulkThreshold: 1000,
    customerBatchSize: 500,
    maxApiShare: 0.5,
    refreshSampleSize: 5,
    full: false,
    deletions: true,
    reportErrorLimit: 1000,
    ...options,
  };
  const started = Date.now();
  const objects = syncObjects(schema);
  const byApi = new Map(objects.map((o) => [o.apiName, o]));
  const counts = new Map(objects.map((o) => [o.apiName, emptyCounts()]));
  const errors: SyncRecordError[] = [];
  let errorCount = 0;
  const warnings: SyncRecordError[] = [];
  let warningCount = 0;
  const failedKeys = new Map<string, Set<string>>();
  /** A dry run's "still in Metronome" marks, by object: external IDs, and source IDs of records it could not build. */
  const dryRunSeen = new Map<string, { keys: Set<string>; sources: Set<string> }>();
  const dryRunSeenOf = (object: string) => dryRunSeen.get(object) ?? dryRunSeen.set(object, { keys: new Set(), sources: new Set() }).get(object)!;
  const markSeen = (object: string, externalIds: string[]) => {
    if (opts.dryRun) for (const id of externalIds) dryRunSeenOf(object).keys.add(id);
    else state.markSeen(orgId, object, externalIds, runId);
  };
  const markSeenBySource = (object: string, sourceId: string) => {
    if (opts.dryRun) dryRunSeenOf(object).sources.add(sourceId);
    else state.markSeenBySource(orgId, object, sourceId, runId);
  };
  const startCalls = client.callCount();

  const identity = await readOrgIdentity(client);
  const orgId = identity.orgId;
  // Taken first: a second process syncing this environment is refused before it reads or changes anything.
  const runId = state.startRun(opts.environment, orgId, opts.dryRun);
  let fullSyncReason: string | undefined;
  let limits: { max: number; remaining: number };
  // A dry run changes nothing in the state either: a real run of the same environment may be going on, and it
  // takes what it did not mark seen for gone from Metronome. So a dry run reads the state and keeps its own notes.
  let stateIsVoid = false;
  let ignoreHashes = opts.full;
  try {
    if (opts.dryRun) {
      const change = state.orgChange(orgId, identity.fingerprint);
      fullSyncReason = change.reason;
      stateIsVoid = change.stale;
    } else {
      fullSyncReason = state.openOrg(orgId, identity.fingerprint);
    }
    fullSyncReason ??= opts.full ? 'requested (--full)' : undefined;
    if (!fullSyncReason) {
      fullSyncReason = await sampleIsMissing(client, state, orgId, opts.refreshSampleSize);
      if (fullSyncReason && !opts.dryRun) state.invalidateHashes(orgId);
      ignoreHashes ||= Boolean(fullSyncReason);
    }
    if (fullSyncReason) logger?.info({ orgId, reason: fullSyncReason }, 'full sync');
    limits = await client.limits();
  } catch (error) {
    state.finishRun(runId, 'failed', null, error instanceof Error ? error.message : String(error));
    throw error;
  }
  const allowedForRun = Math.floor(limits.remaining * opts.maxApiShare);
  const estimate = state.lastRunCalls(opts.environment, orgId, Boolean(fullSyncReason));
  const budgetMessage = (used: number) =>
    `Stopped before exceeding the API budget: the org has ${limits.remaining} of ${limits.max} daily API requests left and this run may use ${Math.round(opts.maxApiShare * 100)}% of them (${allowedForRun}); it ${used === estimate ? 'is expected to need' : 'has used'} ${used}. Raise maxApiShare in the environment's options or run later.`;
  const hooks = {
    beforeWriteCall: () => {
      const used = client.callCount() - startCalls;
      if (used >= allowedForRun) throw new BudgetExceededError(budgetMessage(used));
    },
  };

  const progress = (object: string) => deps.onProgress?.({ object, counts: counts.get(object)! });
  const addError = (e: SyncRecordError) => {
    errorCount++;
    if (errors.length < opts.reportErrorLimit) errors.push(e);
    counts.get(e.object) && counts.get(e.object)!.failed++;
    const keys = failedKeys.get(e.object) ?? new Set<string>();
    keys.add(e.externalId ?? e.metronomeId);
    failedKeys.set(e.object, keys);
  };

  /** The lookup whose parent failed in this run, if one did: the child would fail on it (or land unlinked). */
  const parentFailure = (object: SyncObject, record: MappedRecord): { field: string; message: string } | undefined => {
    for (const [relationship, { field, parentApiName }] of object.parents) {
      const ref = record.fields[relationship];
      if (!ref || typeof ref !== 'object') continue;
      const key = Object.values(ref)[0];
      if (key !== undefined && failedKeys.get(parentApiName)?.has(key)) {
        return { field: field.apiName, message: `Its parent was not written in this run (${relationship} → ${parentApiName} ${key})` };
      }
    }
    return undefined;
  };

  const writeObject = async (object: SyncObject, records: MappedRecord[]) => {
    const c = counts.get(object.apiName)!;
    // One record per external ID: a repeat in one upsert call fails both.
    const unique = new Map<string, MappedRecord>();
    for (const r of records) unique.set(r.externalId, r);
    c.read += records.length;
    const rows = stateIsVoid ? new Map<string, StateRow>() : state.getRows(orgId, object.apiName, [...unique.keys()]);
    markSeen(object.apiName, [...rows.keys()]);
    const writes: PendingWrite[] = [];
    for (const record of unique.values()) {
      const hash = recordHash(record);
      const row = rows.get(record.externalId);
      if (!ignoreHashes && row?.hash === hash) {
        c.unchanged++;
        continue;
      }
      const blocked = parentFailure(object, record);
      if (blocked) {
        addError({ object: object.apiName, externalId: record.externalId, metronomeId: record.sourceId, code: 'PARENT_NOT_SYNCED', ...blocked });
        if (!opts.dryRun) state.saveError(orgId, { object: object.apiName, externalId: record.externalId, sourceId: record.sourceId, code: 'PARENT_NOT_SYNCED', ...blocked }, runId);
        continue;
      }
      writes.push({ record, hash });
    }
    if (!writes.length) return progress(object.apiName);
    if (opts.dryRun) {
      for (const w of writes) rows.get(w.record.externalId)?.sfId ? c.updated++ : c.created++;
      return progress(object.apiName);
    }
    state.markIntent(orgId, writes.filter((w) => !rows.get(w.record.externalId)?.sfId).map((w) => w.record), runId);
    const api = chooseApi(writes.length, opts.bulkThreshold);
    logger?.debug({ object: object.apiName, records: writes.length, api }, 'writing');
    // Committed chunk by chunk: what Salesforce confirmed stays known even if a later chunk fails.
    await upsertRecords(client, object, writes, api, {
      ...hooks,
      onOutcomes: async (outcomes: WriteOutcome[]) => {
        await settleOwnership(client, object, outcomes, (o) => {
          const earlierIntent = rows.get(o.externalId)?.intentRun;
          return (earlierIntent ? state.runStartedAt(earlierIntent) : undefined) ?? (o.ambiguous ? started : undefined);
        });
        state.commitOutcomes(orgId, outcomes, runId);
        for (const o of outcomes) {
          if (o.success) o.created ? c.created++ : c.updated++;
          else addError({ object: o.object, externalId: o.externalId, metronomeId: o.sourceId, ...o.error! });
        }
        progress(object.apiName);
      },
    });
  };

  const processBatch = async (batch: MappedBatch) => {
    for (const e of batch.errors) {
      const object = e.object;
      counts.get(object) && counts.get(object)!.read++;
      addError({ object, externalId: e.externalId, metronomeId: e.sourceId, code: e.code, field: e.field, message: e.message });
      if (!opts.dryRun) state.saveError(orgId, { object, externalId: e.externalId, sourceId: e.sourceId, code: e.code, field: e.field, message: e.message }, runId);
      // Still in Metronome, so not to be deleted, even though it could not be built this time.
      if (e.externalId) markSeen(object, [e.externalId]);
      else markSeenBySource(object, e.sourceId);
    }
    for (const w of batch.warnings ?? []) {
      warningCount++;
      if (warnings.length < opts.reportErrorLimit) warnings.push({ object: w.object, externalId: w.externalId, metronomeId: w.sourceId, code: w.code, field: w.field, message: w.message });
    }
    const byObject = new Map<string, MappedRecord[]>();
    for (const r of batch.records) {
      if (!byApi.has(r.object)) throw new Error(`The mapping produced a record of ${r.object}, which the package does not define`);
      const list = byObject.get(r.object);
      if (list) list.push(r);
      else byObject.set(r.object, [r]);
    }
    for (const object of objects) {
      const records = byObject.get(object.apiName);
      if (records?.length) await writeObject(object, records);
    }
  };

  let status: SyncStatus = 'succeeded';
  let message: string | undefined;
  try {
    if (!opts.dryRun && estimate !== undefined && estimate > allowedForRun) throw new BudgetExceededError(budgetMessage(estimate));
    // Catalog items (plans, metrics) and customers arrive one by one; they are written in batches.
    const batched = async (items: AsyncIterable<MappedBatch>, full: (count: number, records: number) => boolean) => {
      let pending: MappedBatch = { records: [], errors: [], warnings: [] };
      let count = 0;
      for await (const item of items) {
        pending.records.push(...item.records);
        pending.errors.push(...item.errors);
        pending.warnings!.push(...(item.warnings ?? []));
        if (full(++count, pending.records.length)) {
          await processBatch(pending);
          pending = { records: [], errors: [], warnings: [] };
          count = 0;
        }
      }
      await processBatch(pending);
    };
    await batched(source.catalog(), (_, records) => records >= CATALOG_BATCH_RECORDS);
    await batched(source.customers(), (customers) => customers >= opts.customerBatchSize);

    const customerObject = (objects.find((o) => o.def.name === CUSTOMER_OBJECT) ?? objects[0]!).apiName;
    const skipped = source.skipped?.() ?? [];
    for (const s of skipped) {
      addError({ object: customerObject, externalId: s.customerId, metronomeId: s.customerId, code: 'METRONOME_READ_FAILED', message: `Customer not read from Metronome (its records were left as they are): ${s.message}` });
      markSeen(customerObject, [s.customerId]);
    }
    if (skipped.length) {
      message = `${skipped.length} customer(s) could not be read from Metronome: no deletions were mirrored this run.`;
      logger?.warn({ skipped: skipped.length }, message);
    }
    if (opts.deletions && !skipped.length) {
      for (const object of [...objects].reverse()) {
        const c = counts.get(object.apiName)!;
        if (opts.dryRun) {
          const seen = dryRunSeenOf(object.apiName);
          const owned = stateIsVoid ? [] : state.unseenOwned(orgId, object.apiName, runId);
          c.deleted += owned.filter((t) => !seen.keys.has(t.externalId) && !seen.sources.has(t.sourceId)).length;
          continue;
        }
        const targets = state.unseenOwned(orgId, object.apiName, runId);
        if (targets.length) {
          const outcomes = await deleteRecords(client, object, targets, chooseApi(targets.length, opts.bulkThreshold), hooks);
          state.removeRecords(orgId, object.apiName, outcomes.filter((o) => o.success).map((o) => o.target.externalId));
          for (const o of outcomes) {
            if (o.success) c.deleted++;
            else addError({ object: object.apiName, externalId: o.target.externalId, metronomeId: o.target.sourceId, code: o.error!.code, message: `Could not delete: ${o.error!.message}` });
          }
          progress(object.apiName);
        }
        state.forgetUnseenForeign(orgId, object.apiName, runId);
      }
    }
    if (!opts.dryRun) state.pruneErrors(orgId, runId);
    if (errorCount) status = 'partial';
  } catch (error) {
    if (error instanceof BudgetExceededError || isDailyLimitExhausted(error)) {
      status = 'stopped';
      message = error instanceof BudgetExceededError ? error.message : DAILY_LIMIT_MESSAGE;
      logger?.warn({ orgId }, message);
    } else {
      status = 'failed';
      message = error instanceof Error ? error.message : String(error);
      logger?.error({ orgId, err: error }, 'sync failed');
    }
  }

  const ended = Date.now();
  const metronomeByEndpoint = source.callCounts();
  const report: SyncReport = {
    environment: opts.environment,
    orgId,
    target: deps.target,
    dryRun: opts.dryRun,
    status,
    ...(fullSyncReason ? { fullSyncReason } : {}),
    ...(message ? { message } : {}),
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    objects: Object.fromEntries(counts),
    apiCalls: {
      salesforce: client.callCount() - startCalls,
      salesforceByKind: client.callCountsByKind(),
      metronome: Object.values(metronomeByEndpoint).reduce((a, b) => a + b, 0),
      metronomeByEndpoint,
    },
    apiBudget: { max: limits.max, remaining: limits.remaining, allowedForRun },
    recordErrors: errors,
    recordErrorCount: errorCount,
    warnings,
    warningCount,
    runId,
  };
  state.finishRun(runId, status, { ...report, recordErrors: errors.slice(0, 50), warnings: warnings.slice(0, 50) }, message);
  return report;
}
