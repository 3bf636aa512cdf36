/**
 * Phase 2 driven end to end: batches from the source planned into the write queues, which are flushed at each
 * checkpoint (when the options ask for one), whenever they hold `maxQueuedRecords`, and once more at the end.
 */
import type { RunContext } from './context.ts';
import { throwIfInterrupted } from './interrupt.ts';
import { WriteQueues } from './queues.ts';
import { sourceBatches } from './read.ts';
import { queueBatch } from './write.ts';

export async function writeAll(run: RunContext): Promise<void> {
  const queues = new WriteQueues(run);
  const { customerBatchSize, maxQueuedRecords } = run.opts;
  for await (const batch of sourceBatches(run.deps.source, customerBatchSize)) {
    throwIfInterrupted(run.deps.signal);
    queueBatch(run, queues, batch);
    if (customerBatchSize || queues.size >= maxQueuedRecords) await queues.flush();
  }
  await queues.flush();
}
