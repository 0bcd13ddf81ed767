import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { ApiKeyVerifier, ApiPrincipal } from '../options.js';

/** The key from `Authorization: Bearer <key>` or `X-API-Key`, if any. */
export function presentedKey(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const key = req.get('x-api-key')?.trim();
  return key ? key : undefined;
}

/**
 * Requires an API key bound to `workspace` when a verifier is configured; without one every
 * request passes (embedded mode). The principal is kept in `res.locals.principal`.
 */
export function authenticate(verify: ApiKeyVerifier | undefined, workspace: string) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!verify) return next();
    const key = presentedKey(req);
    if (key === undefined) throw new UnauthorizedError();
    const principal = await verify(key);
    if (!principal || principal.workspace !== workspace)
      throw new UnauthorizedError('unknown or revoked API key');
    res.locals.principal = principal;
    next();
  };
}

/** Rejects requests whose principal lacks `scope` (no-op without authentication). */
export function requireScope(scope: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const principal = res.locals.principal as ApiPrincipal | undefined;
    if (principal && !principal.scopes.includes(scope)) throw new ForbiddenError(scope);
    next();
  };
}

export interface StaticApiKey {
  id: string;
  /** SHA-256 hex of the key; the key itself is never kept. */
  sha256: string;
  workspace: string;
  scopes: readonly string[];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A verifier over a fixed list of hashed keys, compared in constant time. */
export function staticApiKeys(keys: readonly StaticApiKey[]): ApiKeyVerifier {
  const stored = keys.map((key) => ({ key, digest: Buffer.from(key.sha256, 'hex') }));
  return async (presented) => {
    const digest = Buffer.from(hashApiKey(presented), 'hex');
    const found = stored.find(
      (entry) => entry.digest.length === digest.length && timingSafeEqual(entry.digest, digest),
    );
    return found
      ? { keyId: found.key.id, workspace: found.key.workspace, scopes: found.key.scopes }
      : undefined;
  };
}
