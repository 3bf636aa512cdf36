/**
 * The heap bound is a process-wide V8 setting, so the commands that own a syncing process set it (scripts/cli/heap.ts)
 * and the sync's domain code does not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../scripts/cli/heap.ts';
import type { CommandSpec } from '../../scripts/cli/command.ts';
import { syncCommands } from '../../scripts/cli/sync.ts';

vi.mock('node:v8', async (original) => ({ ...(await original<object>()), setFlagsFromString: vi.fn() }));

const FLAG = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
const command = (name: string) => syncCommands[name] as CommandSpec;
/** Flags that make a command fail at once, after its start and before it reaches any org. */
const missingConfig = { env: 'nowhere', config: path.join(import.meta.dirname, 'no-such-sync.config.json') };

beforeEach(() => vi.mocked(setFlagsFromString).mockClear());

describe('the heap growth of a syncing process', () => {
  it('is bounded unless the process was started with its own setting', () => {
    expect(boundHeapGrowth({ NODE_OPTIONS: '--heap-growing-percent=80' }, [])).toBe(false);
    expect(boundHeapGrowth({}, ['--heap_growing_percent=10'])).toBe(false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
    expect(boundHeapGrowth({ NODE_OPTIONS: '--max-old-space-size=512' }, ['--import', 'x.mjs'])).toBe(true);
    expect(setFlagsFromString).toHaveBeenCalledWith(FLAG);
  });

  it.each(['run', 'schedule'])('is set by `nome sync %s`, which runs syncs', async (name) => {
    await expect(command(name).run({ ...missingConfig, json: true })).rejects.toThrow(/no-such-sync\.config\.json/);
    expect(setFlagsFromString).toHaveBeenCalledWith(FLAG);
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
