import { type Logger, pino } from 'pino';

/** Paths pino removes from every log line (headers, tokens, passwords at any depth we use). */
export const redactPaths: readonly string[] = [
  'authorization',
  'token',
  'password',
  'secret',
  'apiToken',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  '*.authorization',
  '*.Authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.apiToken',
  '*.secretAccessKey',
  '*.sessionToken',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'config.token',
  'config.auth',
  'err.config',
];

const REDACTED = '[REDACTED]';

/** Replaces every occurrence of the given secret values (and bearer/basic credentials) in text. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(/\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`)
    .replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, REDACTED)
    .replace(/([?&](?:access_token|token|api_key|apikey|sig|signature)=)[^&\s]+/gi, `$1${REDACTED}`);
}

/** Redacts an error's message (and its causes') in place and returns it. */
export function redactError<E>(error: E, secrets: readonly (string | undefined)[]): E {
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    current.message = redactSecrets(current.message, secrets);
    if (current.stack !== undefined) current.stack = redactSecrets(current.stack, secrets);
    current = current.cause;
  }
  return error;
}

export interface LoggerOptions {
  level?: string;
  /** Extra redact paths on top of `redactPaths`. */
  redact?: readonly string[];
  /** Bindings on every line, e.g. `{ connector, workspace, instance, runId }`. */
  bindings?: Record<string, unknown>;
  /** Destination stream (tests capture output here); default stdout. */
  destination?: pino.DestinationStream;
}

/** pino JSON logger with secret redaction. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      redact: { paths: [...redactPaths, ...(options.redact ?? [])], censor: REDACTED },
    },
    options.destination,
  );
  return options.bindings === undefined ? logger : logger.child(options.bindings);
}

/** A logger that discards everything (tests, embedded callers that do not want logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
