import type { ApiErrorBody } from '@aims/core';
import { isAimsError } from '@aims/core';
import type { NextFunction, Request, Response } from 'express';
import { NotFoundError, statusOf } from '../errors.js';

/** Any route nobody answered. */
export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError(`${req.method} ${req.path}`));
}

/** Express's own errors (body parser, malformed URL) carry an HTTP status. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The one place errors become HTTP: AimsErrors keep their code, message and details; client
 * errors raised by express keep their status; anything else is a 500 whose message is not sent.
 */
export function errorHandler(onError: ((error: unknown) => void) | undefined) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let status: number;
    let body: ApiErrorBody;
    if (isAimsError(error)) {
      status = statusOf(error.code);
      body = { error: { code: error.code, message: error.message } };
      if (error.details && error.details.length > 0) body.error.details = [...error.details];
    } else if (httpStatusOf(error) !== undefined) {
      status = httpStatusOf(error) as number;
      body = {
        error: { code: 'invalid_request', message: error instanceof Error ? error.message : 'bad request' },
      };
    } else {
      status = 500;
      body = { error: { code: 'internal_error', message: 'internal error; the server log has the details' } };
    }
    if (status >= 500) onError?.(error);
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    res.status(status).json(body);
  };
}
