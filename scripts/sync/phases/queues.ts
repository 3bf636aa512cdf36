/**
 * Write queues: one per object, living across customer batches, so records of one object travel in as few calls
 * as the API allows (⌈n/200⌉ sObject Collections calls, or one Bulk 2.0 job from the bulk threshold up) instead of
 * a partial call per batch. Past `maxQueuedRecords` in memory they spill to disk (spool.ts), so the account's size
 * costs disk, not memory or calls. An object is sent as soon as the read says it is complete (while the rest is
 * read) or at a flush, always after its parents' sends, so children of a failed parent are held back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SyncObject } from '../objects.ts';
import type { ErrorToSave, WriteOutcome } from '../state/index.ts';
import type { WriteSet } from '../write-set.ts';
import { chooseApi, type PendingWrite } from '../writer.ts';
import type { RunContext } from './context.ts';
import { recordHeld, splitHeld } from './hold-back.ts';
import { spoolFile, SpooledQueue } from './spool.ts';

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

/** The package objects an object looks up (itself excluded: a self-lookup does not order sends). */
const parentsOf = (object: SyncObject) =>
  [...object.parents.values()].map((p) => p.parentApiName).filter((name) => name !== object.apiName);

export class WriteQueues {
  private readonly run: RunContext;
  private readonly queues = new Map<string, SpooledQueue>();
  private readonly levels: SyncObject[][];
  private dir: string | undefined;
  private files = 0;
  /** Each object's latest send. */
  private readonly sends = new Map<string, Promise<void>>();
  /**
   * When each object's records are in the org: as soon as its send knows they all landed (a clean Bulk job, before
   * its results are read), else when the send is over. Its children's sends wait for this.
   */
  private readonly landed = new Map<string, Promise<unknown>>();
  private failed: { error: unknown } | undefined;
  /** Objects the read said are complete, and those of them whose early send has started. */
  private readonly completed = new Set<string>();
  private readonly started = new Set<string>();
  private readonly known: Set<string>;

  constructor(run: RunContext) {
    this.run = run;
    this.levels = dependencyLevels(run.objects);
    this.known = new Set(run.objects.map((o) => o.apiName));
  }

  /** Records waiting in all queues. */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.count;
    return n;
  }

  add(object: SyncObject, writes: PendingWrite[]): void {
    let queue = this.queues.get(object.apiName);
    if (!queue) {
      queue = new SpooledQueue(spoolFile(this.spoolDir(), object.apiName, this.files++));
      this.queues.set(object.apiName, queue);
    }
    // A later version of a record replaces the queued one: one call never carries an external ID twice.
    for (const w of writes) queue.add(w);
    let inMemory = 0;
    for (const q of this.queues.values()) inMemory += q.inMemory;
    if (inMemory > this.run.opts.maxQueuedRecords) for (const q of this.queues.values()) q.spill();
  }

  /**
   * Starts sending these objects, whose records are all queued (the read of them is complete), without waiting:
   * the read goes on meanwhile. An object starts once its parents have started too (whichever completes first),
   * and its send waits for theirs. A failure is raised by throwIfFailed and flush.
   */
  complete(objectNames: readonly string[]): void {
    for (const name of objectNames) this.completed.add(name);
    for (const object of this.levels.flat()) {
      if (this.started.has(object.apiName) || !this.completed.has(object.apiName)) continue;
      if (!parentsOf(object).every((p) => this.started.has(p) || !this.known.has(p))) continue;
      this.started.add(object.apiName);
      this.schedule(object).catch((error: unknown) => this.noteFailure(error));
    }
  }

  /** Raises the failure of a send started by complete(), so the read stops instead of going on for nothing. */
  throwIfFailed(): void {
    if (this.failed) throw this.failed.error;
  }

  /**
   * Sends everything queued, each object as soon as its own parents are sent (not the whole level before it: an
   * object waits only for what its hold-back reads); the first failure is raised once every send has settled, and
   * a failed send's children are not sent.
   */
  async flush(): Promise<void> {
    const failure = (await Promise.allSettled(this.levels.flat().map((o) => this.schedule(o)))).find(
      (s) => s.status === 'rejected',
    );
    if (failure) throw failure.reason;
  }

  /** Waits for every send in flight (however it ends), so nothing is removed from under it. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.sends.values());
  }

  /**
   * The object's next send: after its own previous one; its records are read (and a Bulk CSV prepared) while its
   * parents' sends go on, and sent once the parents' records have landed.
   */
  private schedule(object: SyncObject): Promise<void> {
    const parentsLanded = Promise.all(parentsOf(object).map((name) => this.landed.get(name)));
    // Handled here: a parent's failure reaches the run through the parent's own send.
    parentsLanded.catch(() => undefined);
    const previous = this.sends.get(object.apiName);
    // Nothing new queued: the records landed when the previous send's did.
    const nothingNew = previous !== undefined && !this.queues.get(object.apiName)?.count;
    let landedEarly!: () => void;
    const early = new Promise<void>((resolve) => (landedEarly = resolve));
    const send = (previous ?? Promise.resolve()).then(() => this.flushObject(object, parentsLanded, landedEarly));
    this.sends.set(object.apiName, send);
    if (!nothingNew) {
      const landed = Promise.race([early, send]);
      // A failed send reaches the run through the send itself.
      landed.catch(() => undefined);
      this.landed.set(object.apiName, landed);
    }
    return send;
  }

  private noteFailure(error: unknown): void {
    this.failed ??= { error };
  }

  /** Removes every spool file (the run is over, or failed). */
  dispose(): void {
    for (const q of this.queues.values()) q.dispose();
    this.queues.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private spoolDir(): string {
    this.dir ??= mkdtempSync(path.join(this.run.opts.spoolDir ?? tmpdir(), 'nome-spool-'));
    return this.dir;
  }

  private async flushObject(object: SyncObject, parentsLanded: Promise<unknown>, landed: () => void): Promise<void> {
    const queue = this.queues.get(object.apiName);
    this.queues.delete(object.apiName);
    const { ledger, sink, opts } = this.run;
    if (!queue?.count) return ledger.progress(object.apiName);
    try {
      const api = chooseApi(queue.count, opts.bulkThreshold);
      this.run.deps.logger?.debug(
        { object: object.apiName, records: queue.count, api, spilled: queue.spilled },
        'writing',
      );
      const counts = ledger.of(object.apiName);
      const onOutcomes = (outcomes: WriteOutcome[]) => {
        this.run.state.commitOutcomes(outcomes);
        for (const o of outcomes) {
          if (o.success && o.created) counts.created++;
          else if (o.success) counts.updated++;
          else ledger.addError({ object: o.object, externalId: o.externalId, metronomeId: o.sourceId, ...o.error! });
        }
        ledger.progress(object.apiName);
      };
      await sink.upsert(object, this.sendable(object, queue, parentsLanded), api, onOutcomes, landed);
      ledger.progress(object.apiName);
    } finally {
      queue.dispose();
    }
  }

  /**
   * The queue as the sink reads it: children of failed parents held back, new records' intents remembered. A read
   * made before the parents have landed holds back what has failed so far; `ready` says whether a parent failed
   * since (then the sink reads again), and only the read that is sent reports its held-back records.
   */
  private sendable(object: SyncObject, queue: SpooledQueue, parentsLanded: Promise<unknown>): WriteSet {
    const run = this.run;
    const parents = parentsOf(object).filter((p) => this.known.has(p));
    const parentFailures = () => parents.reduce((n, p) => n + run.ledger.of(p).failed, 0);
    let settled = false;
    void parentsLanded.then(
      () => (settled = true),
      () => undefined,
    );
    let early: { failures: number; held: ErrorToSave[] } | undefined;
    return {
      count: queue.count,
      columns: () => queue.columns(),
      batches: async function* () {
        const read = settled ? undefined : { failures: parentFailures(), held: [] as ErrorToSave[] };
        early = read;
        for await (const batch of queue.batches()) {
          const { ready, held } = splitHeld(run, object, batch);
          if (read) read.held.push(...held);
          else recordHeld(run, held);
          // Remembered before sending, so a run killed now still knows these new records are its own.
          run.state.markIntent(ready.filter((w) => !w.known?.sfId).map((w) => w.record));
          if (ready.length) yield ready;
        }
      },
      find: (keys) => queue.find(keys),
      ready: async () => {
        await parentsLanded;
        const read = early;
        early = undefined;
        if (!read) return true;
        if (parentFailures() !== read.failures) return false;
        recordHeld(run, read.held);
        return true;
      },
    };
  }
}
