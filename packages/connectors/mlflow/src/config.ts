import { z } from 'zod';

export const mlflowConfigSchema = z.object({
  /** Tracking server base URL, e.g. `https://mlflow.acme.internal`. */
  trackingUri: z.url().transform((u) => u.replace(/\/+$/, '')),
  /** Bearer token (MLflow behind an auth proxy, Databricks PAT); optional. */
  token: z.string().min(1).optional(),
  /** Restrict harvesting to these experiment names; default: every experiment. */
  experimentNames: z.array(z.string().min(1)).optional(),
  /** MLflow search filter for registered models, e.g. `name LIKE 'credit-%'`; default all. */
  registeredModelFilter: z.string().min(1).optional(),
  /** Model-version tag whose truthy value (true, yes, approved, 1) marks approval. */
  approvalTag: z.string().min(1).default('approved'),
  /** Model-version tag naming the approver, and the one giving the approval date. */
  approvedByTag: z.string().min(1).default('approved_by'),
  approvedAtTag: z.string().min(1).default('approved_at'),
  /** Model-version tags linking the evaluation run and giving its outcome (passed, failed). */
  evaluationRunTag: z.string().min(1).default('evaluation_run_id'),
  validationTag: z.string().min(1).default('validation_status'),
  /** Aliases (case-insensitive) that put a version in production; the Production stage does too. */
  productionAliases: z
    .array(z.string().min(1))
    .default(['production', 'prod', 'champion'])
    .transform((names) => names.map((n) => n.toLowerCase())),
  /** Dataset-input tag stating the data's licence (`mlflow.log_input(dataset, tags={...})`). */
  datasetLicenseTag: z.string().min(1).default('license'),
  /** Registered-model tags feeding the model card. */
  intendedUseTag: z.string().min(1).default('intended_use'),
  limitationsTag: z.string().min(1).default('limitations'),
  /** Run or experiment tag listing AI system ids (comma-separated). */
  aiSystemTag: z.string().min(1).default('aims.ai_system'),
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** How deep artifact directories are listed, and how many paths are kept per run. */
  artifactDepth: z.number().int().min(0).max(5).default(2),
  maxArtifacts: z.number().int().min(0).max(5000).default(200),
});

export type MlflowConfigInput = z.input<typeof mlflowConfigSchema>;
export type MlflowConfig = z.output<typeof mlflowConfigSchema>;

export function mlflowSecrets(config: MlflowConfig): Array<string | undefined> {
  return [config.token];
}
