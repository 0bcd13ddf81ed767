import { DOCUMENT_KINDS } from '@aims/connector-sdk';
import { z } from 'zod';

export const PURPOSES = [
  'test',
  'evaluation',
  'static-analysis',
  'monitoring',
  'build',
  'deploy',
  'other',
] as const;
export type WorkflowPurpose = (typeof PURPOSES)[number];

/**
 * Default workflow-name -> purpose mapping; the first matching pattern wins. Lint, formatting and
 * scanning are static analysis, not tests: they prove nothing about what the system does.
 */
export const DEFAULT_WORKFLOW_PURPOSES: Array<{ match: string; purpose: WorkflowPurpose }> = [
  { match: 'eval|fairness|robustness|bias|benchmark', purpose: 'evaluation' },
  { match: 'monitor|drift|canary|health|probe', purpose: 'monitoring' },
  { match: 'deploy|release|publish|rollout', purpose: 'deploy' },
  { match: 'lint|format|style|codeql|scan|dependabot|audit', purpose: 'static-analysis' },
  { match: 'test|\\bci\\b|check|verify', purpose: 'test' },
  { match: 'build|compile|package|image', purpose: 'build' },
];

export const DEFAULT_DOCUMENT_PATHS = [
  'docs/**/*.{md,markdown,yaml,yml,pdf}',
  'policies/**/*.{md,markdown,yaml,yml,pdf}',
  '**/{MODEL_CARD,model_card,model-card,MODELCARD}.md',
  '**/model-cards/**/*.{md,yaml,yml}',
  '**/ai-docs/**/*.{md,yaml,yml,pdf}',
];

const pathRule = z.object({
  pattern: z.string().min(1),
  kind: z.enum(DOCUMENT_KINDS),
  attributes: z.record(z.string(), z.unknown()).optional(),
  owner: z.string().min(1).optional(),
  aiSystems: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).optional(),
});

const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a GitHub login or repository name');

export const githubConfigSchema = z.object({
  /** Fine-grained or classic token; never logged. */
  token: z.string().min(1),
  /** REST base URL (GitHub Enterprise Server: `https://ghe.example.com/api/v3`). */
  baseUrl: z.url().default('https://api.github.com'),
  /** Organisation whose repositories and teams are harvested. */
  org: name,
  /** Restrict to these repository names; default: every repository of the org. */
  repositories: z.array(name).optional(),
  includeArchived: z.boolean().default(false),
  documents: z
    .object({
      /** Globs (repo-relative) of files harvested as documents. */
      paths: z.array(z.string().min(1)).default(DEFAULT_DOCUMENT_PATHS),
      /** Kind and default attributes for files without front matter or sidecar. */
      mappings: z.array(pathRule).default([]),
      maxFileBytes: z
        .number()
        .int()
        .positive()
        .default(5 * 1024 * 1024),
    })
    .prefault({}),
  pullRequests: z
    .object({
      /**
       * Only pull requests that touched document paths become evidence. Off by default: peer
       * review and traceability are judged over every change, not only document edits.
       */
      onlyDocumentChanges: z.boolean().default(false),
      /** Tracker key prefixes (Jira project keys) whose keys in a title, body or branch link an issue. */
      issueKeys: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a project key such as AIMS')).default([]),
      lookbackDays: z.number().int().positive().default(365),
      maxPerRepo: z.number().int().positive().default(500),
    })
    .prefault({}),
  workflowRuns: z
    .object({
      lookbackDays: z.number().int().positive().default(90),
      maxPerRepo: z.number().int().positive().default(500),
      /** Case-insensitive regular expressions on the workflow name (or file path). */
      purposes: z
        .array(z.object({ match: z.string().min(1), purpose: z.enum(PURPOSES) }))
        .default(DEFAULT_WORKFLOW_PURPOSES),
    })
    .prefault({}),
  deployments: z.object({ maxPerRepo: z.number().int().positive().default(30) }).prefault({}),
  /** Harvest each repository's dependency graph SBOM (needs Contents: read and the dependency graph). */
  sbom: z.boolean().default(true),
  teams: z.boolean().default(true),
  /** Webhook secret for `X-Hub-Signature-256` (used by the webhook gateway). */
  webhookSecret: z.string().min(1).optional(),
});

export type GithubConfig = z.infer<typeof githubConfigSchema>;
export type GithubConfigInput = z.input<typeof githubConfigSchema>;
