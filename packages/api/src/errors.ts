import { AimsError, type ErrorDetail } from '@aims/core';

/** A request parameter, header or body field is malformed; details name each one. */
export class BadRequestError extends AimsError {
  constructor(
    message: string,
    details: readonly ErrorDetail[] = [],
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(options.code ?? 'invalid_request', message, { details, cause: options.cause });
  }
}

/** No API key, or one that is unknown or bound to another workspace. */
export class UnauthorizedError extends AimsError {
  constructor(message = 'a valid API key is required (Authorization: Bearer <key> or X-API-Key)') {
    super('unauthorized', message);
  }
}

/** The API key lacks the scope an operation needs. */
export class ForbiddenError extends AimsError {
  constructor(scope: string) {
    super('forbidden', `this API key lacks the scope "${scope}"`);
  }
}

/** No such resource in this workspace. */
export class NotFoundError extends AimsError {
  constructor(what: string) {
    super('not_found', `${what} was not found`);
  }
}

/** The resource exists but cannot take this request now. */
export class ConflictError extends AimsError {}

/** Scores are not there yet (the scorer has not run for this workspace). */
export class ScoresPendingError extends AimsError {
  constructor(workspace: string) {
    super('scores_pending', `workspace "${workspace}" has not been scored yet; try again shortly`, {
      retriable: true,
    });
  }
}

/** HTTP status of an error code; unknown codes of AimsErrors are server errors. */
export function statusOf(code: string): number {
  if (code === 'not_found') return 404;
  if (code === 'unauthorized') return 401;
  if (code === 'forbidden') return 403;
  if (code === 'scores_pending') return 503;
  if (code === 'conflict' || code.endsWith('_conflict') || code === 'connector_disabled') return 409;
  if (code.startsWith('invalid_')) return 400;
  return 500;
}
