import { request } from 'node:http';
import { Readable } from 'node:stream';
import type { ExportRecord } from '@aims/catalogue';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../test/fixture.js';
import type { ExportsPort } from './options.js';

const ID = '2f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b';
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** An exports port whose one bundle is `body`; `presigned` makes it a store that hands out URLs. */
function exportsOf(body: () => Readable, presigned: boolean): ExportsPort & { asked: boolean[] } {
  const asked: boolean[] = [];
  const record = { id: ID, workspace: 'acme', status: 'succeeded' } as ExportRecord;
  return {
    asked,
    create: async () => record,
    get: async () => record,
    list: async () => [record],
    async download(_id, options) {
      asked.push(options?.redirect ?? true);
      if (presigned && options?.redirect !== false)
        return {
          kind: 'url',
          url: 'http://s3.invalid/bundle.zip?X-Amz-Signature=x',
          expiresAt: '2030-01-01T00:00:00Z',
        };
      return { kind: 'stream', body: body(), name: 'bundle.zip', size: 1_000_000, sha256: 'a'.repeat(64) };
    },
  };
}

describe('GET /v1/exports/{id}/download', () => {
  it('redirects to a presigned URL, or with redirect=false streams the bytes itself', async () => {
    const exports = exportsOf(() => Readable.from([Buffer.from('PK zip bytes')]), true);
    harness = await startHarness({ api: { exports } });
    const redirected = await fetch(`${harness.baseUrl}/v1/exports/${ID}/download`, { redirect: 'manual' });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toContain('X-Amz-Signature=');
    const streamed = await fetch(`${harness.baseUrl}/v1/exports/${ID}/download?redirect=false`);
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-disposition')).toBe('attachment; filename="bundle.zip"');
    expect(exports.asked).toEqual([true, false]);
    const bad = await fetch(`${harness.baseUrl}/v1/exports/${ID}/download?redirect=yes`);
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { error: { details: { path: string }[] } };
    expect(problem.error.details[0]?.path).toBe('redirect');
  });

  it('closes the store stream when the client leaves mid-download', async () => {
    let body: Readable | undefined;
    // Never ends on its own: one chunk, then nothing until read again.
    const endless = () => {
      body = new Readable({ read() {} });
      body.push(Buffer.alloc(64 * 1024, 1));
      return body;
    };
    harness = await startHarness({ api: { exports: exportsOf(endless, false) } });
    const { port } = new URL(harness.baseUrl);
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: Number(port), path: `/v1/exports/${ID}/download` },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.once('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error),
      );
      req.end();
    });
    const deadline = Date.now() + 5_000;
    while (!body?.destroyed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(body?.destroyed).toBe(true);
  });
});
