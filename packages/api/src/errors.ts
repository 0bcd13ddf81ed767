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

/** The contract has the route, this server does not build it (yet). */
export class NotImplementedError extends AimsError {
  constructor(what: string) {
    super('not_implemented', `${what} is not available on this server yet`);
  }
}

/** An AI system neither in the inventory nor named by any evidence. */
export class UnknownAiSystemError extends AimsError {
  constructor(id: string) {
    super('unknown_ai_system', `AI system "${id}" is not in the inventory and no evidence names it`, {
      details: [{ path: 'aiSystem', message: `unknown AI system "${id}"` }],
    });
  }
}

/** A workspace this server does not serve. */
export class UnknownWorkspaceError extends AimsError {
  constructor(id: string) {
    super('unknown_workspace', `workspace "${id}" is not served here`, {
      details: [{ path: 'X-Aims-Workspace', message: `unknown workspace "${id}"` }],
    });
  }
}

/**
 * A well-formed body that names something unknown or breaks a rule (422): an unknown control or
 * audit, closing without closure evidence. `code` says which; details name the field.
 */
export class UnprocessableError extends AimsError {
  constructor(code: string, message: string, details: readonly ErrorDetail[] = []) {
    super(code, message, { details });
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

/** HTTP status of an error code: core's one mapping for every app (`httpStatusOf`). */
export { httpStatusOf as statusOf } from '@aims/core';
