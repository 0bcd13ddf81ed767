export { createWebhookApp, createWebhookRouter, type WebhookAppOptions } from './app.js';
export { type DeliveryLog, MemoryDeliveryLog } from './deliveries.js';
export { errorBody, WebhookError } from './errors.js';
export { webhookConnectorConfig } from './instance-config.js';
export {
  headerOf,
  type WebhookDelivery,
  type WebhookMapping,
  type WebhookSource,
} from './source.js';
