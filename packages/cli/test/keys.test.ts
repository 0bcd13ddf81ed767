import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCatalogue } from '@aims/catalogue';
import { type RunningMesh, startMesh } from '@aims/service-all-in-one';
import { silentLogger } from '@aims/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/index.js';
import { aims, copyExample } from './harness.js';

const OPERATOR = 'operator-key-of-the-cli-keys-test-0123';
let dir = '';
let run: ReturnType<typeof aims>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-cli-keys-'));
  await copyExample(dir);
  run = aims(dir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('aims keys create|list|revoke|rotate', () => {
  it('manages keys in the data folder: the key is printed once, only its hash is kept', async () => {
    const created = await run(
      'keys',
      'create',
      '--workspace',
      'ws',
      '--name',
      'grc-tool',
      '--scope',
      'evidence:read',
      'exports:create',
      '--format',
      'json',
    );
    expect(created.code, created.err).toBe(EXIT.ok);
    const key = JSON.parse(created.out);
    expect(key).toMatchObject({
      name: 'grc-tool',
      scopes: ['evidence:read', 'exports:create'],
      state: 'active',
    });
    expect(key.key).toMatch(/^aims_/);
    const catalogue = createSqliteCatalogue({ filename: join(dir, 'ws', '.aims', 'catalogue.sqlite') });
    try {
      const stored = await catalogue.listApiKeys();
      expect(stored.map((k) => k.workspace)).toEqual(['kestrel']);
      expect(JSON.stringify(stored)).not.toContain(key.key);
    } finally {
      await catalogue.close();
    }
    const listed = await run('keys', 'list', '--workspace', 'ws');
    expect(listed.code).toBe(EXIT.ok);
    expect(listed.out).toContain('grc-tool');
    expect(listed.out).not.toContain(key.key);
    const text = await run('keys', 'create', '--workspace', 'ws', '--name', 'ci', '--expires', '2099-01-01');
    expect(text.out).toMatch(/This is the only time the key is shown/);
    const rotated = await run(
      'keys',
      'rotate',
      key.id,
      '--workspace',
      'ws',
      '--grace',
      '60',
      '--format',
      'json',
    );
    expect(rotated.code, rotated.err).toBe(EXIT.ok);
    expect(JSON.parse(rotated.out)).toMatchObject({ name: 'grc-tool', replaces: { id: key.id } });
    const revoked = await run('keys', 'revoke', JSON.parse(rotated.out).id, '--workspace', 'ws');
    expect(revoked.code).toBe(EXIT.ok);
    const states = JSON.parse(
      (await run('keys', 'list', '--workspace', 'ws', '--format', 'json')).out,
    ).items.map((k: { name: string; state: string }) => `${k.name}:${k.state}`);
    expect(states.sort()).toEqual(['ci:active', 'grc-tool:active', 'grc-tool:revoked']);
  });

  it('explains bad input with exit codes and no stack', async () => {
    const past = await run('keys', 'create', '--workspace', 'ws', '--name', 'x', '--expires', '2020-01-01');
    expect(past.code).toBe(EXIT.input);
    expect(past.err).toMatch(/expiresAt .* is not in the future/);
    const scope = await run(
      'keys',
      'create',
      '--workspace',
      'ws',
      '--name',
      'x',
      '--scope',
      'evidence:write',
    );
    expect(scope.code).toBe(EXIT.usage);
    expect(scope.err).toMatch(/evidence:write/);
    const unknown = await run('keys', 'revoke', '6f1c2a54-8f0e-4a7e-9a51-0c1f1d7f9a11', '--workspace', 'ws');
    expect(unknown.code).toBe(EXIT.input);
    expect(unknown.err).toMatch(/API key "6f1c2a54-8f0e-4a7e-9a51-0c1f1d7f9a11" was not found/);
    expect(unknown.err).not.toMatch(/\n\s+at /);
  });

  describe('through the admin API', () => {
    let mesh: RunningMesh;
    beforeAll(async () => {
      mesh = await startMesh({
        workspaceDir: join(dir, 'ws'),
        dataDir: join(dir, 'api-data'),
        port: 0,
        host: '127.0.0.1',
        apiKey: OPERATOR,
        secrets: {},
        version: '0.1.0-test',
        logger: silentLogger(),
      });
    }, 120_000);
    afterAll(async () => {
      await mesh?.stop();
    });

    it('creates a key that then reads the API, and refuses keys without the admin scope', async () => {
      const admin = aims(dir, { AIMS_API_KEY: OPERATOR });
      const created = await admin(
        'keys',
        'create',
        '--api',
        mesh.url,
        '--name',
        'reader',
        '--format',
        'json',
      );
      expect(created.code, created.err).toBe(EXIT.ok);
      const reader = JSON.parse(created.out).key as string;
      const res = await fetch(`${mesh.url}/v1/connectors`, {
        headers: { authorization: `Bearer ${reader}` },
      });
      expect(res.status).toBe(200);
      const listed = await admin('keys', 'list', '--api', mesh.url, '--format', 'json');
      expect(JSON.parse(listed.out).items.map((k: { name: string }) => k.name)).toEqual(['reader']);
      const refused = await aims(dir, { AIMS_API_KEY: reader })('keys', 'list', '--api', mesh.url);
      expect(refused.code).toBe(EXIT.auth);
      expect(refused.err).toMatch(/admin/);
    });
  });
});
