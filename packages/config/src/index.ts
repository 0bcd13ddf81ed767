export { ConfigError, type ConfigIssue, SecretMissingError } from './errors.js';
export { findInstance, loadWorkspaceConfig, parseWorkspaceConfig } from './load.js';
export {
  type AiSystemConfig,
  type ConnectorInstanceConfig,
  envVarName,
  type OwnerConfig,
  parseInterval,
  type WorkspaceConfig,
  workspaceConfigSchema,
} from './schema.js';
export { resolveSecret, resolveSecretRefs } from './secrets.js';
