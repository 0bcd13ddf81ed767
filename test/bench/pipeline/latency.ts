import { createHmac } from 'node:crypto';
import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import { githubWebhookSource } from '@aims/connector-github';
import type { TopicNames as PipelineTopics } from '@aims/core';
import { contractDecodeRules, createNormaliser, type ExpiryRule } from '@aims/normaliser';
import { createScorer } from '@aims/scorer';
import type { ControlLibrary } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { createWebhookApp } from '@aims/webhooks';
import examples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };

interface Example {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string; rule?: Record<string, unknown> }>;
}

/** GitHub's example `branch_protection_rule` "created" delivery for `main`. */
export function protectionRuleExample(): Record<string, unknown> & { rule: Record<string, unknown> } {
  const event = (examples as unknown as Example[]).find((e) => e.name === 'branch_protection_rule');
  const created = event?.examples.find((e) => e.action === 'created' && e.rule?.name === 'main');
  if (!created?.rule)
    throw new Error('@octokit/webhooks-examples has no branch_protection_rule created example for main');
  return structuredClone(created) as Record<string, unknown> & { rule: Record<string, unknown> };
}

export function signed(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/**
 * Posts `count` signed branch-protection webhooks to a live gateway, flipping the required review
 * count between 1 and 0 so each one moves a control score, and returns the p95 time from the
 * POST until the matching control.scored event arrives.
 */
export async function webhookToScoreP95(options: {
  bus: EventBus;
  catalogue: Catalogue;
  topics: PipelineTopics;
  library: ControlLibrary;
  expiresAt: ExpiryRule;
  count: number;
}): Promise<number> {
  const secret = 'bench-webhook-secret-0123456789';
  const config: WorkspaceConfig = {
    workspace: 'bench-latency',
    owners: {},
    aiSystems: [],
    webhooks: { dedupWindow: 86_400_000 },
    connectors: [
      {
        instance: 'gh',
        connector: 'github',
        enabled: true,
        webhookSecretEnv: 'UNUSED',
        // The connector's own config schema parses it; webhooks never call GitHub with the token.
        config: { org: 'octo-org', token: 'not-used-by-webhooks' },
      },
    ],
  };
  const { bus, catalogue, topics } = options;
  const logger = silentLogger();
  const normaliser = createNormaliser({
    bus,
    catalogue,
    topics,
    groupId: `bench-latency-normaliser-${Date.now()}`,
    rules: contractDecodeRules({ knownConnectors: ['github'] }),
    expiresAt: options.expiresAt,
    logger,
  });
  const scorer = createScorer({
    bus,
    catalogue,
    topics,
    groupId: `bench-latency-scorer-${Date.now()}`,
    library: options.library,
    workspaces: [config.workspace],
    logger,
  });
  let arrived: ((at: number) => void) | undefined;
  const scoredSub = await bus.subscribe({
    groupId: `bench-latency-watch-${Date.now()}`,
    topics: [topics.scored],
    fromBeginning: false,
    handler: async (batch) => {
      for (const m of batch.messages) {
        const event = JSON.parse(m.value.toString()) as { trigger: { reason: string } };
        if (event.trigger.reason !== 'artifact_changed' || !arrived) continue;
        arrived(performance.now());
        arrived = undefined;
      }
    },
  });
  await normaliser.start();
  await scorer.start();
  const app = createWebhookApp({
    bus,
    rawTopic: topics.raw,
    config,
    sources: [githubWebhookSource],
    secretFor: () => secret,
    connectorConfigFor: (instance) => config.connectors.find((c) => c.instance === instance)?.config,
    logger,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const latencies: number[] = [];
  try {
    for (let i = 0; i < options.count + 3; i++) {
      const payload = protectionRuleExample();
      // A.6.1.3 counts a rule that enforces reviews for administrators too; flipping the review
      // count then flips the requirement, so every delivery changes a score.
      payload.rule.admin_enforced = true;
      payload.rule.required_approving_review_count = i % 2 === 0 ? 1 : 0;
      payload.rule.updated_at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      const body = JSON.stringify(payload);
      const started = performance.now();
      const scored = new Promise<number>((resolve) => {
        arrived = resolve;
      });
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/github/gh`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'branch_protection_rule',
          'x-github-delivery': `bench-${i}`,
          'x-hub-signature-256': signed(secret, body),
        },
        body,
      });
      if (response.status !== 202)
        throw new Error(`gateway answered ${response.status}: ${await response.text()}`);
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no control.scored event within 15 s for webhook ${i}`)), 15_000),
      );
      const at = await Promise.race([scored, timeout]);
      // The first deliveries warm connections and JIT; they are not counted.
      if (i >= 3) latencies.push(at - started);
      // Let the other controls' events of this change arrive before the next delivery.
      await new Promise((r) => setTimeout(r, 150));
      arrived = undefined;
    }
  } finally {
    server.close();
    await scoredSub.stop();
    await scorer.stop();
    await normaliser.stop();
  }
  return Math.round(p95(latencies));
}
