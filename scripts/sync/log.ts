/** Structured logs (pino, to stderr so stdout stays for results); secrets are redacted wherever they appear. */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'token',
  '*.token',
  'bearerToken',
  '*.bearerToken',
  'password',
  '*.password',
  'clientSecret',
  '*.clientSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
  'sessionId',
  '*.sessionId',
];

/**
 * `level` (a flag) wins over NOME_LOG_LEVEL, which wins over `defaultLevel` (what the command would pick by itself,
 * such as silent under --json).
 */
export function createLogger(
  options: { level?: string; defaultLevel?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  return pino(
    {
      name: 'nome-sync',
      level: options.level ?? (process.env.NOME_LOG_LEVEL || undefined) ?? options.defaultLevel ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
