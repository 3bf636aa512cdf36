/**
 * How far a process that runs syncs (`nome sync run`, `schedule`, `start`) lets V8's heap grow past what is live.
 * A process-wide setting, so the command that owns the process decides it, never the sync's domain code. V8 lets
 * garbage build up to a multiple of the live heap before a full collection, and that multiple rises with the run's
 * length to 4: a first load of 10,000 customers, which holds about what a 2,000-customer one holds, peaked far
 * higher. At 1.5× what the last full collection kept, the peak follows what is live, not how long the run is
 * (scripts/sync/README.md, "Memory", for what 1.5 and 2 measured).
 */
import { setFlagsFromString } from 'node:v8';

/** V8's `--heap-growing-percent`: the heap may grow to (1 + this / 100) times what the last collection kept. */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = /--heap[-_]growing[-_]percent\b/;

/**
 * Sets the growth for this process (V8 reads the flag at every full collection, so it takes effect at once),
 * unless the process was started with its own (`node --heap-growing-percent=…`, or in NODE_OPTIONS).
 */
export function boundHeapGrowth(env: NodeJS.ProcessEnv = process.env, execArgv = process.execArgv): boolean {
  if (execArgv.some((arg) => FLAG.test(arg)) || FLAG.test(env.NODE_OPTIONS ?? '')) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
