import { AimsError, httpStatusOf, isAimsError } from '@aims/core';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** A refusal of the gateway with a stable code; its HTTP status comes from core's `httpStatusOf`. */
export class WebhookError extends AimsError {
  /** The HTTP status of `code`. */
  get status(): number {
    return httpStatusOf(this.code);
  }
}

/**
 * Maps errors to `{ "error": { "code", "message", "details"? } }` with the status core gives the
 * code; express's own 413 keeps its meaning; anything unexpected is a 500 without details.
 */
export function errorBody(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (isAimsError(error)) {
      const body: { code: string; message: string; details?: unknown[] } = {
        code: error.code,
        message: error.message,
      };
      if (error.details && error.details.length > 0) body.details = [...error.details];
      res.status(httpStatusOf(error.code)).json({ error: body });
      return;
    }
    const status = typeof error === 'object' && error && 'status' in error ? Number(error.status) : 500;
    if (status === 413) {
      res
        .status(413)
        .json({ error: { code: 'payload_too_large', message: 'webhook body is larger than the limit' } });
      return;
    }
    logger.error({ err: error }, 'webhook handling failed');
    res
      .status(500)
      .json({ error: { code: 'internal_error', message: 'the webhook could not be processed' } });
  };
}
