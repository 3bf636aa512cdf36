/** Progress lines for long Salesforce operations: on stderr, so `--json` keeps stdout to one document. */

function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** Prints a line when the status changes (every poll would flood CI logs during a 20-minute build). */
export function progressReporter(
  label: string,
  options: { json?: boolean },
): (progress: { status: string; elapsedMs: number }) => void {
  let last = '';
  return ({ status, elapsedMs }) => {
    if (options.json || status === last) return;
    last = status;
    process.stderr.write(`${label}: ${status} (${formatElapsed(elapsedMs)} elapsed)\n`);
  };
}

export function stepReporter(options: { json?: boolean }): (message: string) => void {
  return (message) => {
    if (!options.json) process.stderr.write(`${message}\n`);
  };
}
