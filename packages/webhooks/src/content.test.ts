import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore } from '@aims/blobs';
import { parseWorkspaceConfig } from '@aims/config';
import { githubWebhookSource } from '@aims/connector-github';
import { defaultTopics } from '@aims/core';
import { silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps } from '@aims/service-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { githubExample, githubSignature } from '../test/github-examples.js';
import { createWebhookApp } from './app.js';

const secret = 'content-test-secret-0123456789';
const token = 'ghp_contenttesttoken0123456789';
const config = parseWorkspaceConfig(
  JSON.stringify({
    workspace: 'acme',
    connectors: [
      {
        instance: 'acme-github',
        connector: 'github',
        webhookSecretEnv: 'GH_SECRET',
        config: { org: 'acme', token },
      },
    ],
  }),
  'content-test.yaml',
);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('webhook records store their content like harvested ones', () => {
  it('stores the content of a workflow_run delivery once, by its SHA-256, and the record points at it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'aims-webhook-content-'));
    closers.push(() => rm(folder, { recursive: true, force: true }));
    const blobs = new FolderBlobStore({ root: folder });
    const deps = await embeddedDeps();
    const raw = await collect(deps.bus, defaultTopics.raw);
    const app = createWebhookApp({
      bus: deps.bus,
      rawTopic: defaultTopics.raw,
      config,
      sources: [githubWebhookSource],
      secretFor: () => secret,
      connectorConfigFor: () => config.connectors[0]?.config,
      logger: silentLogger(),
      blobs,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(async () => {
      server.close();
      await deps.bus.close();
      await deps.catalogue.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github/acme-github`;
    const post = async (deliveryId: string) => {
      const body = JSON.stringify(githubExample('workflow_run', 'completed'));
      return fetch(url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'workflow_run',
          'x-github-delivery': deliveryId,
          'x-hub-signature-256': githubSignature(secret, body),
        },
      });
    };
    expect((await post('d-1')).status).toBe(202);
    for (let i = 0; i < 50 && raw.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const [record] = raw.messages.map((message) => JSON.parse(String(message.value)));
    expect(record.content).toMatchObject({
      mediaType: 'application/json',
      blobKey: expect.stringMatching(/^sha256\//),
    });
    const stored = await blobs.get(record.content.blobKey);
    const bytes = Buffer.from(stored?.body ?? new Uint8Array());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(record.content.sha256);
    expect(bytes.length).toBe(record.content.size);
    expect(bytes.toString('utf8')).not.toContain(token);
    // The same content again is the same blob.
    expect((await post('d-2')).status).toBe(202);
    for (let i = 0; i < 50 && raw.messages.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    const again = JSON.parse(String(raw.messages[1]?.value));
    expect(again.content.blobKey).toBe(record.content.blobKey);
    expect((await blobs.list('sha256/')).items).toHaveLength(1);
  });
});
