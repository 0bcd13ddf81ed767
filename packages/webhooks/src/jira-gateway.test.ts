import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { WorkspaceConfig } from '@aims/config';
import { jiraWebhookSource } from '@aims/connector-jira';
import { defaultTopics } from '@aims/core';
import { silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { createWebhookApp } from './app.js';

// A recorded Jira Cloud delivery kept by the Jira connector.
const delivery = readFileSync(
  resolve(import.meta.dirname, '../../connectors/jira/test/fixtures/webhook-issue-updated.json'),
  'utf8',
);
const secret = 'jira-gateway-secret-0123456789';
const config: WorkspaceConfig = {
  workspace: 'acme',
  owners: {},
  aiSystems: [],
  webhooks: { dedupWindow: 86_400_000 },
  connectors: [
    { instance: 'acme-jira', connector: 'jira', enabled: true, webhookSecretEnv: 'JIRA_SECRET', config: {} },
  ],
};
const jiraConfig = {
  host: 'https://acme.atlassian.net',
  auth: { type: 'bearer', token: 'unavailable-in-gateway' },
  projects: [{ key: 'AIMS' }],
};

describe('Jira webhooks through the gateway', () => {
  it('verifies X-Hub-Signature and publishes the mapped ticket record', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const raw = await collect(bus, defaultTopics.raw);
    const app = createWebhookApp({
      bus,
      rawTopic: defaultTopics.raw,
      config,
      sources: [jiraWebhookSource],
      secretFor: () => secret,
      connectorConfigFor: () => jiraConfig,
      logger: silentLogger(),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/jira/acme-jira`;
    const text = delivery;
    const sign = (s: string) => `sha256=${createHmac('sha256', s).update(text).digest('hex')}`;
    const forged = await fetch(url, {
      method: 'POST',
      body: text,
      headers: { 'x-hub-signature': sign('other-secret-0000000') },
    });
    expect(forged.status).toBe(401);
    const ok = await fetch(url, {
      method: 'POST',
      body: text,
      headers: { 'content-type': 'application/json', 'x-hub-signature': sign(secret) },
    });
    expect(ok.status).toBe(202);
    const { accepted } = (await ok.json()) as { accepted: number };
    expect(accepted).toBe(1);
    await waitFor(() => raw.messages.length === accepted);
    for (const m of raw.messages) {
      const record = JSON.parse(m.value.toString());
      expect(record.source).toEqual({ connector: 'jira', instance: 'acme-jira' });
      expect(record.kind).toMatch(/^ticket\./);
      expect(m.key).toBe(`acme/acme-jira/${record.externalId}`);
    }
    server.close();
    await bus.close();
    await catalogue.close();
  });
});
