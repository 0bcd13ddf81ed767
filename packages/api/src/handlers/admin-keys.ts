import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { type KeyAdminActor, keyAdmin, LOCAL_OPERATOR } from '../keys/admin.js';
import type { ApiPrincipal } from '../options.js';
import { SCOPES } from '../options.js';
import { noParams, parseParams } from '../query.js';

const scope = z.enum(Object.values(SCOPES) as [string, ...string[]]);
const keyName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N} ._:@/-]*$/u, 'letters, digits, spaces and . _ : @ / - only');
const expiresAt = z.iso.datetime({ offset: true });
const createBody = z.object({
  name: keyName,
  scopes: z.array(scope).min(1).max(10),
  expiresAt: expiresAt.optional(),
});
const rotateBody = z.object({
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
  expiresAt: expiresAt.optional(),
});
const keyIdParams = z.object({ keyId: z.uuid('must be a key id (UUID)') });

/** The calling key, or the local user of an API without keys. */
function callerOf(res: Response): KeyAdminActor {
  const principal = res.locals.principal as ApiPrincipal | undefined;
  return principal
    ? { createdBy: `api-key:${principal.keyId}`, actor: { type: 'api-key', id: principal.keyId } }
    : LOCAL_OPERATOR;
}

const adminOf = (ctx: ApiContext, res: Response) =>
  keyAdmin(ctx.catalogue, ctx.workspace, { now: ctx.now, by: callerOf(res) });

/** POST /v1/admin/keys: a new key of this workspace; the key is in this response only. */
export function createApiKey(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const body = parseParams(createBody, req.body ?? {}, { lists: ['scopes'] });
    // zod's optional fields may be present as undefined; the admin reads them as absent.
    const created = await adminOf(ctx, res).create(body as ApiSchema<'ApiKeyRequest'>);
    res
      .status(201)
      .set('Location', `/v1/admin/keys/${created.id}`)
      .set('Cache-Control', 'no-store')
      .json(created);
  };
}

/** GET /v1/admin/keys: every key of this workspace, newest first, revoked ones included. */
export function listApiKeys(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    res.json({ items: await adminOf(ctx, res).list() });
  };
}

/** DELETE /v1/admin/keys/{keyId}: revokes the key now (idempotent). */
export function revokeApiKey(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const { keyId } = parseParams(keyIdParams, req.params);
    await adminOf(ctx, res).revoke(keyId);
    res.status(204).end();
  };
}

/** POST /v1/admin/keys/{keyId}/rotate: a new key; the old one is revoked now or after `graceSeconds`. */
export function rotateApiKey(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const { keyId } = parseParams(keyIdParams, req.params);
    const body = parseParams(rotateBody, req.body ?? {});
    const rotated = await adminOf(ctx, res).rotate(keyId, body as ApiSchema<'ApiKeyRotation'>);
    res
      .status(201)
      .set('Location', `/v1/admin/keys/${rotated.id}`)
      .set('Cache-Control', 'no-store')
      .json(rotated);
  };
}
