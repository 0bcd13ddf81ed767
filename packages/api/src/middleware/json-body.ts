import { AimsError } from '@aims/core';
import express, { type NextFunction, type Request, type Response } from 'express';

/** A request body that is not JSON. */
export class UnsupportedMediaTypeError extends AimsError {
  constructor(type: string | undefined) {
    super(
      'unsupported_media_type',
      `the request body must be application/json${type ? ` (got ${type})` : ' (no Content-Type was sent)'}`,
    );
  }
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return (length !== undefined && length !== '0') || req.get('transfer-encoding') !== undefined;
}

/** Parses a JSON body (at most `limit`); a body of any other type is 415, an empty one is `{}`. */
export function jsonBody(limit = '16kb') {
  const parse = express.json({ limit, type: () => true });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req)) {
      req.body = {};
      next();
      return;
    }
    if (!req.is('application/json')) throw new UnsupportedMediaTypeError(req.get('content-type'));
    parse(req, res, next);
  };
}
