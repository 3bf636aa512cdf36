import { describe, expect, it } from 'vitest';
import { StateStore } from '../../../scripts/sync/state/index.ts';
import { ORG } from './fixtures.ts';

describe('state store: runs', () => {
  it("estimates a run's API calls from the last run of the same kind", () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    const run = state.startRun('e', ORG, false);
    state.finishRun(run, 'succeeded', { apiCalls: { salesforce: 120 }, fullSyncReason: 'first' });
    const run2 = state.startRun('e', ORG, false);
    state.finishRun(run2, 'succeeded', { apiCalls: { salesforce: 12 } });
    // The budget estimate for an incremental run comes from the last incremental run, not the last full one.
    expect(state.lastRunCalls('e', ORG)).toBe(12);
    expect(state.lastRunCalls('e', ORG, true)).toBe(120);
  });

  it('refuses a second run of an environment while another live process runs it; a dead one is marked interrupted', () => {
    const state = new StateStore(':memory:');
    state.openOrg(ORG, 'fp');
    state.startRun('e', ORG, false, process.ppid); // a live process (our parent) holds a run
    expect(() => state.startRun('e', ORG, false)).toThrow(/Another sync of e is running/);
    expect(() => state.startRun('e', ORG, true)).not.toThrow(); // a dry run writes nothing
    expect(() => state.startRun('other', ORG, false)).not.toThrow();
    const dead = new StateStore(':memory:');
    dead.startRun('e', ORG, false, 2 ** 22 + 4321); // no such process
    dead.startRun('e', ORG, false);
    expect(dead.runs().map((r) => r.status)).toEqual(['running', 'interrupted']);
  });
});

describe('state store across processes', () => {
  it('of several processes starting a run of one environment at the same instant, exactly one gets it', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'nome-state-race-'));
    const file = path.join(dir, 'e.sqlite');
    new StateStore(file).close();
    const at = Date.now() + 1500;
    const script = `
      const { StateStore } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../../scripts/sync/state/index.ts'))});
      const state = new StateStore(${JSON.stringify(file)});
      while (Date.now() < ${at});
      try { state.startRun('e', 'org', false); console.log('started'); } catch (e) { console.log(e.name); }
      await new Promise((r) => setTimeout(r, 400));`;
    const node = path.resolve(import.meta.dirname, '../../../node_modules/.bin/node');
    const outputs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(node, ['--no-warnings', '--input-type=module', '-e', script], {
              stdio: ['ignore', 'pipe', 'inherit'],
            });
            let out = '';
            child.stdout.on('data', (d) => (out += d));
            child.on('exit', () => resolve(out.trim()));
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(outputs.sort()).toEqual(['RunInProgress', 'RunInProgress', 'RunInProgress', 'started']);
  }, 15_000);
});
