/**
 * The heap bound is a process-wide V8 setting, so the commands that own a syncing process set it (scripts/cli/heap.ts)
 * and the sync's domain code does not. `node:v8` is mocked on fresh copies of the modules: in a worker that shares
 * modules between files, another file may already have loaded them with the real one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandSpec } from '../../scripts/cli/command.ts';

const setFlagsFromString = vi.fn();
let heap: typeof import('../../scripts/cli/heap.ts');
let syncCommands: typeof import('../../scripts/cli/sync.ts').syncCommands;

beforeAll(async () => {
  vi.resetModules();
  vi.doMock('node:v8', async (original) => ({ ...(await original<object>()), setFlagsFromString }));
  heap = await import('../../scripts/cli/heap.ts');
  ({ syncCommands } = await import('../../scripts/cli/sync.ts'));
});
afterAll(() => {
  vi.doUnmock('node:v8');
  vi.resetModules();
});
beforeEach(() => setFlagsFromString.mockClear());

const flag = () => `--heap-growing-percent=${heap.HEAP_GROWING_PERCENT}`;
const command = (name: string) => syncCommands[name] as CommandSpec;
/** Flags that make a command fail at once, after its start and before it reaches any org. */
const missingConfig = { env: 'nowhere', config: path.join(import.meta.dirname, 'no-such-sync.config.json') };

describe('the heap growth of a syncing process', () => {
  it('is bounded unless the process was started with its own setting', () => {
    expect(heap.boundHeapGrowth({ NODE_OPTIONS: '--heap-growing-percent=80' }, [])).toBe(false);
    expect(heap.boundHeapGrowth({}, ['--heap_growing_percent=10'])).toBe(false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
    expect(heap.boundHeapGrowth({ NODE_OPTIONS: '--max-old-space-size=512' }, ['--import', 'x.mjs'])).toBe(true);
    expect(setFlagsFromString).toHaveBeenCalledWith(flag());
  });

  it.each(['run', 'schedule'])('is set by `nome sync %s`, which runs syncs', async (name) => {
    await expect(command(name).run({ ...missingConfig, json: true })).rejects.toThrow(/no-such-sync\.config\.json/);
    expect(setFlagsFromString).toHaveBeenCalledWith(flag());
  });

  it('is left alone by a command that runs no sync (`nome sync validate`)', async () => {
    await expect(command('validate').run({ ...missingConfig, json: true })).rejects.toThrow();
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it("is not the sync's domain code's to set", () => {
    const run = readFileSync(path.join(import.meta.dirname, '../../scripts/sync/run.ts'), 'utf8');
    expect(run).not.toMatch(/heap|setFlagsFromString/);
  });
});
