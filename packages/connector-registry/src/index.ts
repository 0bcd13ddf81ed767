export {
  type ConnectorEntry,
  connectorEntries,
  connectorRegistry,
  type RegisteredConnector,
  webhookSources,
} from './registry.js';
