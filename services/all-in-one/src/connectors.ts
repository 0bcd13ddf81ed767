// The connectors are the shared registry's (`@aims/connector-registry`): the same list as every service.
export { connectorRegistry, webhookSources } from '@aims/connector-registry';
