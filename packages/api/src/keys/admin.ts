import type { Actor, ApiKeyRecord, Catalogue } from '@aims/catalogue';
import type { ApiSchema } from '@aims/core';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import { apiKeyRecord, keyProblem, newApiKey } from '../middleware/catalogue-keys.js';

/** A key as listed: never the key or its hash. */
export function apiKeyView(record: ApiKeyRecord, now: Date): ApiSchema<'ApiKey'> {
  const view: ApiSchema<'ApiKey'> = {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    scopes: record.scopes as ApiSchema<'ApiKey'>['scopes'],
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    state: keyProblem(record, now) ?? 'active',
  };
  if (record.expiresAt !== undefined) view.expiresAt = record.expiresAt;
  if (record.revokedAt !== undefined) view.revokedAt = record.revokedAt;
  if (record.lastUsedAt !== undefined) view.lastUsedAt = record.lastUsedAt;
  return view;
}

/** Who manages the keys: an admin key through the API, or the local operator of the data folder. */
export interface KeyAdminActor {
  /** Recorded on the key (`api-key:<id>` or `local`). */
  createdBy: string;
  /** Recorded in the audit log. */
  actor: Actor;
}

export const LOCAL_OPERATOR: KeyAdminActor = { createdBy: 'local', actor: { type: 'user', id: 'local' } };

function futureExpiry(value: string | undefined, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const at = new Date(Date.parse(value));
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) {
    throw new BadRequestError(`expiresAt ${value} is not in the future`, [
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
  }
  return at.toISOString();
}

/**
 * The API keys of one workspace: created (the key returned once, its hash kept), listed, revoked
 * and rotated. Another workspace's key is as unknown as one that does not exist. Shared by the
 * admin routes and `aims keys`.
 */
export function keyAdmin(
  catalogue: Catalogue,
  workspace: string,
  options: { now?: () => Date; by?: KeyAdminActor } = {},
) {
  const now = options.now ?? (() => new Date());
  const by = options.by ?? LOCAL_OPERATOR;

  async function owned(id: string): Promise<ApiKeyRecord> {
    const record = await catalogue.getApiKey(id);
    if (!record || record.workspace !== workspace) throw new NotFoundError(`API key "${id}"`);
    return record;
  }

  async function issue(input: {
    name: string;
    scopes: readonly string[];
    expiresAt?: string | undefined;
  }): Promise<ApiSchema<'NewApiKey'>> {
    const at = now();
    const key = newApiKey();
    const record = apiKeyRecord({ key, workspace, createdBy: by.createdBy, now: at, ...input });
    await catalogue.createApiKey(record, by.actor);
    return { ...apiKeyView(record, at), key };
  }

  return {
    create(request: ApiSchema<'ApiKeyRequest'>): Promise<ApiSchema<'NewApiKey'>> {
      return issue({
        name: request.name,
        scopes: request.scopes,
        expiresAt: futureExpiry(request.expiresAt, now()),
      });
    },

    async list(): Promise<ApiSchema<'ApiKey'>[]> {
      const at = now();
      return (await catalogue.listApiKeys(workspace)).map((record) => apiKeyView(record, at));
    },

    /** Revokes now; a revoked key stays revoked (not an error). */
    async revoke(id: string): Promise<void> {
      const record = await owned(id);
      if (record.revokedAt === undefined) await catalogue.revokeApiKey(id, now().toISOString(), by.actor);
    },

    /** A new key of the same name and scopes; the old one stops `graceSeconds` later (default now). */
    async rotate(id: string, request: ApiSchema<'ApiKeyRotation'> = {}): Promise<ApiSchema<'RotatedApiKey'>> {
      const record = await owned(id);
      const at = now();
      const problem = keyProblem(record, at);
      if (problem !== undefined || record.revokedAt !== undefined) {
        throw new ConflictError(
          'api_key_conflict',
          `API key "${record.id}" is ${problem ?? 'already being revoked'}; create a new key instead`,
        );
      }
      const created = await issue({
        name: record.name,
        scopes: record.scopes,
        expiresAt: futureExpiry(request.expiresAt, at) ?? record.expiresAt,
      });
      const revokeAt = new Date(at.getTime() + (request.graceSeconds ?? 0) * 1000).toISOString();
      await catalogue.revokeApiKey(record.id, revokeAt, by.actor);
      return { ...created, replaces: { id: record.id, revokedAt: revokeAt } };
    },
  };
}

export type KeyAdmin = ReturnType<typeof keyAdmin>;
