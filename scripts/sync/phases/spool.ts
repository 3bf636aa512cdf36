/**
 * One object's write queue with a bounded footprint: writes wait in memory until the run's queues hold
 * `maxQueuedRecords`, then go to a spool file (JSON lines, 0600, in a 0700 directory of the system's temp dir,
 * removed when the queue is sent: the records hold customer data). Spilled records' external IDs are remembered on
 * disk too (key-map.ts), so a record queued again is known to replace a spilled one; only the IDs of such records
 * and the number of their latest version stay in memory.
 */
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
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
    const out = new LineWriter(this.fd);
    for (const [id, { version, write }] of this.memory) {
      this.spilledIds.setIfAbsent(id, '');
      out.line(JSON.stringify([version, write]));
    }
    out.flush();
    this.memory.clear();
  }

  /** The latest version of every queued write, spilled ones first, `SET_BATCH` at a time. */
  async *batches(): AsyncGenerator<PendingWrite[]> {
    let batch: PendingWrite[] = [];
    if (this.fd !== undefined) {
      for await (const lines of linesOf(this.file)) {
        for (const line of lines) {
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

/*
 * The spool is written and read without a JS string of more than one line: V8 keeps a string past 128 KiB in its
 * large-object space until a full collection, and a long run's spills and reads made tens of MiB of them (measured
 * with a sampling heap profile of a 10,000-customer first load), all of it peak memory.
 */

/** Bytes written to the spool per write call, through one reused buffer outside the JS heap. */
const WRITE_CHUNK_BYTES = 1 << 16;
/** A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4). */
const MAX_UTF8_PER_UNIT = 3;
const LF = 0x0a;

/** JSON lines appended to a file a buffer at a time. */
class LineWriter {
  private readonly buffer = Buffer.allocUnsafe(WRITE_CHUNK_BYTES);
  private used = 0;
  private readonly fd: number;

  constructor(fd: number) {
    this.fd = fd;
  }

  /** `text` holds no line break (JSON.stringify escapes them). */
  line(text: string): void {
    const worstCase = text.length * MAX_UTF8_PER_UNIT + 1;
    if (this.used + worstCase > this.buffer.length) this.flush();
    if (worstCase > this.buffer.length) {
      writeSync(this.fd, `${text}\n`);
      return;
    }
    this.used += this.buffer.write(text, this.used);
    this.buffer[this.used++] = LF;
  }

  flush(): void {
    let at = 0;
    while (at < this.used) at += writeSync(this.fd, this.buffer, at, this.used - at);
    this.used = 0;
  }
}

/** A file's non-empty lines, the complete ones of each chunk read (LF never occurs inside a UTF-8 sequence). */
async function* linesOf(file: string): AsyncGenerator<string[]> {
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let end = data.indexOf(LF); end >= 0; end = data.indexOf(LF, start)) {
      if (end > start) lines.push(data.toString('utf8', start, end));
      start = end + 1;
    }
    rest = start < data.length ? data.subarray(start) : undefined;
    yield lines;
  }
  if (rest) yield [rest.toString('utf8')];
}

/** A spool file's name for an object (API names are letters, digits and underscores). */
export const spoolFile = (dir: string, object: string, n: number) => path.join(dir, `${object}-${n}.jsonl`);
