/**
 * One object's write queue with a bounded footprint: writes wait in memory until the run's queues hold
 * `maxQueuedRecords`, then go to a spool file (JSON lines, 0600, in a 0700 directory of the system's temp dir,
 * removed when the queue is sent: the records hold customer data). Spilled records' external IDs are remembered on
 * disk too (key-map.ts), so a record queued again is known to replace a spilled one; only the IDs of such records
 * and the number of their latest version stay in memory.
 */
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { OffHeapKeyMap } from '../key-map.ts';
import { csvColumns, SET_BATCH } from '../write-set.ts';
import type { PendingWrite } from '../writer.ts';

export class SpooledQueue {
  private readonly file: string;
  private fd: number | undefined;
  private readonly memory = new Map<string, { version: number; write: PendingWrite }>();
  /** External IDs in the spool file. */
  private spilledIds: OffHeapKeyMap | undefined;
  /**
   * Records queued again after they were spilled, with the version that counts: their older lines in the file are
   * skipped when it is read (a record in memory is newer than any line of it in the file).
   */
  private readonly requeued = new Map<string, number>();
  private distinct = 0;
  private version = 0;
  private readonly columnSet = new Set<string>();

  constructor(file: string) {
    this.file = file;
  }

  /** Distinct records queued. */
  get count(): number {
    return this.distinct;
  }

  /** Records held in memory. */
  get inMemory(): number {
    return this.memory.size;
  }

  /** True once some writes went to the spool file. */
  get spilled(): boolean {
    return this.fd !== undefined;
  }

  columns(): string[] {
    return [...this.columnSet];
  }

  add(write: PendingWrite): void {
    const version = ++this.version;
    const id = write.record.externalId;
    if (this.requeued.has(id) || (!this.memory.has(id) && this.spilledIds?.has(id))) this.requeued.set(id, version);
    else if (!this.memory.has(id)) this.distinct++;
    this.memory.set(id, { version, write });
    csvColumns(write, this.columnSet);
  }

  /** Moves what is in memory to the spool file. */
  spill(): void {
    if (!this.memory.size) return;
    this.fd ??= openSync(this.file, 'wx', 0o600);
    this.spilledIds ??= new OffHeapKeyMap({ storage: 'disk', dir: path.dirname(this.file) });
    let text = '';
    for (const [id, { version, write }] of this.memory) {
      this.spilledIds.setIfAbsent(id, '');
      text += JSON.stringify([version, write]) + '\n';
      if (text.length > 1 << 20) {
        writeSync(this.fd, text);
        text = '';
      }
    }
    writeSync(this.fd, text);
    this.memory.clear();
  }

  /** The latest version of every queued write, spilled ones first, `SET_BATCH` at a time. */
  async *batches(): AsyncGenerator<PendingWrite[]> {
    let batch: PendingWrite[] = [];
    if (this.fd !== undefined) {
      const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        const [version, write] = JSON.parse(line) as [number, PendingWrite];
        const id = write.record.externalId;
        if (this.memory.has(id) || (this.requeued.get(id) ?? version) !== version) continue;
        batch.push(write);
        if (batch.length >= SET_BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
    for (const { write } of this.memory.values()) {
      batch.push(write);
      if (batch.length >= SET_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  async find(externalIds: Set<string>): Promise<PendingWrite[]> {
    const found: PendingWrite[] = [];
    for await (const batch of this.batches())
      for (const w of batch) if (externalIds.has(w.record.externalId)) found.push(w);
    return found;
  }

  /** Forgets the queue and removes its spool file. */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.file, { force: true });
    this.spilledIds?.close();
    this.spilledIds = undefined;
    this.memory.clear();
    this.requeued.clear();
  }
}

/** A spool file's name for an object (API names are letters, digits and underscores). */
export const spoolFile = (dir: string, object: string, n: number) => path.join(dir, `${object}-${n}.jsonl`);
