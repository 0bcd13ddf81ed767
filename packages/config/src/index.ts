export { type CertificationConfig, calendarDate, certificationSchema } from './certification.js';
export { ConfigError, type ConfigIssue, SecretMissingError } from './errors.js';
export {
  calendarDuration,
  DEFAULT_FAIRNESS_METRICS,
  type KpiConfig,
  type KpiMetricName,
  kpiMetrics,
  kpiMetricUnits,
  type ManagementReviewConfig,
} from './kpis.js';
export { findInstance, loadWorkspaceConfig, parseWorkspaceConfig } from './load.js';
export { configErrorAt, lineOfPath } from './locate.js';
export {
  type AiSystemConfig,
  type ConnectorInstanceConfig,
  envVarName,
  type GapFieldSource,
  gapFieldSources,
  type JiraFieldMapping,
  type JiraTicketsConfig,
  type LibrariesConfig,
  managedJiraFields,
  type OwnerConfig,
  parseInterval,
  type WorkspaceConfig,
  workspaceConfigSchema,
} from './schema.js';
export { resolveSecret, resolveSecretRefs } from './secrets.js';
