/**
 * String maps as large as an account, off the JS heap: what the sync must remember of every record of a run
 * (external IDs, and for a Bulk job what each sent record's outcome needs) would otherwise hold the heap at several
 * times its size until the run ends, since V8 lets garbage grow in proportion to what is live. The entries are
 * appended to byte chunks, in a private temp file (`disk`, nothing in memory) or in buffers outside the heap
 * (`memory`, for a map read back at once); an index in typed arrays maps a hash of each key to its entry. Exact:
 * a hash hit is checked against the key read back.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Entries are appended to chunks of this size (one file write per chunk). */
const CHUNK_BYTES = 1 << 16;
const HEADER_BYTES = 8;
/** A disk entry is read with one read of this many bytes when it fits (most do). */
const READ_AHEAD = 256;

/** FNV-1a over the UTF-16 code units, never 0 (an empty slot). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 1;
}

/** A map dropped without close() still gives its file descriptor back. */
const descriptors = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

export type KeyMapStorage = { storage: 'disk'; dir?: string } | { storage: 'memory' };

export class OffHeapKeyMap {
  private readonly disk: { dir: string; file: string; fd: number | undefined } | undefined;
  /** Full chunks kept in memory (`memory` storage), and where each starts. */
  private readonly chunks: Buffer[] = [];
  private chunkStarts: number[] = [];
  /** The chunk being filled, and where it starts: entries never cross a chunk. */
  private tail = Buffer.allocUnsafe(CHUNK_BYTES);
  private tailUsed = 0;
  private tailStart = 0;
  /** Open addressing: each slot holds an entry number + 1 (0: empty) and that key's hash. */
  private slots = new Int32Array(1024);
  private slotHashes = new Int32Array(1024);
  /** Each entry's place in the chunks; -1 once deleted. */
  private offsets = new Float64Array(512);
  private entries = 0;
  private live = 0;

  constructor(options: KeyMapStorage) {
    if (options.storage === 'memory') return;
    // Names of customers' records: readable by the owner only, and gone when the map is (or the process is).
    const dir = mkdtempSync(path.join(options.dir ?? tmpdir(), 'nome-keys-'));
    const file = path.join(dir, 'keys');
    this.disk = { dir, file, fd: openSync(file, 'wx+', 0o600) };
    descriptors.register(this, this.disk.fd!, this);
    try {
      // Unlinked at once where an open file can be (POSIX): nothing is left behind even if the process is killed.
      unlinkSync(file);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Windows keeps it until close().
    }
  }

  /** Keys held. */
  get size(): number {
    return this.live;
  }

  get(key: string): string | undefined {
    const found = this.find(key);
    return found && found.value;
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  /** Stores `value` under `key` unless the key is there already; returns the value the key has. */
  setIfAbsent(key: string, value: string): string {
    const h = hash(key);
    const found = this.find(key, h);
    if (found) return found.value;
    this.add(key, value, h);
    return value;
  }

  set(key: string, value: string): void {
    const h = hash(key);
    const found = this.find(key, h);
    if (found) this.remove(found.entry);
    this.add(key, value, h);
  }

  /** Removes the key and returns what it had. */
  take(key: string): string | undefined {
    const found = this.find(key);
    if (!found) return undefined;
    this.remove(found.entry);
    return found.value;
  }

  private remove(entry: number): void {
    this.offsets[entry] = -1;
    this.live--;
  }

  /** The entries still held, in the order they were added. */
  *[Symbol.iterator](): Generator<[string, string]> {
    for (let entry = 0; entry < this.entries; entry++) {
      const offset = this.offsets[entry]!;
      if (offset < 0) continue;
      const { key, value } = this.read(offset);
      yield [key, value];
    }
  }

  /** Forgets everything (and removes the file). */
  close(): void {
    if (this.disk?.fd !== undefined) {
      descriptors.unregister(this);
      closeSync(this.disk.fd);
      this.disk.fd = undefined;
      rmSync(this.disk.dir, { recursive: true, force: true });
    }
    this.chunks.length = 0;
    this.chunkStarts = [];
    this.tail = Buffer.alloc(0);
    this.slots = new Int32Array(0);
    this.slotHashes = new Int32Array(0);
    this.offsets = new Float64Array(0);
    this.entries = this.live = this.tailUsed = 0;
  }

  private find(key: string, h = hash(key)): { entry: number; value: string } | undefined {
    if (!this.slots.length) return undefined;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return undefined;
      if (this.slotHashes[i] !== h) continue;
      const offset = this.offsets[slot - 1]!;
      if (offset < 0) continue;
      const read = this.read(offset);
      if (read.key === key) return { entry: slot - 1, value: read.value };
    }
  }

  private add(key: string, value: string, h: number): void {
    if (!this.slots.length) throw new Error('The key map is closed');
    if ((this.entries + 1) * 2 > this.slots.length) this.grow();
    const entry = this.entries++;
    if (entry >= this.offsets.length) {
      const offsets = new Float64Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.offsets[entry] = this.append(key, value);
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = entry + 1;
    this.slotHashes[i] = h;
    this.live++;
  }

  /** Twice the slots, every entry placed again by its hash (deleted ones dropped). */
  private grow(): void {
    const [slots, hashes] = [this.slots, this.slotHashes];
    this.slots = new Int32Array(slots.length * 2);
    this.slotHashes = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j]!;
      if (slot === 0 || this.offsets[slot - 1]! < 0) continue;
      let i = hashes[j]! & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = slot;
      this.slotHashes[i] = hashes[j]!;
    }
  }

  private append(key: string, value: string): number {
    const keyBytes = Buffer.byteLength(key);
    const size = HEADER_BYTES + keyBytes + Buffer.byteLength(value);
    if (this.tailUsed + size > this.tail.length) this.nextChunk(size);
    const at = this.tailUsed;
    this.tail.writeUInt32LE(keyBytes, at);
    this.tail.writeUInt32LE(size - HEADER_BYTES - keyBytes, at + 4);
    this.tail.write(key, at + HEADER_BYTES);
    this.tail.write(value, at + HEADER_BYTES + keyBytes);
    this.tailUsed += size;
    return this.tailStart + at;
  }

  /** Puts the filled chunk away (written to the file, or kept) and starts one that holds at least `size` bytes. */
  private nextChunk(size: number): void {
    if (this.tailUsed) {
      if (this.disk) writeSync(this.disk.fd!, this.tail, 0, this.tailUsed, this.tailStart);
      else {
        this.chunks.push(this.tail.subarray(0, this.tailUsed));
        this.chunkStarts.push(this.tailStart);
      }
    }
    this.tailStart += this.tailUsed;
    this.tailUsed = 0;
    // A chunk kept in memory is never reused; a disk chunk is, once written.
    if (!this.disk || size > this.tail.length) this.tail = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size));
  }

  private read(offset: number): { key: string; value: string } {
    const head = this.bytes(offset, HEADER_BYTES, READ_AHEAD);
    const keyBytes = head.readUInt32LE(0);
    const end = HEADER_BYTES + keyBytes + head.readUInt32LE(4);
    const entry = end <= head.length ? head : this.bytes(offset, end, end);
    return {
      key: entry.toString('utf8', HEADER_BYTES, HEADER_BYTES + keyBytes),
      value: entry.toString('utf8', HEADER_BYTES + keyBytes, end),
    };
  }

  /** At least `need` bytes from `offset` (up to `want`, within the entry's chunk or the file). */
  private bytes(offset: number, need: number, want: number): Buffer {
    if (offset >= this.tailStart) return this.tail.subarray(offset - this.tailStart, this.tailUsed);
    if (!this.disk) {
      const chunk = this.chunkAt(offset);
      return this.chunks[chunk]!.subarray(offset - this.chunkStarts[chunk]!);
    }
    const out = Buffer.allocUnsafe(want);
    let done = 0;
    while (done < need) {
      const n = readSync(this.disk.fd!, out, done, want - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    if (done < need) throw new Error(`${this.disk.file}: the entry at ${offset} is cut short`);
    return out.subarray(0, done);
  }

  /** The kept chunk holding this offset (binary search: chunks are in offset order). */
  private chunkAt(offset: number): number {
    let [low, high] = [0, this.chunkStarts.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.chunkStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
