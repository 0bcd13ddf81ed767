import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness, WORKSPACE } from '../test/fixture.js';
import { hashApiKey, staticApiKeys } from './middleware/auth.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const trigger = { trigger: async () => ({ jobId: 'job-1' }) };

/** GET with exactly these headers (fetch replaces Host with the URL's, so node:http sends it). */
function raw(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: { error?: { code: string } } }> {
  const url = new URL(path, harness.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : {} }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API hardening', () => {
  it('refuses foreign Host and Origin headers without keys, and checks keys instead when they are set', async () => {
    harness = await startHarness({ api: { harvest: trigger } });
    for (const headers of [
      { host: 'evil.example' },
      { host: 'evil.example:8080' },
      { host: '127.0.0.1.evil.example' },
      { host: 'localhost', origin: 'http://evil.example' },
    ]) {
      const res = await raw('/v1/connectors', headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error?.code).toBe('host_not_allowed');
    }
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:1234', '127.1.2.3'])
      expect((await raw('/v1/connectors', { host })).status, host).toBe(200);
    expect((await raw('/v1/connectors', { host: 'localhost', origin: 'http://localhost:3000' })).status).toBe(
      200,
    );
    expect((await raw('/', { host: 'evil.example' })).status).toBe(403);
    // /health stays open (probes address the pod by name).
    expect((await raw('/health', { host: 'evil.example' })).status).toBe(200);
    await harness.close();
    const key = 'a-long-enough-test-key-0123456789';
    harness = await startHarness({
      api: {
        auth: staticApiKeys([
          { id: 'k', sha256: hashApiKey(key), workspace: WORKSPACE, scopes: ['evidence:read'] },
        ]),
      },
    });
    const keyed = await raw('/v1/connectors', { host: 'aims.example.org', authorization: `Bearer ${key}` });
    expect(keyed.status).toBe(200);
  });

  it('demands JSON bodies on POST routes', async () => {
    harness = await startHarness({ api: { harvest: trigger } });
    const plain = await call(harness, '/v1/connectors/docs/runs', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"mode":"full"}',
    });
    expect(plain.status).toBe(415);
    expect(plain.body.error).toMatchObject({ code: 'unsupported_media_type' });
    expect(plain.body.error.message).toContain('text/plain');
    const json = await call(harness, '/v1/connectors/docs/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"mode":"full"}',
    });
    expect(json.status).toBe(202);
    expect((await call(harness, '/v1/connectors/docs/runs', { method: 'POST' })).status).toBe(202);
    const broken = await call(harness, '/v1/connectors/docs/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"mode":',
    });
    expect(broken.status).toBe(400);
  });

  it('parses integers strictly and names the parameter', async () => {
    harness = await startHarness();
    for (const limit of ['0x10', '1e2', '1.0', '010', '-1', '+5', ' 5', '0', '501']) {
      const res = await call(harness, `/v1/artifacts?limit=${encodeURIComponent(limit)}`);
      expect(res.status, `limit=${limit}`).toBe(400);
      expect(res.body.error.details[0].path).toBe('limit');
    }
    expect((await call(harness, '/v1/artifacts?limit=16')).status).toBe(200);
    const key = encodeURIComponent(harness.stored[0]?.key ?? '');
    expect((await call(harness, `/v1/artifacts/${key}/versions/1e0`)).status).toBe(400);
    expect((await call(harness, `/v1/artifacts/${key}/versions/1`)).status).toBe(200);
    expect((await call(harness, '/v1/gaps?priority=1.5')).status).toBe(400);
  });

  it('answers 400 for unknown parameters on every route', async () => {
    harness = await startHarness({ api: { harvest: trigger } });
    const key = encodeURIComponent(harness.stored[0]?.key ?? '');
    for (const path of [
      '/v1/artifacts',
      `/v1/artifacts/${key}`,
      `/v1/artifacts/${key}/versions`,
      `/v1/artifacts/${key}/versions/1`,
      '/v1/controls',
      '/v1/controls/A.2.2',
      '/v1/gaps',
      '/v1/ai-systems',
      '/v1/ai-systems/triage',
      '/v1/harvest-runs',
      '/v1/harvest-runs/some-run',
      '/v1/connectors',
    ]) {
      const res = await call(harness, `${path}?bogus=1`);
      expect(res.status, path).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'bogus', message: 'unknown parameter' }]);
    }
  });

  it('answers 404 for an AI system nobody knows, on every route that takes one', async () => {
    harness = await startHarness();
    for (const path of [
      '/v1/controls?aiSystem=nope',
      '/v1/gaps?aiSystem=nope',
      '/v1/artifacts?aiSystem=nope',
    ]) {
      const res = await call(harness, path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('unknown_ai_system');
    }
    expect((await call(harness, '/v1/ai-systems/nope')).status).toBe(404);
    expect((await call(harness, '/v1/controls?aiSystem=triage')).status).toBe(200);
  });

  it('answers 501 for routes of the contract this server does not build yet', async () => {
    harness = await startHarness();
    const post = await call(harness, '/v1/exports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(501);
    expect(post.body.error.code).toBe('not_implemented');
    expect((await call(harness, '/v1/exports/7d2f6c1e-0b1a-4a47-9a55-6f1d7a6b2c3d')).status).toBe(501);
  });
});
