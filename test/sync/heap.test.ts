import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from '../../scripts/sync/heap.ts';

describe("the sync's heap growth", () => {
  it('is bounded unless the process was started with its own setting', () => {
    expect(boundHeapGrowth({ NODE_OPTIONS: '--heap-growing-percent=80' }, [])).toBe(false);
    expect(boundHeapGrowth({}, ['--heap_growing_percent=10'])).toBe(false);
    expect(boundHeapGrowth({ NODE_OPTIONS: '--max-old-space-size=512' }, ['--import', 'x.mjs'])).toBe(true);
  });
});
