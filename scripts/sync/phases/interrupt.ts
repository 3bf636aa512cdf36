/**
 * Stopping a run on request (SIGTERM, SIGINT): the call in flight finishes and its outcome is committed; the next
 * write call, batch or deletion is not started. The run ends "interrupted" with its report, and the next run
 * carries on from what was committed.
 */
export class RunInterruptedError extends Error {
  constructor(reason: string) {
    super(
      `Interrupted (${reason}) after the call in flight finished; what Salesforce confirmed is recorded and the next run carries on.`,
    );
    this.name = 'RunInterrupted';
  }
}

export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new RunInterruptedError(typeof signal.reason === 'string' ? signal.reason : 'stop requested');
}
