/**
 * Phase 2 driven end to end: batches from the source planned into the write queues; an object is sent as soon as
 * the source says it is complete (its Bulk job runs while the next lists are read), what is left at each checkpoint
 * (when the options ask for one) and at the end: one send per object, however large the account (the queues spill
 * to disk rather than flush early). Spool files are removed however the phase ends, once no send is in flight.
 */
import type { RunContext } from './context.ts';
import { throwIfInterrupted } from './interrupt.ts';
import { WriteQueues } from './queues.ts';
import { sourceBatches } from './read.ts';
import { queueBatch } from './write.ts';

export async function writeAll(run: RunContext): Promise<void> {
  const queues = new WriteQueues(run);
  const { customerBatchSize } = run.opts;
  let endHurry: (() => void) | undefined;
  try {
    for await (const batch of sourceBatches(run.deps.source, customerBatchSize)) {
      throwIfInterrupted(run.deps.signal);
      queues.throwIfFailed();
      queueBatch(run, queues, batch);
      if (batch.complete?.length) queues.complete(batch.complete);
      if (customerBatchSize) await queues.flush();
    }
    endHurry = run.sink.hurry();
    await queues.flush();
  } finally {
    await queues.settle();
    endHurry?.();
    queues.dispose();
  }
}
