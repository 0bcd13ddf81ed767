import { githubConnector, githubWebhookSource } from '@aims/connector-github';
import { jiraConnector, jiraWebhookSource } from '@aims/connector-jira';
import { localFolderConnector } from '@aims/connector-local-folder';
import { mlflowConnector } from '@aims/connector-mlflow';
import { s3Connector } from '@aims/connector-s3';
import type { ConnectorDefinition, WebhookSource } from '@aims/connector-sdk';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every config, client and slice type
export type RegisteredConnector = ConnectorDefinition<any, any, any>;

/** One connector as every service sees it: its definition and, when it takes webhooks, their source. */
export interface ConnectorEntry {
  readonly connector: RegisteredConnector;
  /** Verifies deliveries and maps them with the connector's own config schema. */
  readonly webhook?: WebhookSource;
}

function entry(connector: RegisteredConnector, webhook?: WebhookSource): ConnectorEntry {
  if (webhook && webhook.connector !== connector.id)
    throw new Error(`webhook source "${webhook.connector}" registered for connector "${connector.id}"`);
  return webhook ? { connector, webhook } : { connector };
}

/** Every connector of the mesh, by id: the harvester, the gateway, the CLI and the all-in-one read this one list. */
export const connectorEntries: ReadonlyMap<string, ConnectorEntry> = new Map(
  [
    entry(githubConnector, githubWebhookSource),
    entry(jiraConnector, jiraWebhookSource),
    entry(localFolderConnector),
    entry(mlflowConnector),
    entry(s3Connector),
  ].map((e) => [e.connector.id, e]),
);

/** The connectors by id (what the harvester runs). */
export const connectorRegistry: ReadonlyMap<string, RegisteredConnector> = new Map(
  [...connectorEntries].map(([id, e]) => [id, e.connector]),
);

/** The webhook sources of the connectors that take webhooks (what the gateway serves). */
export const webhookSources: readonly WebhookSource[] = [...connectorEntries.values()].flatMap((e) =>
  e.webhook ? [e.webhook] : [],
);
