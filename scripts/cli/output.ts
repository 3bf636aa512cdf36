/**
 * What a command prints, sf-CLI style. With `--json`, stdout holds exactly one document:
 *   success  {status, result, warnings}
 *   failure  {status, name, message, actions, data?, warnings}
 * Without it, the human text goes to stdout and warnings and errors to stderr ("Warning: …", "Error (Name): …" and
 * one "Try this: …" line per action). Errors are read by shape, not class: domain code throws `SfError` from
 * @salesforce/core (or its own error types) with a name, message, actions, exitCode and data, and never imports this.
 */

/** The CLI's own failures (usage, files named by flags); domain code throws SfError instead. */
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

export interface ErrorDocument {
  status: number;
  name: string;
  message: string;
  actions: string[];
  data?: unknown;
  warnings: string[];
}

/** The parts of any thrown value a user needs: SfError, CommandError and plain errors alike. */
export function describeError(error: unknown, warnings: string[] = []): ErrorDocument {
  const err = error instanceof Error ? error : new Error(String(error));
  const fields = err as Error & { exitCode?: unknown; actions?: unknown; data?: unknown };
  const status = typeof fields.exitCode === 'number' && fields.exitCode > 0 ? fields.exitCode : 1;
  const actions = Array.isArray(fields.actions) ? fields.actions.map(String) : [];
  const name = err.name && err.name !== 'Error' ? err.name : 'NomeError';
  return {
    status,
    name,
    message: err.message,
    actions,
    ...(fields.data === undefined ? {} : { data: fields.data }),
    warnings,
  };
}

function writeJson(document: unknown): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

function writeWarnings(warnings: string[]): void {
  for (const warning of warnings) process.stderr.write(`Warning: ${warning}\n`);
}

export interface Outcome<R> {
  result: R;
  /** Something the user should know that did not stop the command (a skipped step, a partial result). */
  warnings?: string[];
  /** Non-zero for results that are not a plain success (a partial sync, drift found). */
  exitCode?: number;
  /** The human text already reports the warnings (a summary line): do not repeat each on stderr. */
  warningsInHumanText?: boolean;
}

export function printOutcome<R>(outcome: Outcome<R>, json: boolean, human: (result: R) => string): void {
  const warnings = outcome.warnings ?? [];
  const exitCode = outcome.exitCode ?? 0;
  if (json) {
    writeJson({ status: exitCode, result: outcome.result, warnings });
  } else {
    if (!outcome.warningsInHumanText) writeWarnings(warnings);
    const text = human(outcome.result);
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  if (exitCode !== 0) process.exitCode = exitCode;
}

export function printError(error: unknown, json: boolean): void {
  const document = describeError(error);
  if (json) {
    writeJson(document);
  } else {
    process.stderr.write(`Error (${document.name}): ${document.message}\n`);
    for (const action of document.actions) process.stderr.write(`  Try this: ${action}\n`);
  }
  process.exitCode = document.status;
}

/** Commands that serve until stopped print one line when ready: compact JSON with --json, text otherwise. */
export function printReady(details: unknown, json: boolean, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(details)}\n` : human());
}
