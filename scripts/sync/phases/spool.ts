/**
 * One object's write queue with a bounded footprint: writes wait in memory until the run's queues hold
 * `maxQueuedRecords`, then go to a spool file (JSON lines, 0600, in a 0700 directory of the system's temp dir,
 * removed when the queue is sent: the records hold customer data). What stays in memory per record is its external
 * ID and the number of its latest version, so a record queued again replaces the spilled one.
 */
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { csvColumns, SET_BATCH } from '../write-set.ts';
import type { PendingWrite } from '../writer.ts';

export class SpooledQueue {
  private readonly file: string;
  private fd: number | undefined;
  private readonly memory = new Map<string, { version: number; write: PendingWrite }>();
  /** Every queued external ID and the version that counts (a spilled older one is skipped when read). */
  private readonly latest = new Map<string, number>();
  private version = 0;
  private readonly columnSet = new Set<string>();

  constructor(file: string) {
    this.file = file;
  }

  /** Distinct records queued. */
  get count(): number {
    return this.latest.size;
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
    this.latest.set(write.record.externalId, version);
    this.memory.set(write.record.externalId, { version, write });
    csvColumns(write, this.columnSet);
  }

  /** Moves what is in memory to the spool file. */
  spill(): void {
    if (!this.memory.size) return;
    this.fd ??= openSync(this.file, 'wx', 0o600);
    let text = '';
    for (const { version, write } of this.memory.values()) {
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
        if (this.latest.get(write.record.externalId) !== version) continue;
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
    this.memory.clear();
    this.latest.clear();
  }
}

/** A spool file's name for an object (API names are letters, digits and underscores). */
export const spoolFile = (dir: string, object: string, n: number) => path.join(dir, `${object}-${n}.jsonl`);
