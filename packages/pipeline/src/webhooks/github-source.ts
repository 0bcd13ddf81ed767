import {
  GITHUB_CONNECTOR_VERSION,
  GITHUB_WEBHOOK_EVENTS,
  githubWebhookToRecords,
  verifyGithubWebhook,
  type WorkflowPurpose,
} from '@aims/connector-github';
import { headerOf, type WebhookSource } from './source.js';

const handled = new Set<string>(GITHUB_WEBHOOK_EVENTS);

interface MappingConfig {
  documentPaths?: readonly string[];
  workflowPurposes?: ReadonlyArray<{ match: string; purpose: WorkflowPurpose }>;
}

/**
 * GitHub webhooks (`X-Hub-Signature-256`). Events the connector does not map (`ping`, `star`, …)
 * are accepted with no records, so a webhook subscribed to more events than needed keeps working.
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
    const { documentPaths, workflowPurposes } = (config ?? {}) as MappingConfig;
    const options = {
      ...(documentPaths ? { documentPaths } : {}),
      ...(workflowPurposes ? { workflowPurposes } : {}),
    };
    const { records, refresh } = githubWebhookToRecords(event, body, options);
    return { drafts: records, refresh };
  },
};
