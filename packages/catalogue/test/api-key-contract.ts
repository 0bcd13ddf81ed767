import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ApiKeyRecord, Catalogue } from '../src/index.js';
import { actor, t } from './fixtures.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function key(id: string, workspace: string, createdAt: string): ApiKeyRecord {
  return {
    id,
    workspace,
    name: `key ${id}`,
    sha256: sha(`secret-${id}`),
    prefix: 'aims_abcde',
    scopes: ['evidence:read'],
    createdAt,
    createdBy: 'local',
  };
}

/** API keys: kept by hash, listed per workspace, revoked once, audited without the hash. */
export function apiKeyContract(open: () => Promise<{ catalogue: Catalogue }>): void {
  it('keeps API keys by hash, per workspace, with revocation and last use', async () => {
    const { catalogue } = await open();
    const a = key('0b7a1e0c-0000-4000-8000-000000000001', 'acme', t(1));
    const b = { ...key('0b7a1e0c-0000-4000-8000-000000000002', 'acme', t(2)), expiresAt: t(50) };
    const c = key('0b7a1e0c-0000-4000-8000-000000000003', 'beta', t(3));
    for (const record of [a, b, c]) await catalogue.createApiKey(record, actor);
    await expect(
      catalogue.createApiKey({ ...a, id: '0b7a1e0c-0000-4000-8000-000000000009' }, actor),
    ).rejects.toThrow();
    expect(await catalogue.findApiKeyByHash(sha('secret-0b7a1e0c-0000-4000-8000-000000000002'))).toEqual(b);
    expect(await catalogue.findApiKeyByHash(sha('nope'))).toBeUndefined();
    expect((await catalogue.listApiKeys('acme')).map((k) => k.id)).toEqual([b.id, a.id]);
    expect((await catalogue.listApiKeys()).map((k) => k.id)).toEqual([c.id, b.id, a.id]);
    expect(await catalogue.revokeApiKey(a.id, t(10), actor)).toBe(true);
    expect(await catalogue.revokeApiKey(a.id, t(11), actor)).toBe(false);
    expect(await catalogue.revokeApiKey('0b7a1e0c-0000-4000-8000-00000000000f', t(11), actor)).toBe(false);
    await catalogue.markApiKeyUsed(b.id, t(12));
    expect(await catalogue.getApiKey(a.id)).toEqual({ ...a, revokedAt: t(10) });
    expect(await catalogue.getApiKey(b.id)).toEqual({ ...b, lastUsedAt: t(12) });
    const entries = await catalogue.listAudit({ subjectPrefix: 'acme/api-key/' });
    expect(entries.map((entry) => entry.action)).toEqual([
      'api-key.created',
      'api-key.created',
      'api-key.revoked',
    ]);
    expect(JSON.stringify(entries)).not.toContain(a.sha256);
  });
}
