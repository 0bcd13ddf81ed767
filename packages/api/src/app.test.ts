import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness, WORKSPACE } from '../test/fixture.js';
import { hashApiKey, SCOPES, staticApiKeys } from './index.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const KEY = 'aims_test_0123456789abcdef';
const auth = staticApiKeys([
  { id: 'reader', sha256: hashApiKey(KEY), workspace: WORKSPACE, scopes: [SCOPES.read] },
  { id: 'elsewhere', sha256: hashApiKey('other-workspace-key'), workspace: 'other', scopes: [SCOPES.read] },
]);

describe('health, dashboard and errors', () => {
  it('reports health with the catalogue check, degraded when an extra check fails', async () => {
    harness = await startHarness({
      api: {
        checks: {
          bus: async () => undefined,
          queue: async () => {
            throw new Error('queue stopped');
          },
        },
      },
    });
    const { status, body } = await call(harness, '/health');
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'degraded',
      version: '0.1.0-test',
      checks: {
        catalogue: { status: 'ok' },
        bus: { status: 'ok' },
        queue: { status: 'down', message: 'queue stopped' },
      },
    });
  });

  it('answers 503 when the catalogue is down', async () => {
    harness = await startHarness();
    await harness.catalogue.close();
    const { status, body } = await call(harness, '/health');
    expect(status).toBe(503);
    expect(body.status).toBe('down');
    expect(body.checks.catalogue.status).toBe('down');
  });

  it('answers 503 starting while the service is still starting, and ok once it has started', async () => {
    let starting: string | undefined = 'the first harvest is being catalogued and scored';
    harness = await startHarness({ api: { starting: () => starting } });
    const early = await call(harness, '/health');
    expect(early.status).toBe(503);
    expect(early.body).toMatchObject({
      status: 'starting',
      checks: {
        catalogue: { status: 'ok' },
        startup: { status: 'pending', message: 'the first harvest is being catalogued and scored' },
      },
    });
    starting = undefined;
    const later = await call(harness, '/health');
    expect(later.status).toBe(200);
    expect(later.body).toEqual({
      status: 'ok',
      version: '0.1.0-test',
      checks: { catalogue: { status: 'ok' } },
    });
  });

  it('serves the dashboard page', async () => {
    harness = await startHarness();
    const { status, body, headers } = await call(harness, '/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('<title>AIMS Evidence Mesh</title>');
    expect(body).toMatch(/<script type="module" src="\/assets\/[0-9a-f]{12}\/app\/main\.js"><\/script>/);
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers a browser asking for a page that does not exist with the page shell and 404', async () => {
    harness = await startHarness();
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const page = await fetch(`${harness.baseUrl}/no/such/page`, { headers: html });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>AIMS Evidence Mesh</title>');
    // The API's own paths, and clients that do not ask for HTML, keep the JSON error.
    for (const [path, headers] of [
      ['/v1/nothing', html],
      ['/no/such/page', { accept: 'application/json' }],
      ['/no/such/page', { accept: '*/*' }],
    ] as const) {
      const res = await fetch(`${harness.baseUrl}${path}`, { headers });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('maps unknown routes and server failures to the error body without leaking messages', async () => {
    const failures: unknown[] = [];
    harness = await startHarness({ api: { onError: (error) => failures.push(error) } });
    const missing = await call(harness, '/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'GET /v1/nothing was not found' } });
    harness.catalogue.getScores = async () => {
      throw new Error('disk on fire at /var/secret/path');
    };
    const broken = await call(harness, '/v1/controls');
    expect(broken.status).toBe(500);
    expect(broken.body.error.code).toBe('internal_error');
    expect(JSON.stringify(broken.body)).not.toContain('secret');
    expect(failures).toHaveLength(1);
  });
});

describe('API keys', () => {
  it('leaves /v1 open without a verifier (embedded mode)', async () => {
    harness = await startHarness();
    expect((await call(harness, '/v1/controls')).status).toBe(200);
  });

  it('requires a key of this workspace when a verifier is set, by bearer or X-API-Key', async () => {
    harness = await startHarness({ api: { auth } });
    const none = await call(harness, '/v1/controls');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body.error.code).toBe('unauthorized');
    expect((await call(harness, '/v1/controls', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect(
      (await call(harness, '/v1/controls', { headers: { 'x-api-key': 'other-workspace-key' } })).status,
    ).toBe(401);
    expect(
      (await call(harness, '/v1/controls', { headers: { authorization: `Bearer ${KEY}` } })).status,
    ).toBe(200);
    expect((await call(harness, '/v1/controls', { headers: { 'x-api-key': KEY } })).status).toBe(200);
    expect((await call(harness, '/health')).status).toBe(200);
  });

  it('refuses operations outside the key scopes', async () => {
    harness = await startHarness({
      api: { auth, harvest: { trigger: async () => ({ jobId: 'never' }) } },
    });
    const res = await call(harness, '/v1/connectors/docs/runs', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      code: 'forbidden',
      message: 'this API key lacks the scope "harvest:trigger"',
    });
  });
});
