import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** An HTTP-facing error of the gateway with a stable code. */
export class WebhookError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WebhookError';
  }
}

/** Maps errors to `{ "error": { "code", "message" } }`; unexpected ones become 500 without details. */
export function errorBody(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof WebhookError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
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
