import type { AddressInfo } from 'node:net';
import { parseWorkspaceConfig, type WorkspaceConfig } from '@aims/config';
import { githubWebhookSource } from '@aims/connector-github';
import { jiraWebhookSource } from '@aims/connector-jira';
import { defaultTopics } from '@aims/core';
import { library, normaliserOn } from '@aims/normaliser/testing';
import type { RefreshHint } from '@aims/scheduler';
import { createScorer } from '@aims/scorer';
import { silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, waitFor } from '@aims/service-kit/testing';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { githubExample, githubSignature } from '../test/github-examples.js';
import { createWebhookApp, type WebhookAppOptions } from './app.js';

const secret = 'gateway-test-secret-0123456789';
const githubConfig = { org: 'acme', token: 'placeholder-token' };
const config: WorkspaceConfig = parseWorkspaceConfig(
  JSON.stringify({
    workspace: 'acme',
    connectors: [
      { instance: 'acme-github', connector: 'github', webhookSecretEnv: 'GH_SECRET', config: githubConfig },
      { instance: 'quiet-github', connector: 'github', config: githubConfig },
    ],
  }),
  'gateway-test.yaml',
);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function gateway(extra: Partial<WebhookAppOptions> = {}) {
  const deps = await embeddedDeps();
  const app = createWebhookApp({
    bus: deps.bus,
    rawTopic: defaultTopics.raw,
    config,
    sources: [githubWebhookSource, jiraWebhookSource],
    secretFor: (instance) => (instance === 'acme-github' ? secret : undefined),
    connectorConfigFor: (instance) => config.connectors.find((c) => c.instance === instance)?.config ?? {},
    logger: silentLogger(),
    ...extra,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(async () => {
    server.close();
    await deps.bus.close();
    await deps.catalogue.close();
  });
  return { ...deps, url };
}

function post(url: string, body: string, headers: Record<string, string>) {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('webhook gateway', () => {
  it('answers a bad signature, an unknown instance and one without a secret alike, logging no payload', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const { url } = await gateway({ logger });
    const body = JSON.stringify(githubExample('branch_protection_rule', 'created'));
    const signed = (key: string) => ({
      'x-github-event': 'branch_protection_rule',
      'x-hub-signature-256': githubSignature(key, body),
    });
    const answers = [];
    for (const [path, key] of [
      ['github/acme-github', 'wrong-secret'],
      ['github/nope', 'wrong-secret'],
      ['jira/acme-github', secret],
      ['github/quiet-github', secret],
    ] as const) {
      const res = await post(`${url}/webhooks/${path}`, body, signed(key));
      answers.push([res.status, await res.text()]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.[0]).toBe(401);
    expect(JSON.parse(String(answers[0]?.[1])).error.code).toBe('invalid_signature');
    expect(lines.filter((line) => line.includes('webhook rejected'))).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain('required_approving_review_count');
  });

  it('publishes a delivery once, however often it is redelivered', async () => {
    const { bus, url } = await gateway();
    const raw = await collect(bus, defaultTopics.raw);
    const body = JSON.stringify(githubExample('repository', 'created'));
    const headers = {
      'x-github-event': 'repository',
      'x-github-delivery': 'delivery-42',
      'x-hub-signature-256': githubSignature(secret, body),
    };
    const first = await post(`${url}/webhooks/github/acme-github`, body, headers);
    expect(first.status).toBe(202);
    const again = await post(`${url}/webhooks/github/acme-github`, body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ accepted: 0, refreshQueued: false, duplicate: true });
    const other = await post(`${url}/webhooks/github/acme-github`, body, {
      ...headers,
      'x-github-delivery': 'd-43',
    });
    expect(other.status).toBe(202);
    await waitFor(() => raw.messages.length === 2, 5_000, 'two published records');
  });

  it('maps with the instance config: custom document globs apply to pushes too', async () => {
    const custom = parseWorkspaceConfig(
      JSON.stringify({
        workspace: 'acme',
        connectors: [
          {
            instance: 'acme-github',
            connector: 'github',
            webhookSecretEnv: 'GH_SECRET',
            config: { ...githubConfig, documents: { paths: ['governance/**/*.md'] } },
          },
        ],
      }),
      'custom.yaml',
    );
    const requested: Array<readonly RefreshHint[]> = [];
    const { url } = await gateway({
      config: custom,
      connectorConfigFor: () => custom.connectors[0]?.config,
      requestRefresh: async (_instance, hints) => {
        requested.push(hints);
      },
    });
    const payload = githubExample('push');
    const repository = payload.repository as { default_branch: string; full_name: string };
    const push = {
      ...payload,
      ref: `refs/heads/${repository.default_branch}`,
      commits: [{ added: ['governance/ai-policy.md'], removed: [], modified: [] }],
    };
    const body = JSON.stringify(push);
    const res = await post(`${url}/webhooks/github/acme-github`, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': githubSignature(secret, body),
    });
    expect(res.status).toBe(202);
    expect(requested).toEqual([[{ slice: `repo:${repository.full_name}`, streams: ['documents'] }]]);
  });

  it('accepts events it does not map (ping) with no records', async () => {
    const { url } = await gateway();
    const body = JSON.stringify(githubExample('ping'));
    const res = await post(`${url}/webhooks/github/acme-github`, body, {
      'x-github-event': 'ping',
      'x-hub-signature-256': githubSignature(secret, body),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, refreshQueued: false });
  });

  it('asks for a harvest of the pull requests a pull_request delivery points at', async () => {
    const requested: Array<{ instance: string; hints: readonly RefreshHint[] }> = [];
    const { url } = await gateway({
      requestRefresh: async (instance, hints) => {
        requested.push({ instance, hints });
      },
    });
    const payload = githubExample('pull_request', 'closed');
    const body = JSON.stringify(payload);
    const res = await post(`${url}/webhooks/github/acme-github`, body, {
      'x-github-event': 'pull_request',
      'x-hub-signature-256': githubSignature(secret, body),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, refreshQueued: true });
    const repo = (payload.repository as { full_name: string }).full_name;
    expect(requested).toEqual([
      { instance: 'acme-github', hints: [{ slice: `repo:${repo}`, streams: ['pull-requests'] }] },
    ]);
  });

  it('still accepts the delivery when the refresh cannot be enqueued', async () => {
    const { url } = await gateway({
      requestRefresh: () => Promise.reject(new Error('redis is down')),
    });
    const body = JSON.stringify(githubExample('pull_request_review', 'submitted'));
    const res = await post(`${url}/webhooks/github/acme-github`, body, {
      'x-github-event': 'pull_request_review',
      'x-hub-signature-256': githubSignature(secret, body),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, refreshQueued: false });
  });

  it('takes a signed GitHub webhook to a changed control score', async () => {
    const { bus, catalogue, url } = await gateway();
    const scored = await collect(bus, defaultTopics.scored);
    const normaliser = normaliserOn(bus, catalogue);
    const scorer = createScorer({
      bus,
      catalogue,
      topics: defaultTopics,
      groupId: 'scorer',
      library,
      workspaces: ['acme'],
      logger: silentLogger(),
    });
    await normaliser.start();
    await scorer.start();
    closers.push(async () => {
      await scorer.stop();
      await normaliser.stop();
    });
    await waitFor(() => scored.messages.length > 0, 10_000, 'the initial full rescore');
    const initial = scored.messages.length;
    const payload = githubExample(
      'branch_protection_rule',
      'created',
      (e) => (e.rule as { name?: string }).name === 'main',
    );
    const body = JSON.stringify(payload);
    const started = Date.now();
    const res = await post(`${url}/webhooks/github/acme-github`, body, {
      'x-github-event': 'branch_protection_rule',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': githubSignature(secret, body),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, refreshQueued: false });
    expect(Date.now() - started).toBeLessThan(2_000);
    await waitFor(() => scored.messages.length > initial, 10_000, 'a control scored by the webhook');
    const events = scored.messages.slice(initial).map((m) => JSON.parse(m.value.toString()));
    const key = 'acme/acme-github/';
    expect(
      events.every((e) => e.trigger.reason === 'artifact_changed' && e.trigger.artifactKey.startsWith(key)),
    ).toBe(true);
    expect(events.some((e) => e.present > 0)).toBe(true);
    const stored = await catalogue.getScores(
      'acme',
      events.map((e) => e.controlId),
    );
    expect(stored.map((s) => s.present)).toEqual(events.map((e) => e.present));
    const history = await catalogue.getScoreHistory('acme', events[0].controlId);
    expect(history.length).toBeGreaterThanOrEqual(2);
  });
});
