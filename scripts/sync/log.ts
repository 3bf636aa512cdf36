/** Structured logs (pino, to stderr so stdout stays for results); secrets are redacted wherever they appear. */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken', 'token', '*.token', 'bearerToken', '*.bearerToken',
  'password', '*.password', 'clientSecret', '*.clientSecret', 'authorization', '*.authorization', 'headers.authorization',
  '*.headers.authorization', 'headers.Authorization', '*.headers.Authorization', 'sessionId', '*.sessionId',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      name: 'nome-sync',
      level: options.level ?? process.env.NOME_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
