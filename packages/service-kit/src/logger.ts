import { isSecretField } from '@aims/core';
import { type Bindings, type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { REDACTED, redactError, redactSecretFields } from './redaction.js';

export type { Logger } from 'pino';

/** Log keys pino serializes as errors; they are redacted after serializing. */
const ERROR_KEYS = new Set(['err', 'error']);

/**
 * The one logger factory: pino JSON lines carrying the service name, with every secret field
 * (core's `SECRET_FIELD_NAMES`, at any depth, in log objects, child bindings and errors) replaced
 * by `[redacted]`. Logged objects are copied, never changed.
 */
export function createLogger(
  service: string,
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const config: LoggerOptions = {
    name: service,
    level: options.level ?? 'info',
    base: { service },
    serializers: { err: redactError, error: redactError },
    formatters: {
      log: (object) => {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(object)) {
          if (isSecretField(key)) out[key] = REDACTED;
          // Errors under err/error go to their serializer, which redacts what it prints.
          else if (ERROR_KEYS.has(key) && value instanceof Error) out[key] = value;
          else out[key] = redactSecretFields(value);
        }
        return out;
      },
    },
  };
  const logger = options.destination ? pino(config, options.destination) : pino(config);
  // Child bindings are printed on every line of the child; pino's formatters do not see them, so
  // they are redacted where they come in. Children inherit this `child` (pino chains instances).
  const child = logger.child as unknown as (this: unknown, bindings: Bindings, options?: unknown) => Logger;
  logger.child = function redactingChild(this: unknown, bindings: Bindings, options?: unknown) {
    return child.call(this, redactSecretFields(bindings) as Bindings, options);
  } as unknown as Logger['child'];
  return logger;
}

/** A logger that drops everything, for tests and benches. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
