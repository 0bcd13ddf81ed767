import type { WebhookSource } from '@aims/connector-sdk';
import { jiraConfigSchema } from './config.js';
import { JIRA_CONNECTOR_VERSION } from './version.js';
import { jiraWebhookToRecords, verifyJiraWebhook } from './webhook.js';

/** Jira Cloud webhooks (`X-Hub-Signature: sha256=…`, or the shared token in the query string). */
export const jiraWebhookSource: WebhookSource = {
  connector: 'jira',
  collectorVersion: JIRA_CONNECTOR_VERSION,
  verify(delivery, secret) {
    verifyJiraWebhook(
      { rawBody: delivery.rawBody, headers: delivery.headers, query: delivery.query },
      { secret },
    );
  },
  map(body, _delivery, config) {
    const { records, refresh } = jiraWebhookToRecords(body, jiraConfigSchema.parse(config));
    return { drafts: records, refresh };
  },
};
