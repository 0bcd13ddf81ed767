import { headerOf, type WebhookSource } from '@aims/connector-sdk';
import { githubConfigSchema } from './config.js';
import { GITHUB_CONNECTOR_VERSION } from './version.js';
import { GITHUB_WEBHOOK_EVENTS, githubWebhookToRecords, verifyGithubWebhook } from './webhooks.js';

const handled = new Set<string>(GITHUB_WEBHOOK_EVENTS);

/**
 * GitHub webhooks (`X-Hub-Signature-256`). Events the connector does not map (`ping`, `star`, …)
 * are accepted with no records, so a webhook subscribed to more events than needed keeps working.
 * The instance's config is parsed with the connector's own schema, so document globs and workflow
 * purposes apply to webhooks exactly as they do to harvests.
 */
export const githubWebhookSource: WebhookSource = {
  connector: 'github',
  collectorVersion: GITHUB_CONNECTOR_VERSION,
  async verify(delivery, secret) {
    await verifyGithubWebhook(secret, delivery.rawBody, headerOf(delivery.headers, 'x-hub-signature-256'));
  },
  map(body, delivery, config) {
    const event = headerOf(delivery.headers, 'x-github-event') ?? '';
    if (!handled.has(event)) return { drafts: [], refresh: [] };
    const parsed = githubConfigSchema.parse(config);
    const { records, refresh } = githubWebhookToRecords(event, body, {
      documentPaths: parsed.documents.paths,
      workflowPurposes: parsed.workflowRuns.purposes,
    });
    return { drafts: records, refresh };
  },
};
