/**
 * Write queues: one per object, living across customer batches, so records of one object travel in as few calls
 * as the API allows (⌈n/200⌉ sObject Collections calls, or one Bulk 2.0 job from the bulk threshold up) instead of
 * a partial call per batch. A flush sends every queue, parents before children: objects of one depth in the
 * lookup graph at once, each waiting for its parents' outcomes so children of a failed parent are held back.
 */
import type { SyncObject } from '../objects.ts';
import { chooseApi, type PendingWrite } from '../writer.ts';
import type { RunContext } from './context.ts';
import { holdBack } from './hold-back.ts';

/** Objects grouped by depth in their lookup graph: each group's parents are all in earlier groups. */
export function dependencyLevels(objects: SyncObject[]): SyncObject[][] {
  const depth = new Map<string, number>();
  const depthOf = (o: SyncObject): number => {
    const known = depth.get(o.apiName);
    if (known !== undefined) return known;
    const parents = [...o.parents.values()]
      .map((p) => objects.find((x) => x.apiName === p.parentApiName && x !== o))
      .filter((p) => p !== undefined);
    const d = parents.length ? 1 + Math.max(...parents.map(depthOf)) : 0;
    depth.set(o.apiName, d);
    return d;
  };
  const levels: SyncObject[][] = [];
  for (const o of objects) (levels[depthOf(o)] ??= []).push(o);
  return levels.filter(Boolean);
}

export class WriteQueues {
  private readonly run: RunContext;
  private readonly queues = new Map<string, Map<string, PendingWrite>>();
  private readonly levels: SyncObject[][];
  private queued = 0;

  constructor(run: RunContext) {
    this.run = run;
    this.levels = dependencyLevels(run.objects);
  }

  /** Records waiting in all queues. */
  get size(): number {
    return this.queued;
  }

  add(object: SyncObject, writes: PendingWrite[]): void {
    const queue = this.queues.get(object.apiName) ?? new Map<string, PendingWrite>();
    this.queues.set(object.apiName, queue);
    for (const w of writes) {
      // A later version of a record replaces the queued one: one call never carries an external ID twice.
      if (!queue.has(w.record.externalId)) this.queued++;
      queue.set(w.record.externalId, w);
    }
  }

  /** Sends everything queued, parents first; the first failure is raised once its level has settled. */
  async flush(): Promise<void> {
    for (const level of this.levels) {
      const sends = level.map((object) => this.flushObject(object));
      const failure = (await Promise.allSettled(sends)).find((s) => s.status === 'rejected');
      if (failure) throw failure.reason;
    }
  }

  private async flushObject(object: SyncObject): Promise<void> {
    const queue = this.queues.get(object.apiName);
    this.queues.delete(object.apiName);
    this.queued -= queue?.size ?? 0;
    const { ledger, state, sink, opts } = this.run;
    const writes = holdBack(this.run, object, [...(queue?.values() ?? [])]);
    if (!writes.length) return ledger.progress(object.apiName);
    // Remembered before sending, so a run killed now still knows these new records are its own.
    state.markIntent(writes.filter((w) => !w.known?.sfId).map((w) => w.record));
    const api = chooseApi(writes.length, opts.bulkThreshold);
    this.run.deps.logger?.debug({ object: object.apiName, records: writes.length, api }, 'writing');
    const counts = ledger.of(object.apiName);
    await sink.upsert(object, writes, api, (outcomes) => {
      state.commitOutcomes(outcomes);
      for (const o of outcomes) {
        if (o.success && o.created) counts.created++;
        else if (o.success) counts.updated++;
        else ledger.addError({ object: o.object, externalId: o.externalId, metronomeId: o.sourceId, ...o.error! });
      }
      ledger.progress(object.apiName);
    });
  }
}
