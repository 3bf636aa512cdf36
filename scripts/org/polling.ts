import { Duration } from '@salesforce/kit';

/**
 * How often the release commands ask Salesforce for progress. Salesforce builds take minutes, so the default is
 * unhurried; NOME_POLL_INTERVAL_MS shortens it (the recorded-response tests use a few milliseconds).
 */
export function pollInterval(defaultMs: number): Duration {
  const fromEnv = Number(process.env.NOME_POLL_INTERVAL_MS);
  return Duration.milliseconds(Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : defaultMs);
}

export function minutes(value: number): Duration {
  return Duration.milliseconds(Math.round(value * 60_000));
}
