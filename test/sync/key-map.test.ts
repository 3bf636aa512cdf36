import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OffHeapKeyMap, type KeyMapStorage } from '../../scripts/sync/key-map.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nome-key-map-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const storages: [string, () => KeyMapStorage][] = [
  ['on disk', () => ({ storage: 'disk', dir: tempDir() })],
  ['in memory', () => ({ storage: 'memory' })],
];

describe.each(storages)('an off-heap key map %s', (_, storage) => {
  it('tells apart keys whose hashes are equal (found by search: FNV-1a of these two collides)', () => {
    const map = new OffHeapKeyMap(storage());
    map.set('id-149599', 'first');
    expect(map.get('id-312382')).toBeUndefined();
    expect(map.setIfAbsent('id-312382', 'second')).toBe('second');
    expect([map.get('id-149599'), map.get('id-312382'), map.size]).toEqual(['first', 'second', 2]);
    expect(map.take('id-149599')).toBe('first');
    expect([map.get('id-149599'), map.get('id-312382'), map.size]).toEqual([undefined, 'second', 1]);
    map.close();
  });

  it('keeps the first value of a key given twice, and replaces it only when told to', () => {
    const map = new OffHeapKeyMap(storage());
    expect(map.setIfAbsent('abc', 'ABC')).toBe('ABC');
    expect(map.setIfAbsent('abc', 'aBc')).toBe('ABC');
    map.set('abc', 'abc');
    expect([map.get('abc'), map.size]).toEqual(['abc', 1]);
    map.close();
  });

  it('holds a large set exactly, long and non-ASCII entries included, and lists what is left in order', () => {
    const map = new OffHeapKeyMap(storage());
    const n = 30_000;
    for (let i = 0; i < n; i++) map.set(`k-${i}-é`, `v-${i}`);
    const long = 'x'.repeat(100_000);
    map.set('long', long);
    for (let i = 0; i < n; i += 2) expect(map.take(`k-${i}-é`)).toBe(`v-${i}`);
    expect(map.size).toBe(n / 2 + 1);
    expect(map.get('long')).toBe(long);
    expect(map.get(`k-${n}-é`)).toBeUndefined();
    const left = [...map];
    expect(left).toHaveLength(n / 2 + 1);
    expect(left[0]).toEqual(['k-1-é', 'v-1']);
    expect(left.at(-1)).toEqual(['long', long]);
    map.close();
    expect(map.size).toBe(0);
    expect(map.has('long')).toBe(false);
  });
});

describe('an off-heap key map on disk', () => {
  it('leaves no file behind: its file is unlinked once open, so even a killed process leaves nothing', () => {
    const dir = tempDir();
    const map = new OffHeapKeyMap({ storage: 'disk', dir });
    for (let i = 0; i < 10_000; i++) map.set(`customer-${i}`, '');
    expect(readdirSync(dir)).toEqual([]);
    expect(map.has('customer-9999')).toBe(true);
    map.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});
