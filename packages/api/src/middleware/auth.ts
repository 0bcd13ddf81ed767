import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { ApiKeyVerifier, ApiPrincipal } from '../options.js';
import { type AuthFailureLimiter, TooManyAuthFailuresError } from './auth-failures.js';

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
 * Requires an API key of one of the `served` workspaces when a verifier is configured; without
 * one every request passes (embedded mode). The principal is kept in `res.locals.principal`. A
 * client address with too many failures is refused (429) before its key is even looked up.
 */
export function authenticate(
  verify: ApiKeyVerifier | undefined,
  served: ReadonlySet<string>,
  failures?: AuthFailureLimiter,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!verify) {
      next();
      return;
    }
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = await failures?.blockedFor(client);
    if (wait !== undefined) {
      res.set('Retry-After', String(wait));
      throw new TooManyAuthFailuresError(wait);
    }
    const key = presentedKey(req);
    const principal = key === undefined ? undefined : await verify(key);
    if (!principal || !served.has(principal.workspace)) {
      await failures?.recordFailure(client);
      throw key === undefined
        ? new UnauthorizedError()
        : new UnauthorizedError('unknown, revoked or expired API key');
    }
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
