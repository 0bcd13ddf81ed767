import { type Logger, pino } from 'pino';

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

/**
 * The error with every secret removed from its message and stack, and from its causes'. The
 * error itself is never changed (an abort reason's `message` is read-only, and the caller may
 * still hold it): an error that carries a secret is copied, one that carries none is returned as is.
 */
export function redactError<E>(error: E, secrets: readonly (string | undefined)[]): E {
  return redactChain(error, secrets, new Set()) as E;
}

function redactChain(error: unknown, secrets: readonly (string | undefined)[], seen: Set<unknown>): unknown {
  if (!(error instanceof Error) || seen.has(error)) return error;
  seen.add(error);
  const cause = redactChain(error.cause, secrets, seen);
  const message = redactSecrets(error.message, secrets);
  const stack = error.stack === undefined ? undefined : redactSecrets(error.stack, secrets);
  if (message === error.message && stack === error.stack && cause === error.cause) return error;
  return copyOf(error, { message, stack, cause });
}

/** A copy keeping the class (so `code`, `retriable` and instanceof checks still hold). */
function copyOf(error: Error, fields: { message: string; stack: string | undefined; cause: unknown }): Error {
  const ownMessage = Object.getOwnPropertyDescriptor(error, 'message');
  // Host errors (DOMException) keep message and name in internal slots: copy them as plain errors.
  const copy: Error =
    ownMessage === undefined
      ? Object.assign(new Error(fields.message), { name: error.name })
      : Object.create(Object.getPrototypeOf(error), Object.getOwnPropertyDescriptors(error));
  const data = { configurable: true, writable: true, enumerable: false };
  Object.defineProperty(copy, 'message', { ...data, value: fields.message });
  Object.defineProperty(copy, 'stack', { ...data, value: fields.stack });
  if (fields.cause !== undefined || 'cause' in error)
    Object.defineProperty(copy, 'cause', { ...data, value: fields.cause });
  return copy;
}

/** A logger that discards everything (tests, embedded callers that do not want logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
