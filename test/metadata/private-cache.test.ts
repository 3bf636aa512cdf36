import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateCacheDir } from '../../scripts/metadata/private-cache.js';

const base = mkdtempSync(path.join(tmpdir(), 'private-cache-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the folder nome keeps things in between starts', () => {
  it("is made the user's own (0700) beside the cache it is given", () => {
    const dir = privateCacheDir('kept', base)!;
    expect(dir).toBe(path.join(base, 'kept'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('is not used when others may write to it or to the folder it is in', () => {
    chmodSync(path.join(base, 'kept'), 0o777);
    expect(privateCacheDir('kept', base)).toBeUndefined();
    chmodSync(path.join(base, 'kept'), 0o700);
    chmodSync(base, 0o777);
    expect(privateCacheDir('kept', base)).toBeUndefined();
    chmodSync(base, 0o700);
    expect(privateCacheDir('kept', base)).toBe(path.join(base, 'kept'));
  });

  it('is none without a cache to sit beside', () => {
    expect(privateCacheDir('kept', '')).toBeUndefined();
  });
});
