/**
 * Issue 14 finding 6: SIGTERM or SIGINT mid-run finishes the call in flight, records the run as interrupted,
 * prints the summary and exits 5 (documented in scripts/sync/README.md); under `nome sync schedule` too. The
 * next run carries on and leaves the org equal to Metronome.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyncConfig } from '../support/sync-config.ts';
import { StateStore } from '../../scripts/sync/state/index.ts';
import { spawnNome } from '../support/nome-process.ts';
import { startWorld, type World } from './world.ts';

/** Starts `nome <args>`, sends `signal` once `writes` write calls reached the org; resolves with its exit and output. */
async function interrupt(world: World, args: string[], signal: NodeJS.Signals, writes: number) {
  const child = spawnNome(args, {
    env: { ...world.env, NOME_STATE_DIR: world.stateDirectory, NOME_LOG_LEVEL: '' },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (world.org.stats().writes < writes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const sentAt = Date.now();
  child.kill(signal);
  const code = await exited;
  return { code, out, afterSignalMs: Date.now() - sentAt };
}

describe('stopping a run on request', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('SIGTERM: the summary is printed, the run recorded interrupted, exit 5; the next run completes', async () => {
    world = await startWorld({ customers: 30, seed: 11 });
    const config = writeSyncConfig(world.stateDirectory, {
      e2e: { instanceUrl: world.org.instanceUrl, options: { customerBatchSize: 5, refreshSampleSize: 3 } },
    });
    world.org.faults.failShare(1, 'write', 'slow', { delayMs: 150 });
    world.org.resetStats();
    const result = await interrupt(world, ['sync', 'run', '--env', 'e2e', '--config', config, '--json'], 'SIGTERM', 6);
    world.org.faults.clear();
    expect(result.code).toBe(5);
    const doc = JSON.parse(result.out.slice(result.out.indexOf('{')));
    expect(doc.result.status).toBe('interrupted');
    expect(doc.result.message).toMatch(/Interrupted \(SIGTERM\)/);
    // Only the call in flight is waited for (150 ms here); the bound leaves room for a loaded machine.
    expect(result.afterSignalMs).toBeLessThan(30_000);
    const history = StateStore.forEnvironment('e2e', world.stateDirectory);
    try {
      expect(history.runs(1)[0]).toMatchObject({ status: 'interrupted' });
      expect(history.runs(1)[0]!.endedAt).not.toBeNull();
    } finally {
      history.close();
    }
    const next = await world.sync();
    expect(['succeeded', 'partial']).toContain(next.status);
    const validation = await world.validate();
    expect({ missing: validation.missing, stale: validation.stale, orphaned: validation.orphaned }).toEqual({
      missing: [],
      stale: [],
      orphaned: [],
    });
  }, 90_000);

  it('under nome sync schedule, SIGINT ends the run in flight the same way and the scheduler exits 5', async () => {
    world = await startWorld({ customers: 20, seed: 12 });
    const config = writeSyncConfig(world.stateDirectory, {
      nightly: { instanceUrl: world.org.instanceUrl, options: { customerBatchSize: 5 } },
    });
    world.org.faults.failShare(1, 'write', 'slow', { delayMs: 150 });
    world.org.resetStats();
    const result = await interrupt(
      world,
      ['sync', 'schedule', '--config', config, '--run-now', '--log-level', 'warn'],
      'SIGINT',
      4,
    );
    world.org.faults.clear();
    expect(result.code).toBe(5);
    const history = StateStore.forEnvironment('nightly', world.stateDirectory);
    try {
      expect(history.runs(1)[0]).toMatchObject({ status: 'interrupted' });
    } finally {
      history.close();
    }
  }, 90_000);
});
