// The webhook source contract lives with the connectors (each connector that takes webhooks
// carries its source in the connector registry); re-exported here for the gateway's callers.
export {
  headerOf,
  type WebhookDelivery,
  type WebhookMapping,
  type WebhookSource,
} from '@aims/connector-sdk';
