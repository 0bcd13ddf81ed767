import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiKeyRecord, Catalogue } from '@aims/catalogue';
import type { ApiKeyVerifier, ApiPrincipal } from '../options.js';
import { hashApiKey } from './auth.js';

/** A new random API key: `aims_` and 43 characters of base64url (256 bits). */
export function newApiKey(): string {
  return `aims_${randomBytes(32).toString('base64url')}`;
}

/** The record of a new key (the key itself is returned once and never stored). */
export function apiKeyRecord(input: {
  key: string;
  workspace: string;
  name: string;
  scopes: readonly string[];
  createdBy: string;
  now: Date;
  expiresAt?: string | undefined;
}): ApiKeyRecord {
  const record: ApiKeyRecord = {
    id: randomUUID(),
    workspace: input.workspace,
    name: input.name,
    sha256: hashApiKey(input.key),
    prefix: input.key.slice(0, 10),
    scopes: [...new Set(input.scopes)].sort(),
    createdAt: input.now.toISOString(),
    createdBy: input.createdBy,
  };
  if (input.expiresAt !== undefined) record.expiresAt = input.expiresAt;
  return record;
}

/** Why a stored key does not authenticate now, if it does not. */
export function keyProblem(record: ApiKeyRecord, now: Date): 'revoked' | 'expired' | undefined {
  if (record.revokedAt !== undefined && Date.parse(record.revokedAt) <= now.getTime()) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return undefined;
}

/**
 * A verifier over the catalogue's keys: the presented key's hash is looked up; a revoked or
 * expired key does not authenticate. Its last-used time is written at most once a minute.
 */
export function catalogueApiKeys(
  catalogue: Catalogue,
  options: { now?: () => Date; usedEveryMs?: number } = {},
): ApiKeyVerifier {
  const now = options.now ?? (() => new Date());
  const every = options.usedEveryMs ?? 60_000;
  const written = new Map<string, number>();
  return async (presented): Promise<ApiPrincipal | undefined> => {
    const record = await catalogue.findApiKeyByHash(hashApiKey(presented));
    const at = now();
    if (!record || keyProblem(record, at)) return undefined;
    if ((written.get(record.id) ?? 0) + every <= at.getTime()) {
      written.set(record.id, at.getTime());
      await catalogue.markApiKeyUsed(record.id, at.toISOString());
    }
    return { keyId: record.id, workspace: record.workspace, scopes: record.scopes };
  };
}

/** The first verifier that knows the key (e.g. the all-in-one's configured key, then the catalogue's). */
export function anyApiKey(...verifiers: readonly ApiKeyVerifier[]): ApiKeyVerifier {
  return async (presented) => {
    for (const verify of verifiers) {
      const principal = await verify(presented);
      if (principal) return principal;
    }
    return undefined;
  };
}
