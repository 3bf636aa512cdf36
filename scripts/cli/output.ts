/** sf-CLI-style output: `--json` prints one `{status, result}` (or `{status, name, message}`) document. */

export class CommandError extends Error {
  readonly exitCode: number;
  readonly actions: string[];
  readonly data: unknown;
  constructor(message: string, options: { exitCode?: number; actions?: string[]; data?: unknown; name?: string } = {}) {
    super(message);
    this.name = options.name ?? 'NomeError';
    this.exitCode = options.exitCode ?? 1;
    this.actions = options.actions ?? [];
    this.data = options.data;
  }
}

export interface OutputOptions {
  json?: boolean;
}

export function printResult(result: unknown, options: OutputOptions, human?: () => void, exitCode = 0): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ status: exitCode, result, warnings: [] }, null, 2)}\n`);
  } else {
    human?.();
  }
  if (exitCode !== 0) process.exitCode = exitCode;
}

export function printError(error: unknown, options: OutputOptions): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const exitCode = err instanceof CommandError ? err.exitCode : 1;
  const actions = err instanceof CommandError ? err.actions : [];
  if (options.json) {
    const data = err instanceof CommandError ? err.data : undefined;
    process.stdout.write(
      `${JSON.stringify({ status: exitCode, name: err.name, message: err.message, actions, ...(data === undefined ? {} : { data }) }, null, 2)}\n`,
    );
  } else {
    process.stderr.write(`Error (${err.name}): ${err.message}\n`);
    for (const action of actions) process.stderr.write(`  Try this: ${action}\n`);
  }
  process.exitCode = exitCode;
}
