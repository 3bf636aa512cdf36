/**
 * Turns what Salesforce and the libraries throw into errors a developer can act on. Pure: it looks only at the
 * error's name, errorCode and message, so the recorded-response tests exercise exactly the production mapping.
 */
import { SfError } from '@salesforce/core';

export interface ActionableErrorOptions {
  name: string;
  actions?: string[];
  data?: unknown;
  exitCode?: number;
  cause?: unknown;
}

/**
 * An SfError this project has already explained: a name, a message naming the step, and actions saying what to do.
 * `explainError` passes these through unchanged, while it explains every other error (the libraries' SfErrors too).
 */
export class ActionableError extends SfError {
  declare actions: string[];
  constructor(message: string, options: ActionableErrorOptions) {
    super(message, options.name, options.actions, options.exitCode ?? 1, options.cause);
    // SfError leaves `actions` unset when there are none; here it is always a list.
    this.actions = options.actions ?? [];
    if (options.data !== undefined) this.data = options.data as SfError['data'];
  }
}

interface LibraryError {
  name?: string;
  errorCode?: string;
  message?: string;
  data?: unknown;
}

const TIMEOUT_NAMES = new Set([
  'PollingClientTimeout',
  'ScratchOrgInfoTimeoutError',
  'MyDomainResolverTimeoutError',
  'PackageInstallTimeout',
  'GenericTimeoutError',
  'StepTimeoutError',
]);

function fieldsOf(error: unknown): LibraryError {
  if (error && typeof error === 'object') return error as LibraryError;
  return { message: String(error) };
}

export function isTimeout(error: unknown): boolean {
  const { name = '', message = '' } = fieldsOf(error);
  return (
    TIMEOUT_NAMES.has(name) || /timed? ?out|timeout/i.test(name) || /polling time(d)? ?out|timed out/i.test(message)
  );
}

export function isDailyScratchOrgLimit(error: unknown): boolean {
  const { name = '', errorCode = '', message = '' } = fieldsOf(error);
  return (
    (errorCode === 'LIMIT_EXCEEDED' || name === 'LIMIT_EXCEEDED' || /LIMIT_EXCEEDED/.test(message)) &&
    /scratch org/i.test(message)
  );
}

export function isNamespaceNotLinked(error: unknown): boolean {
  const { name = '', errorCode = '', message = '' } = fieldsOf(error);
  if (name === 'S-1017' || errorCode === 'S-1017' || /\bS-1017\b/.test(message)) return true;
  if (/don.t recognize this namespace|register(ed)? it in your Dev Hub/i.test(message)) return true;
  return (
    /namespace/i.test(message) &&
    /(not|n't) (registered|linked|associated)|used by a release org associated with your Dev Hub/i.test(message)
  );
}

export interface ErrorContext {
  /** The step that failed, e.g. "create the scratch org", named in the message. */
  step: string;
  devHub?: string;
  namespace?: string;
  /** The flag that controls the step's time limit, e.g. "--wait". */
  waitFlag?: string;
  /** How to pick the work up again after a timeout, e.g. a report command. */
  resume?: string;
}

/** The actionable error for a failure during `context.step`; unknown errors keep their message, prefixed with the step. */
export function explainError(error: unknown, context: ErrorContext): ActionableError {
  if (error instanceof ActionableError) return error;
  const { name, message = 'unknown error' } = fieldsOf(error);
  const namespace = context.namespace ?? 'NOME';
  if (isDailyScratchOrgLimit(error)) {
    return new ActionableError(
      `Cannot ${context.step}: the Dev Hub${context.devHub ? ` ${context.devHub}` : ''} has reached its scratch org limit (${message.replace(/^LIMIT_EXCEEDED:\s*/, '')}).`,
      {
        name: 'ScratchOrgLimitError',
        cause: error,
        actions: [
          'Delete scratch orgs you no longer use: `npx nome org delete --target-org <alias>`.',
          'The daily signup limit resets 24 hours after the earliest signup; try again later or use another Dev Hub (--dev-hub).',
          'Meanwhile the local org works offline: `npx nome org deploy --target-org <local org alias>`.',
        ],
      },
    );
  }
  if (isNamespaceNotLinked(error)) {
    return new ActionableError(
      `Cannot ${context.step}: the namespace ${namespace} is not linked to the Dev Hub${context.devHub ? ` ${context.devHub}` : ''}.`,
      {
        name: 'NamespaceNotLinkedError',
        cause: error,
        actions: [
          `In the Dev Hub, open App Launcher → Namespace Registries → Link Namespace, and log in to the Developer Edition org that registered ${namespace}.`,
          'Then run the command again.',
        ],
      },
    );
  }
  if (isTimeout(error)) {
    return new ActionableError(`Timed out while waiting to ${context.step}.`, {
      name: 'StepTimeoutError',
      cause: error,
      data: fieldsOf(error).data,
      actions: [
        ...(context.waitFlag ? [`Give it more time with ${context.waitFlag} <minutes>.`] : []),
        ...(context.resume ? [context.resume] : []),
      ],
    });
  }
  // The libraries' own SfErrors often say what to do: keep their actions.
  const actions = (error as { actions?: unknown })?.actions;
  return new ActionableError(`Cannot ${context.step}: ${message}`, {
    name: name && name !== 'Error' ? name : 'NomeError',
    actions: Array.isArray(actions) ? actions.map(String) : [],
    cause: error,
  });
}

/** Runs one named step and explains its failure. */
export async function step<T>(context: ErrorContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explainError(error, context);
  }
}

/**
 * Rejects with a StepTimeoutError when `work` outlasts `ms`. For library calls whose own wait only counts whole
 * minutes (scratchOrgCreate treats anything under a minute as "do not wait"): they get the rounded-up wait, this the exact one.
 */
export async function withDeadline<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no result after ${Math.round(ms / 1000)}s`), { name: 'StepTimeoutError' })),
      ms,
    );
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
