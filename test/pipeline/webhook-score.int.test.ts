import type { AddressInfo } from 'node:net';
import { parseWorkspaceConfig, type WorkspaceConfig } from '@aims/config';
import { githubWebhookSource } from '@aims/connector-github';
import { contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { createScorer } from '@aims/scorer';
import { readLibraryFile } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { createWebhookApp } from '@aims/webhooks';
import { githubExample, githubSignature } from '@aims/webhooks/testing';
import { describe, expect, it } from 'vitest';
import { collectTopic, ensurePipelineTopics, kafkaBus, pgCatalogue, runNames, waitFor } from './support.js';

describe('GitHub webhook to control score (Kafka + PostgreSQL)', () => {
  it('a signed example delivery reaches a changed, stored control score', async () => {
    const names = runNames('hook');
    const bus = kafkaBus('hook-test');
    const catalogue = await pgCatalogue(names.schema);
    await ensurePipelineTopics(bus, names.topics);
    const library = await readLibraryFile();
    const logger = silentLogger();
    const secret = 'integration-webhook-secret-42';
    const config: WorkspaceConfig = parseWorkspaceConfig(
      JSON.stringify({
        workspace: 'acme',
        connectors: [
          {
            instance: 'acme-github',
            connector: 'github',
            webhookSecretEnv: 'X',
            config: { org: 'acme', token: 'not-used-by-webhooks' },
          },
        ],
      }),
      'webhook-score.yaml',
    );
    const normaliser = createNormaliser({
      bus,
      catalogue,
      topics: names.topics,
      groupId: `${names.id}-normaliser`,
      rules: contractDecodeRules({ knownConnectors: ['github'] }),
      expiresAt: libraryExpiry(library),
      logger,
    });
    const scorer = createScorer({
      bus,
      catalogue,
      topics: names.topics,
      groupId: `${names.id}-scorer`,
      library,
      workspaces: ['acme'],
      logger,
    });
    const scored = await collectTopic(bus, names.topics.scored);
    await normaliser.start();
    await scorer.start();
    await waitFor(() => scored.messages.length > 0, 60_000, 'the initial full rescore');
    await new Promise((r) => setTimeout(r, 1_000));
    const before = scored.messages.length;
    const app = createWebhookApp({
      bus,
      rawTopic: names.topics.raw,
      config,
      sources: [githubWebhookSource],
      secretFor: () => secret,
      connectorConfigFor: () => config.connectors[0]?.config,
      logger,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github/acme-github`;
    // The recorded rule does not enforce reviews for administrators, which A.6.1.3 asks for;
    // the same delivery with that setting turned on is evidence the control counts.
    const example = githubExample(
      'branch_protection_rule',
      'created',
      (e) => (e.rule as { name?: string }).name === 'main',
    );
    const body = JSON.stringify({ ...example, rule: { ...(example.rule as object), admin_enforced: true } });
    const sent = Date.now();
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'branch_protection_rule',
        'x-github-delivery': 'int-1',
        'x-hub-signature-256': githubSignature(secret, body),
      },
    });
    expect(response.status).toBe(202);
    expect(Date.now() - sent).toBeLessThan(10_000);
    await waitFor(() => scored.messages.length > before, 60_000, 'a score changed by the webhook');
    const event = JSON.parse(scored.messages[before]?.value.toString() ?? '{}');
    expect(event.trigger).toEqual({
      reason: 'artifact_changed',
      artifactKey: expect.stringMatching(/^acme\/acme-github\//),
    });
    expect(event.previousStatus).toBeDefined();
    const [stored] = await catalogue.getScores('acme', [event.controlId]);
    expect(stored?.present).toBe(event.present);
    const artifact = await catalogue.getArtifact(event.trigger.artifactKey);
    expect(artifact?.kind).toBe('repo.branch-protection');
    server.close();
    await scored.stop();
    await scorer.stop();
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
  });
});
