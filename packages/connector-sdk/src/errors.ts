import { AimsError, type AimsErrorOptions } from '@aims/core';

/** Stable error codes raised by the SDK and by connectors built on it. */
export type ConnectorErrorCode =
  | 'config_invalid'
  | 'auth_failed'
  | 'permission_denied'
  | 'not_found'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'http_error'
  | 'network_error'
  | 'timeout'
  | 'malformed_payload'
  | 'cursor_invalid'
  | 'emit_failed'
  | 'content_store_failed'
  | 'checkpoint_failed'
  | 'failure_ratio_exceeded'
  | 'aborted'
  | 'webhook_signature_invalid'
  | 'webhook_unsupported'
  | 'internal';

export interface ConnectorErrorOptions extends AimsErrorOptions {
  /** Non-secret facts about where it happened (instance, slice, status). */
  context?: Record<string, unknown>;
}

/** The one error class connectors throw; `code` is stable, `retriable` tells the runner. */
export class ConnectorError extends AimsError {
  declare readonly code: ConnectorErrorCode;
  readonly context: Record<string, unknown> | undefined;

  constructor(code: ConnectorErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(code, message, options);
    this.context = options.context;
  }
}

/** HTTP failure from the SDK's client: carries status and the (redacted) URL. */
export class HttpError extends ConnectorError {
  readonly status: number | undefined;
  readonly url: string;

  constructor(
    code: ConnectorErrorCode,
    message: string,
    init: { status?: number; url: string } & ConnectorErrorOptions,
  ) {
    super(code, message, init);
    this.status = init.status;
    this.url = init.url;
  }
}

/** Maps an HTTP status to the SDK's error code. */
export function codeForStatus(status: number): ConnectorErrorCode {
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'permission_denied';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'upstream_unavailable';
  return 'http_error';
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/** Turns anything thrown into a ConnectorError, keeping the original as `cause`. */
export function toConnectorError(error: unknown, fallback: ConnectorErrorCode = 'internal'): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof AimsError) {
    const code =
      error.code === 'invalid_record' || error.code === 'unknown_kind' ? 'malformed_payload' : fallback;
    return new ConnectorError(code, error.message, {
      cause: error,
      retriable: error.retriable,
      ...(error.details ? { details: error.details } : {}),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError(fallback, message, { cause: error });
}
