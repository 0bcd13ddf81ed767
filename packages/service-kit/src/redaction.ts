import { isSecretField } from '@aims/core';
import { stdSerializers } from 'pino';

/** What a secret field's value becomes in a log line. */
export const REDACTED = '[redacted]';

/** Deeper than this, a log value is cut rather than walked (and never printed unredacted). */
const MAX_DEPTH = 12;

type Walked = unknown;

/** An error as pino prints it (type, message, stack, own fields, and its cause as an error), with secret fields redacted. */
export function redactError(error: unknown): Walked {
  return redactSecretFields(error instanceof Error ? stdSerializers.errWithCause(error) : error);
}

/**
 * A copy of a value with every field named in core's `SECRET_FIELD_NAMES` (at any depth, any
 * case) replaced by `[redacted]`. The value itself is never changed, so a read-only error or a
 * frozen config can be logged as safely as a plain object.
 */
export function redactSecretFields(value: unknown): Walked {
  return walk(value, 0, new WeakSet<object>());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): Walked {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  seen.add(value);
  try {
    if (value instanceof Error) return walk(stdSerializers.errWithCause(value), depth + 1, seen);
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    if (value instanceof Map) return walk(Object.fromEntries(value), depth + 1, seen);
    if (value instanceof Set) return walk([...value], depth + 1, seen);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      out[key] = isSecretField(key)
        ? REDACTED
        : walk((value as Record<string, unknown>)[key], depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
