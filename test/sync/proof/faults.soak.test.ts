/**
 * Proof (issue 14 item 2), faults soak: faults of every kind on both sides at a rate, over several runs with
 * Metronome changing between them. No run fails or hangs; after one clean run the org equals Metronome
 * (validate, an independent count through the SDK and jsforce, no duplicates, no orphans).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../../scripts/local-org/faults.ts';
import type { Mutation } from '../../../scripts/metronome/sandbox/index.ts';
import { startWorld, type World } from '../world.ts';
import { expectConverged, seeded } from './convergence.ts';

const FAULTED_RUNS = 4;
const SEED = Number(process.env.NOME_PROOF_SEED ?? 1410);
const MUTATIONS: Mutation['kind'][] = [
  'newInvoice',
  'statusChange',
  'archiveCustomer',
  'removeLineItem',
  'renamePlan',
  'newAlias',
];

/** Salesforce side: [what it stands for, calls it hits, fault, share of those calls]. */
const SALESFORCE_FAULTS: [string, string, FaultKind, number, number?][] = [
  ['5xx on a write', 'composite.sobjects.upsert', '503', 0.05],
  ['lock contention', 'write', 'UNABLE_TO_LOCK_ROW', 0.05],
  ['expired session', 'any', 'INVALID_SESSION_ID', 0.03],
  ['dropped connection', 'write', 'drop', 0.05],
  ['lost answer (applied)', 'write', 'lost', 0.05],
  ['answer slower than the call timeout', 'query', 'slow', 0.2, 2_000],
  ['500 UNKNOWN_EXCEPTION', 'write', 'UNKNOWN_EXCEPTION', 0.04],
  ['Bulk job reported Failed', 'bulk2.ingest.status', 'JOB_FAILED', 0.25],
  ['Bulk CSV upload 503', 'bulk2.ingest.upload', '503', 0.12],
  ['Bulk CSV upload dropped', 'bulk2.ingest.upload', 'drop', 0.1],
  ['5xx on a read', 'query', '503', 0.2],
];

describe('proof: faults soak', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ customers: 40, seed: 23 });
  });
  afterAll(async () => world?.stop());

  it(`${FAULTED_RUNS} runs under faults of every kind on both sides converge after one clean run`, async () => {
    const random = seeded(SEED);
    const fired = new Map<string, number>();
    const options = { customerBatchSize: 5, bulkThreshold: 8, metronomeMaxRetries: 6 };
    for (let run = 0; run < FAULTED_RUNS; run++) {
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--)
        world.sandbox.mutate({ kind: MUTATIONS[Math.floor(random() * MUTATIONS.length)]! });
      const ids = new Map(
        SALESFORCE_FAULTS.map(([name, match, fault, share, delayMs]) => [
          world.org.faults.failShare(share, match, fault, { delayMs }),
          name,
        ]),
      );
      world.sandbox.faults.add({ fault: 'rate_limit', rate: 0.08, retryAfterSeconds: 0 });
      world.sandbox.faults.add({ fault: 'server_error', rate: 0.05 });
      world.sandbox.faults.add({ fault: 'slow', rate: 0.05, delayMs: 200 });
      const before = world.sandbox.faults.injected;
      const report = await world.sync({ options, callTimeoutMs: 800 });
      expect(report.status, report.message).not.toBe('failed');
      for (const rule of world.org.faults.list())
        fired.set(ids.get(rule.id)!, (fired.get(ids.get(rule.id)!) ?? 0) + rule.fired);
      fired.set(
        'Metronome 429/5xx/slow',
        (fired.get('Metronome 429/5xx/slow') ?? 0) + world.sandbox.faults.injected - before,
      );
      world.org.faults.clear();
      world.sandbox.faults.clear();
    }
    const kinds = [...fired].filter(([, n]) => n > 0).map(([name]) => name);
    expect(kinds.length, `fault kinds that fired: ${kinds.join(', ')}`).toBeGreaterThanOrEqual(10);

    const clean = await world.sync({ options });
    expect(clean.message).toBeUndefined();
    expect(['succeeded', 'partial']).toContain(clean.status);
    await expectConverged(world);
  }, 600_000);
});
