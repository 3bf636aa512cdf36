import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world.ts';

describe('first sync, then a sync with nothing changed (sandbox → sync → local org)', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ customers: 30 });
  });
  afterAll(async () => world?.stop());

  it('first sync writes the records', async () => {
    const report = await world.sync();
    console.log(JSON.stringify({ ...report, recordErrors: report.recordErrors.slice(0, 10), warnings: [] }, null, 1));
    expect(report.status).not.toBe('failed');
  });

  it('second sync sends no write', async () => {
    world.org.resetStats();
    const report = await world.sync();
    console.log(JSON.stringify(report.objects), world.org.stats());
    expect(world.org.stats().writes).toBe(0);
  });
});
