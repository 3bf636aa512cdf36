/**
 * Phase 2 driven end to end: batches from the source planned into the write queues, which are flushed at each
 * checkpoint (when the options ask for one) and once at the end: one send per object, however large the account
 * (the queues spill to disk rather than flush early). Spool files are removed however the phase ends.
 */
import type { RunContext } from './context.ts';
import { throwIfInterrupted } from './interrupt.ts';
import { WriteQueues } from './queues.ts';
import { sourceBatches } from './read.ts';
import { queueBatch } from './write.ts';

export async function writeAll(run: RunContext): Promise<void> {
  const queues = new WriteQueues(run);
  const { customerBatchSize } = run.opts;
  try {
    for await (const batch of sourceBatches(run.deps.source, customerBatchSize)) {
      throwIfInterrupted(run.deps.signal);
      queueBatch(run, queues, batch);
      if (customerBatchSize) await queues.flush();
    }
    await queues.flush();
  } finally {
    queues.dispose();
  }
}
