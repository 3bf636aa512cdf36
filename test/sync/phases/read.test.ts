import { describe, expect, it } from 'vitest';
import { gather } from '../../../scripts/sync/phases/read.ts';
import type { MappedBatch } from '../../../scripts/sync/types.ts';
import { parentRecord } from './fixtures.ts';

async function* items(n: number): AsyncGenerator<MappedBatch> {
  for (let i = 0; i < n; i++) yield { records: [parentRecord(`r${i}`)], errors: [], warnings: [] };
}

describe('gathering the source into batches', () => {
  it('closes a batch when it is full and yields the rest at the end', async () => {
    const sizes: number[] = [];
    for await (const batch of gather(items(7), (count) => count >= 3)) sizes.push(batch.records.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('carries errors and warnings with their batch', async () => {
    async function* one(): AsyncGenerator<MappedBatch> {
      yield { records: [], errors: [{ object: 'P__c', sourceId: 's', code: 'X', message: 'x' }] };
    }
    const batches: MappedBatch[] = [];
    for await (const batch of gather(one(), () => false)) batches.push(batch);
    const [batch] = batches;
    expect(batch).toMatchObject({ records: [], errors: [{ code: 'X' }], warnings: [] });
  });

  it('closes a batch at once when an item says objects are complete, and carries the news', async () => {
    async function* source(): AsyncGenerator<MappedBatch> {
      yield* items(2);
      yield { records: [], errors: [], warnings: [], complete: ['P__c'] };
      yield* items(1);
    }
    const batches: MappedBatch[] = [];
    for await (const batch of gather(source(), (count) => count >= 100)) batches.push(batch);
    expect(batches.map((b) => [b.records.length, b.complete])).toEqual([
      [2, ['P__c']],
      [1, undefined],
    ]);
  });
});
