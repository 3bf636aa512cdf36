/**
 * A string map as large as an account, kept on disk: the entries go to a private temp file and memory holds only
 * a hash of each key and where its entry is in the file (a few tens of bytes an entry, however long the key), so
 * what the sync must remember of every record of a run (external IDs) does not grow its heap. Exact: a hash hit
 * is checked against the entry read back from the file. Entries are appended, never changed.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Entries are appended through a buffer of this size (one write per buffer, not per entry). */
const TAIL_BYTES = 1 << 16;
const HEADER_BYTES = 8;

/** FNV-1a over the UTF-16 code units, 30 bits: small integers, which a Map holds without boxing. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

export class DiskKeyMap {
  private readonly dir: string;
  private readonly file: string;
  private fd: number | undefined;
  /** Key hash → file offset of its entry, or of each entry whose key has that hash (rare). */
  private readonly index = new Map<number, number | number[]>();
  private tail = Buffer.allocUnsafe(TAIL_BYTES);
  private tailUsed = 0;
  /** File offset of the tail's first byte: everything before it is written. */
  private tailStart = 0;
  private entries = 0;

  constructor(parent = tmpdir()) {
    // Names of customers' records: readable by the owner only, and gone when the map is (or the process is).
    this.dir = mkdtempSync(path.join(parent, 'nome-keys-'));
    this.file = path.join(this.dir, 'keys');
    this.fd = openSync(this.file, 'wx+', 0o600);
    try {
      // Unlinked at once where an open file can be (POSIX): nothing is left behind even if the process is killed.
      unlinkSync(this.file);
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // Windows keeps it until close().
    }
  }

  get size(): number {
    return this.entries;
  }

  get(key: string): string | undefined {
    const at = this.index.get(hash(key));
    if (at === undefined) return undefined;
    for (const offset of typeof at === 'number' ? [at] : at) {
      const entry = this.read(offset);
      if (entry.key === key) return entry.value;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores `value` under `key` unless the key is there already; returns the value the key has. */
  setIfAbsent(key: string, value: string): string {
    const known = this.get(key);
    if (known !== undefined) return known;
    const h = hash(key);
    const offset = this.append(key, value);
    const at = this.index.get(h);
    this.index.set(h, at === undefined ? offset : typeof at === 'number' ? [at, offset] : [...at, offset]);
    this.entries++;
    return value;
  }

  /** Forgets everything and removes the file. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.dir, { recursive: true, force: true });
    this.index.clear();
    this.tail = Buffer.alloc(0);
  }

  private append(key: string, value: string): number {
    const keyBytes = Buffer.byteLength(key);
    const size = HEADER_BYTES + keyBytes + Buffer.byteLength(value);
    if (this.tailUsed + size > this.tail.length) this.flush();
    const offset = this.tailStart + this.tailUsed;
    const target = size > this.tail.length ? Buffer.allocUnsafe(size) : this.tail;
    const start = target === this.tail ? this.tailUsed : 0;
    target.writeUInt32LE(keyBytes, start);
    target.writeUInt32LE(size - HEADER_BYTES - keyBytes, start + 4);
    target.write(key, start + HEADER_BYTES);
    target.write(value, start + HEADER_BYTES + keyBytes);
    if (target === this.tail) this.tailUsed += size;
    else {
      writeSync(this.fd!, target, 0, size, offset);
      this.tailStart += size;
    }
    return offset;
  }

  private flush(): void {
    if (!this.tailUsed) return;
    writeSync(this.fd!, this.tail, 0, this.tailUsed, this.tailStart);
    this.tailStart += this.tailUsed;
    this.tailUsed = 0;
  }

  private read(offset: number): { key: string; value: string } {
    const header = this.bytes(offset, HEADER_BYTES);
    const keyBytes = header.readUInt32LE(0);
    const body = this.bytes(offset + HEADER_BYTES, keyBytes + header.readUInt32LE(4));
    return { key: body.toString('utf8', 0, keyBytes), value: body.toString('utf8', keyBytes) };
  }

  private bytes(offset: number, length: number): Buffer {
    if (offset >= this.tailStart) return this.tail.subarray(offset - this.tailStart, offset - this.tailStart + length);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd!, out, done, length - done, offset + done);
      if (n === 0) throw new Error(`${this.file}: entry at ${offset} cut short`);
      done += n;
    }
    return out;
  }
}
