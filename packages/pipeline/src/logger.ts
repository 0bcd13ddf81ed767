import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/** Paths pino replaces with `[redacted]` wherever they appear in a log line. */
export const redactedPaths: readonly string[] = [
  'authorization',
  'password',
  'secret',
  'token',
  'apiKey',
  '*.authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.webhookSecret',
  'headers.authorization',
  'headers.cookie',
  'headers["x-hub-signature-256"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'config.token',
  'config.password',
];

/** The one logger factory the services use: JSON lines, service name, secrets redacted. */
export function createLogger(
  service: string,
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const config: LoggerOptions = {
    name: service,
    level: options.level ?? 'info',
    redact: { paths: [...redactedPaths], censor: '[redacted]' },
    base: { service },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything, for tests and benches. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
