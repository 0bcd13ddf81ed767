export { ConfigError, type ConfigIssue, SecretMissingError } from './errors.js';
export { findInstance, loadWorkspaceConfig, parseWorkspaceConfig } from './load.js';
export {
  type ConnectorInstanceConfig,
  envVarName,
  parseInterval,
  type WorkspaceConfig,
  workspaceConfigSchema,
} from './schema.js';
export { resolveSecret, resolveSecretRefs } from './secrets.js';
