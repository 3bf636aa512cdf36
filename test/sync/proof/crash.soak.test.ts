/**
 * Proof (issue 14 item 2), crash soak: `nome sync run` processes SIGKILLed at random points, many of them just
 * after Salesforce applied a write and before its answer arrived (the org holds each answer back: fault `late`),
 * with Metronome changing between runs; then one clean run. The org then equals Metronome: validate, an
 * independent count through the SDK and jsforce, no duplicates, no orphans. NOME_PROOF_SEED replays a soak.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../../scripts/metronome/sandbox/index.ts';
import { startWorld, type World } from '../world.ts';
import { expectConverged, seeded } from './convergence.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const KILLS = 20;
const SEED = Number(process.env.NOME_PROOF_SEED ?? 2014);
const MUTATIONS: Mutation['kind'][] = [
  'newInvoice',
  'statusChange',
  'archiveCustomer',
  'removeLineItem',
  'renamePlan',
  'newAlias',
];

describe('proof: crash soak', () => {
  let world: World;
  let config: string;
  beforeAll(async () => {
    world = await startWorld({ customers: 40, seed: 17 });
    config = path.join(world.stateDirectory, 'soak.config.json');
    // Small batches, and Bulk API 2.0 from 8 records: kills land in Collections calls and in Bulk jobs alike.
    const options = { customerBatchSize: 4, bulkThreshold: 8, refreshSampleSize: 3 };
    writeFileSync(config, JSON.stringify({ environments: { soak: { instanceUrl: world.org.instanceUrl, options } } }));
  });
  afterAll(async () => world?.stop());

  /** One `nome sync run`, killed once `writes` write calls reached the org (plus `afterMs`); false if it ended first. */
  async function killedRun(writes: number, afterMs: number): Promise<boolean> {
    world.org.resetStats();
    const child = spawn(
      NODE,
      [path.join(ROOT, 'scripts/nome.js'), 'sync', 'run', '--env', 'soak', '--config', config, '--json'],
      {
        env: { ...process.env, ...world.env, NOME_STATE_DIR: world.stateDirectory, NOME_LOG_LEVEL: '' },
        stdio: 'ignore',
      },
    );
    let exited = false;
    const done = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
    const deadline = Date.now() + 30_000;
    while (!exited && world.org.stats().writes < writes && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    if (!exited) await new Promise((r) => setTimeout(r, afterMs));
    const killed = !exited;
    child.kill('SIGKILL');
    await done;
    return killed;
  }

  it(`${KILLS} runs killed at random points, Metronome changing between them, converge after one clean run`, async () => {
    const random = seeded(SEED);
    let kills = 0;
    let lateKills = 0;
    for (let round = 0; kills < KILLS && round < KILLS * 2; round++) {
      for (let m = Math.floor(random() * 3); m > 0; m--)
        world.sandbox.mutate({ kind: MUTATIONS[Math.floor(random() * MUTATIONS.length)]! });
      world.org.faults.clear();
      // Every write is applied at once and answered late: a kill while it waits is "applied, answer never heard".
      const late = random() < 0.6;
      if (late) world.org.faults.failShare(1, 'write', 'late', { delayMs: 300 });
      else world.org.faults.failShare(1, 'write', 'slow', { delayMs: 40 + Math.floor(random() * 80) });
      const started = Date.now();
      const killed = await killedRun(
        1 + Math.floor(random() * 10),
        late ? 20 + Math.floor(random() * 200) : Math.floor(random() * 60),
      );
      if (process.env.NOME_PROOF_DEBUG)
        process.stderr.write(
          `round ${round}: ${late ? 'late' : 'slow'} killed=${killed} writes=${world.org.stats().writes} ${Date.now() - started} ms\n`,
        );
      if (killed) kills++;
      if (killed && late) lateKills++;
    }
    world.org.faults.clear();
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(lateKills).toBeGreaterThan(0);

    const clean = await world.sync({ name: 'soak', options: { customerBatchSize: 4, bulkThreshold: 8 } });
    expect(clean.message).toBeUndefined();
    expect(['succeeded', 'partial']).toContain(clean.status);
    await expectConverged(world);
  }, 600_000);
});
