import type { ErrorDetail } from './generated/events.js';

export type { ErrorDetail };

export interface AimsErrorOptions {
  /** True when trying the same operation again may succeed (network, throttling, locks). */
  retriable?: boolean;
  /** Which fields or items are wrong, and why. */
  details?: readonly ErrorDetail[];
  cause?: unknown;
}

/** Base of every error the project throws on purpose: a stable snake_case code plus context. */
export class AimsError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly details: readonly ErrorDetail[] | undefined;

  constructor(code: string, message: string, options: AimsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details;
  }

  /** The `{ code, message, details? }` shape used by the API error body and dead letters. */
  toJSON(): { code: string; message: string; retriable: boolean; details?: ErrorDetail[] } {
    const body: { code: string; message: string; retriable: boolean; details?: ErrorDetail[] } = {
      code: this.code,
      message: this.message,
      retriable: this.retriable,
    };
    if (this.details !== undefined) body.details = [...this.details];
    return body;
  }
}

export function isAimsError(value: unknown): value is AimsError {
  return value instanceof AimsError;
}

/** A value does not match its contract. `details` names each offending field as a JSON Pointer. */
export class ValidationError extends AimsError {
  constructor(
    message: string,
    details: readonly ErrorDetail[],
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(options.code ?? 'invalid_record', message, { details, cause: options.cause });
  }
}

/** An artifact kind that is not in contracts/events/artifact-kind.schema.json. */
export class UnknownKindError extends AimsError {
  readonly kind: string;

  constructor(kind: string, path = '/kind', options: { cause?: unknown } = {}) {
    super('unknown_kind', `unknown artifact kind "${kind}" at ${path}`, {
      details: [{ path, message: `"${kind}" is not a known artifact kind` }],
      cause: options.cause,
    });
    this.kind = kind;
  }
}

/** An artifact key (or one of its parts) that is malformed. */
export class InvalidArtifactKeyError extends AimsError {
  constructor(message: string, details: readonly ErrorDetail[]) {
    super('invalid_artifact_key', message, { details });
  }
}
