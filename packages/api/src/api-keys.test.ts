import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, NOW, startHarness, WORKSPACE } from '../test/fixture.js';
import {
  anyApiKey,
  apiKeyRecord,
  catalogueApiKeys,
  hashApiKey,
  MemoryAuthFailureLimiter,
  newApiKey,
  SCOPES,
  staticApiKeys,
} from './index.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ADMIN = 'aims_admin_key_for_tests_0123456789';
let clock = NOW;

/** A harness whose keys are the configured admin key and those in its catalogue. */
function start(options: { failures?: number } = {}): Promise<Harness> {
  clock = NOW;
  const bootstrap = staticApiKeys([
    { id: 'bootstrap', sha256: hashApiKey(ADMIN), workspace: WORKSPACE, scopes: [SCOPES.admin] },
  ]);
  return startHarness({
    api: (catalogue) => ({
      now: () => clock,
      auth: anyApiKey(bootstrap, catalogueApiKeys(catalogue, { now: () => clock })),
      authFailures: new MemoryAuthFailureLimiter({ max: options.failures ?? 1000, windowMs: 60_000 }, () =>
        clock.getTime(),
      ),
    }),
  });
}

const as = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
});

describe('API keys kept in the catalogue', () => {
  it('creates a key shown once, stores only its hash, and authenticates with it', async () => {
    harness = await start();
    const created = await call(
      harness,
      '/v1/admin/keys',
      as(ADMIN, { method: 'POST', body: JSON.stringify({ name: 'grc-tool', scopes: ['evidence:read'] }) }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toMatchObject({ name: 'grc-tool', scopes: ['evidence:read'], state: 'active' });
    const key = created.body.key as string;
    expect(key).toMatch(/^aims_[A-Za-z0-9_-]{43}$/);
    const stored = await harness.catalogue.getApiKey(created.body.id);
    expect(stored?.sha256).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await call(harness, '/v1/artifacts', as(key))).status).toBe(200);
    const listed = await call(harness, '/v1/admin/keys', as(ADMIN));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.items[0]).toMatchObject({
      id: created.body.id,
      prefix: key.slice(0, 10),
      lastUsedAt: NOW.toISOString(),
    });
    // The audit log records the creation without the key.
    const audit = await harness.catalogue.listAudit({ subjectPrefix: `${WORKSPACE}/api-key/` });
    expect(audit.map((entry) => entry.action)).toContain('api-key.created');
  });

  it("refuses revoked, expired and other workspaces' keys with 401 and missing scopes with 403", async () => {
    harness = await start();
    const catalogue = harness.catalogue;
    const keys = { reader: newApiKey(), expiring: newApiKey(), elsewhere: newApiKey(), revoked: newApiKey() };
    const put = async (key: string, workspace: string, scopes: string[], expiresAt?: string) => {
      const record = apiKeyRecord({
        key,
        workspace,
        name: 'k',
        scopes,
        createdBy: 'test',
        now: NOW,
        expiresAt,
      });
      await catalogue.createApiKey(record, { type: 'user', id: 'test' });
      return record.id;
    };
    await put(keys.reader, WORKSPACE, [SCOPES.read]);
    await put(keys.expiring, WORKSPACE, [SCOPES.read], new Date(NOW.getTime() + 60_000).toISOString());
    await put(keys.elsewhere, 'other', [SCOPES.read, SCOPES.admin]);
    const revokedId = await put(keys.revoked, WORKSPACE, [SCOPES.read]);
    expect((await call(harness, '/v1/artifacts', as(keys.revoked))).status).toBe(200);
    expect((await call(harness, `/v1/admin/keys/${revokedId}`, as(ADMIN, { method: 'DELETE' }))).status).toBe(
      204,
    );
    const revoked = await call(harness, '/v1/artifacts', as(keys.revoked));
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/unknown, revoked or expired/);
    expect((await call(harness, '/v1/artifacts', as(keys.expiring))).status).toBe(200);
    clock = new Date(NOW.getTime() + 61_000);
    expect((await call(harness, '/v1/artifacts', as(keys.expiring))).status).toBe(401);
    expect((await call(harness, '/v1/artifacts', as(keys.elsewhere))).status).toBe(401);
    const forbidden = await call(harness, '/v1/admin/keys', as(keys.reader));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('"admin"'),
    });
    const listed = await call(harness, '/v1/admin/keys', as(ADMIN));
    const states = Object.fromEntries(
      listed.body.items.map((k: { id: string; state: string }) => [k.id, k.state]),
    );
    expect(states[revokedId]).toBe('revoked');
    expect(Object.values(states).filter((state) => state === 'expired')).toHaveLength(1);
    // The other workspace's key is not listed, and cannot be revoked from here.
    expect(listed.body.items).toHaveLength(3);
  });

  it('rotates a key: the new one works at once, the old one until its grace ends', async () => {
    harness = await start();
    const created = await call(
      harness,
      '/v1/admin/keys',
      as(ADMIN, {
        method: 'POST',
        body: JSON.stringify({ name: 'ci', scopes: ['harvest:trigger', 'evidence:read'] }),
      }),
    );
    const old = created.body.key as string;
    const rotated = await call(
      harness,
      `/v1/admin/keys/${created.body.id}/rotate`,
      as(ADMIN, { method: 'POST', body: JSON.stringify({ graceSeconds: 300 }) }),
    );
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      name: 'ci',
      scopes: ['evidence:read', 'harvest:trigger'],
      replaces: { id: created.body.id, revokedAt: new Date(NOW.getTime() + 300_000).toISOString() },
    });
    expect(rotated.body.key).not.toBe(old);
    expect((await call(harness, '/v1/artifacts', as(rotated.body.key))).status).toBe(200);
    expect((await call(harness, '/v1/artifacts', as(old))).status).toBe(200);
    clock = new Date(NOW.getTime() + 300_000);
    expect((await call(harness, '/v1/artifacts', as(old))).status).toBe(401);
    expect((await call(harness, '/v1/artifacts', as(rotated.body.key))).status).toBe(200);
    const again = await call(
      harness,
      `/v1/admin/keys/${created.body.id}/rotate`,
      as(ADMIN, { method: 'POST', body: '{}' }),
    );
    expect(again.status).toBe(409);
  });

  it('explains bad key requests and unknown keys', async () => {
    harness = await start();
    const bad = await call(
      harness,
      '/v1/admin/keys',
      as(ADMIN, {
        method: 'POST',
        body: JSON.stringify({ name: '', scopes: ['evidence:write'], expiresAt: '2020-01-01T00:00:00Z' }),
      }),
    );
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.error.details.map((d: { path: string }) => d.path))].sort()).toEqual([
      'name',
      'scopes.0',
    ]);
    const past = await call(
      harness,
      '/v1/admin/keys',
      as(ADMIN, {
        method: 'POST',
        body: JSON.stringify({ name: 'x', scopes: ['admin'], expiresAt: '2020-01-01T00:00:00Z' }),
      }),
    );
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect((await call(harness, '/v1/admin/keys/not-a-uuid', as(ADMIN, { method: 'DELETE' }))).status).toBe(
      400,
    );
    expect(
      (
        await call(
          harness,
          '/v1/admin/keys/6f1c2a54-8f0e-4a7e-9a51-0c1f1d7f9a11',
          as(ADMIN, { method: 'DELETE' }),
        )
      ).status,
    ).toBe(404);
  });

  it('refuses an address after too many failed authentications, with Retry-After', async () => {
    harness = await start({ failures: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await call(harness, '/v1/artifacts', as(`wrong-${i}`))).status).toBe(401);
    }
    const blocked = await call(harness, '/v1/artifacts', as(ADMIN));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_auth_failures');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock = new Date(NOW.getTime() + 60_000);
    expect((await call(harness, '/v1/admin/keys', as(ADMIN))).status).toBe(200);
  });
});
