/**
 * What "converged" means after crashes or faults, checked three ways: `nome sync validate` (Metronome mapped afresh
 * against the org, field by field); an independent count (Metronome read through the SDK and mapped, the org
 * queried through jsforce: the same external IDs per object, nothing more, nothing less); and no duplicates (no
 * two org records whose external IDs the org would take for one).
 */
import { expect } from 'vitest';
import { syncObjects } from '../../../scripts/sync/index.ts';
import { expectedRecords, type World } from '../world.ts';

export async function expectConverged(world: World): Promise<void> {
  const validation = await world.validate();
  expect({ missing: validation.missing, stale: validation.stale, orphaned: validation.orphaned }).toEqual({
    missing: [],
    stale: [],
    orphaned: [],
  });
  const expected = await expectedRecords(world);
  for (const object of syncObjects(world.schema)) {
    const rows = await world.query<Record<string, string>>(
      `SELECT Id, ${object.externalIdField} FROM ${object.apiName}`,
    );
    const ids = rows.map((r) => r[object.externalIdField]!);
    expect(new Set(ids.map((id) => id.toLowerCase())).size, `${object.apiName}: duplicates`).toBe(rows.length);
    expect([...ids].sort(), `${object.apiName}: org vs Metronome`).toEqual(
      [...(expected.get(object.apiName)?.keys() ?? [])].sort(),
    );
  }
}

/** A small seeded PRNG (mulberry32), so a soak's random choices replay from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
