/**
 * Retrying our own calls. jsforce retries GET/DELETE by itself but never POST/PATCH, and ignores Retry-After;
 * the sync's writes are upserts by external ID, so sending one again is safe.
 */

export interface RetryOptions {
  /** Attempts in total, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Error codes Salesforce answers for conditions that pass by themselves. */
const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  // Salesforce's 500: often a passing internal failure; when it persists the writer reports the records it hit.
  'UNKNOWN_EXCEPTION',
  'REQUEST_LIMIT_EXCEEDED',
  'INVALID_SESSION_ID',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'TXN_SECURITY_METERING_ERROR',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

const TRANSIENT_MESSAGE =
  /socket hang up|fetch failed|network|ECONNRESET|other side closed|terminated|timed? ?out|premature close|service unavailable/i;

function codeOf(error: unknown): string {
  if (!error || typeof error !== 'object') return '';
  const e = error as { errorCode?: unknown; code?: unknown; name?: unknown; cause?: unknown };
  if (typeof e.errorCode === 'string') return e.errorCode;
  if (typeof e.code === 'string') return e.code;
  if (e.cause) return codeOf(e.cause);
  return typeof e.name === 'string' ? e.name : '';
}

/**
 * REQUEST_LIMIT_EXCEEDED names two limits: concurrent long requests (passes by itself) and the org's daily API
 * requests ("TotalRequests Limit exceeded"), which no retry within a run can wait out.
 */
export function isDailyLimitExhausted(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return codeOf(error) === 'REQUEST_LIMIT_EXCEEDED' && /TotalRequests/i.test(message);
}

/** True for 429, 5xx, lock contention, an expired session (jsforce refreshes it when it can) and dropped connections. */
export function isTransient(error: unknown): boolean {
  if (isDailyLimitExhausted(error)) return false;
  // An error that already knows retrying is pointless says so (an org that never answered).
  if ((error as { retryable?: unknown } | null)?.retryable === false) return false;
  const code = codeOf(error);
  if (TRANSIENT_CODES.has(code)) return true;
  if (/^ERROR_HTTP_(429|420|5\d\d)$/.test(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (TRANSIENT_MESSAGE.test(message)) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause ? isTransient(cause) : false;
}

export function backoffDelay(attempt: number, options: RetryOptions): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  what: string,
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
  onRetry?: (info: { what: string; attempt: number; error: unknown; delayMs: number }) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt + 1 >= options.attempts || !isTransient(error)) throw error;
      const delayMs = backoffDelay(attempt, options);
      onRetry?.({ what, attempt, error, delayMs });
      await sleep(delayMs);
    }
  }
}
