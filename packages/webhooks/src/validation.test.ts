import type { AddressInfo } from 'node:net';
import { parseWorkspaceConfig } from '@aims/config';
import { githubWebhookSource } from '@aims/connector-github';
import { defaultTopics } from '@aims/core';
import { createLogger } from '@aims/service-kit';
import { collect, embeddedDeps } from '@aims/service-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { githubExample, githubSignature } from '../test/github-examples.js';
import { createWebhookApp, type WebhookAppOptions } from './app.js';

const secret = 'validation-test-secret-0123456789';
const config = parseWorkspaceConfig(
  JSON.stringify({
    workspace: 'acme',
    connectors: [
      {
        instance: 'acme-github',
        connector: 'github',
        webhookSecretEnv: 'GH_SECRET',
        config: { org: 'acme', token: 'placeholder-token' },
      },
    ],
  }),
  'validation-test.yaml',
);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function gateway(extra: Partial<WebhookAppOptions> = {}) {
  const deps = await embeddedDeps();
  const raw = await collect(deps.bus, defaultTopics.raw);
  const lines: string[] = [];
  const app = createWebhookApp({
    bus: deps.bus,
    rawTopic: defaultTopics.raw,
    config,
    sources: [githubWebhookSource],
    secretFor: () => secret,
    connectorConfigFor: () => config.connectors[0]?.config,
    logger: createLogger('gateway', { destination: { write: (line: string) => lines.push(line) } }),
    ...extra,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github/acme-github`;
  closers.push(async () => {
    server.close();
    await deps.bus.close();
    await deps.catalogue.close();
  });
  const post = (event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-hub-signature-256': githubSignature(secret, body),
      },
    });
  };
  return { raw, lines, post };
}

/** Lets a delivery that was (wrongly) published reach the collector before asserting it did not. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('webhook records are validated before the gateway answers', () => {
  it('names a workflow_run whose name is empty after its workflow file, as if the name were missing', async () => {
    const { raw, post } = await gateway();
    const payload = githubExample('workflow_run', 'completed');
    const run = payload.workflow_run as Record<string, unknown>;
    run.name = '';
    run.path = '.github/workflows/evaluate.yml';
    const res = await post('workflow_run', payload);
    expect(res.status).toBe(202);
    for (let i = 0; i < 50 && raw.messages.length === 0; i++) await settle();
    const [record] = raw.messages.map((message) => JSON.parse(String(message.value)));
    expect(record.attributes.workflow).toBe('.github/workflows/evaluate.yml');
  });

  it('refuses a workflow_run whose record breaks the contract with 422 and publishes nothing', async () => {
    const { raw, lines, post } = await gateway();
    const payload = githubExample('workflow_run', 'completed');
    (payload.workflow_run as Record<string, unknown>).status = '';
    const res = await post('workflow_run', payload);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown[] } };
    expect(body.error.code).toBe('unprocessable_event');
    expect(body.error.message).toContain('/attributes/status');
    expect(body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/attributes/status' })]),
    );
    await settle();
    expect(raw.messages).toEqual([]);
    expect(lines.some((line) => line.includes('webhook rejected'))).toBe(true);
  });

  it('refuses a record above the raw topic limit the normaliser enforces, and takes the same event when it fits', async () => {
    const small = await gateway({ maxRecordBytes: 256 });
    const payload = githubExample('workflow_run', 'completed');
    const refused = await small.post('workflow_run', payload);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /above the limit of 256 bytes/,
    );
    await settle();
    expect(small.raw.messages).toEqual([]);
    const normal = await gateway();
    const accepted = await normal.post('workflow_run', payload);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ accepted: 1, refreshQueued: false });
  });
});
