import { AimsError, type ApiErrorBody } from '@aims/core';

/** The API answered with an error status; `body` is its `{ error: { code, message, details } }`. */
export class ApiClientError extends AimsError {
  /** HTTP status of the answer. */
  readonly status: number;
  readonly method: string;
  /** The path asked for, without the base URL and query. */
  readonly path: string;
  /** The error body the API sent; absent when the answer was not the contract's error shape. */
  readonly body: ApiErrorBody | undefined;

  constructor(
    request: { method: string; path: string },
    status: number,
    body: ApiErrorBody | undefined,
    options: { message?: string; cause?: unknown } = {},
  ) {
    const code = body?.error.code ?? `http_${status}`;
    const said = body?.error.message ?? options.message ?? 'no error body';
    super(code, `${request.method} ${request.path} answered ${status} ${code}: ${said}`, {
      retriable: status === 409 || status === 429 || status >= 500,
      ...(body?.error.details ? { details: body.error.details } : {}),
      cause: options.cause,
    });
    this.status = status;
    this.method = request.method;
    this.path = request.path;
    this.body = body;
  }

  /** The API's own message, without the request line. */
  get apiMessage(): string {
    return this.body?.error.message ?? this.message;
  }
}

/** No answer from the API: connection refused, unknown host, TLS failure, or no answer in time. */
export class ApiUnreachableError extends AimsError {
  readonly baseUrl: string;

  constructor(baseUrl: string, reason: string, cause?: unknown) {
    super('api_unreachable', `cannot reach the API at ${baseUrl}: ${reason}`, { retriable: true, cause });
    this.baseUrl = baseUrl;
  }
}

/** A job the client follows (an export, a harvest) did not finish within the time given. */
export class WaitTimeoutError extends AimsError {
  constructor(what: string, timeoutMs: number) {
    super('wait_timeout', `${what} did not finish within ${Math.round(timeoutMs / 1000)} s`, {
      retriable: true,
    });
  }
}

/** The contract's error body, when `value` is one. */
export function errorBodyOf(value: unknown): ApiErrorBody | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? (value as ApiErrorBody) : undefined;
}
