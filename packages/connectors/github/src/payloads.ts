import { ConnectorError } from '@aims/connector-sdk';
import { z } from 'zod';

// The fields of GitHub REST payloads the connector reads; extra fields pass through untouched.
const login = z.looseObject({ login: z.string() });

export const repoPayload = z.looseObject({
  name: z.string(),
  full_name: z.string(),
  owner: login,
  private: z.boolean(),
  visibility: z.string().optional(),
  default_branch: z.string().min(1),
  archived: z.boolean(),
  html_url: z.string(),
});

export const protectionPayload = z.looseObject({
  required_pull_request_reviews: z
    .looseObject({
      required_approving_review_count: z.number().int().optional(),
      require_code_owner_reviews: z.boolean().optional(),
      dismiss_stale_reviews: z.boolean().optional(),
      require_last_push_approval: z.boolean().optional(),
    })
    .optional(),
  enforce_admins: z.looseObject({ enabled: z.boolean() }).optional(),
  required_status_checks: z
    .looseObject({
      contexts: z.array(z.string()).optional(),
      checks: z.array(z.looseObject({ context: z.string() })).optional(),
    })
    .nullish(),
});

export const rulesetSummaryPayload = z.looseObject({ id: z.number().int(), name: z.string() });
export const rulesetPayload = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  target: z.string().optional(),
  enforcement: z.string(),
  conditions: z
    .looseObject({ ref_name: z.looseObject({ include: z.array(z.string()).default([]) }).optional() })
    .nullish(),
  rules: z
    .array(z.looseObject({ type: z.string(), parameters: z.record(z.string(), z.unknown()).optional() }))
    .default([]),
  bypass_actors: z.array(z.unknown()).optional(),
});

export const treePayload = z.looseObject({
  sha: z.string(),
  truncated: z.boolean(),
  tree: z.array(
    z.looseObject({ path: z.string(), type: z.string(), sha: z.string(), size: z.number().optional() }),
  ),
});

export const blobPayload = z.looseObject({ sha: z.string(), content: z.string(), encoding: z.string() });

export const pullPayload = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  html_url: z.string(),
  state: z.string(),
  body: z.string().nullish(),
  user: login.nullable(),
  updated_at: z.string(),
  merged_at: z.string().nullable(),
  created_at: z.string().optional(),
  closed_at: z.string().nullish(),
  draft: z.boolean().optional(),
  merge_commit_sha: z.string().nullish(),
  labels: z.array(z.looseObject({ name: z.string() })).optional(),
  head: z.looseObject({ ref: z.string(), sha: z.string().optional() }).optional(),
  base: z.looseObject({ ref: z.string() }),
});

export const pullFilePayload = z.looseObject({
  filename: z.string(),
  previous_filename: z.string().optional(),
  status: z.string().optional(),
  additions: z.number().int().optional(),
  deletions: z.number().int().optional(),
});

export const reviewPayload = z.looseObject({
  id: z.number().int().optional(),
  user: login.nullable(),
  state: z.string(),
  body: z.string().nullish(),
  commit_id: z.string().nullish(),
  submitted_at: z.string().nullish(),
});

export const workflowRunPayload = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  path: z.string().optional(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  event: z.string(),
  head_sha: z.string(),
  head_branch: z.string().nullable(),
  run_started_at: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  html_url: z.string(),
  actor: login.nullish(),
  run_number: z.number().int().optional(),
  run_attempt: z.number().int().optional(),
  display_title: z.string().optional(),
  triggering_actor: login.nullish(),
  pull_requests: z.array(z.looseObject({ number: z.number().int() })).nullish(),
});
export const workflowRunsPayload = z.looseObject({
  total_count: z.number(),
  workflow_runs: z.array(workflowRunPayload),
});

export const releasePayload = z.looseObject({
  id: z.number().int(),
  tag_name: z.string(),
  name: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  published_at: z.string().nullable(),
  html_url: z.string(),
  author: login.nullish(),
  body: z.string().nullish(),
  created_at: z.string().optional(),
  target_commitish: z.string().optional(),
  assets: z
    .array(
      z.looseObject({
        name: z.string(),
        size: z.number().int().optional(),
        content_type: z.string().optional(),
        state: z.string().optional(),
        created_at: z.string().optional(),
      }),
    )
    .optional(),
});

export const deploymentPayload = z.looseObject({
  id: z.number().int(),
  environment: z.string(),
  sha: z.string(),
  ref: z.string(),
  creator: login.nullable(),
  created_at: z.string(),
  url: z.string(),
  task: z.string().optional(),
  description: z.string().nullish(),
  production_environment: z.boolean().optional(),
  transient_environment: z.boolean().optional(),
});
export const deploymentStatusPayload = z.looseObject({
  state: z.string(),
  created_at: z.string(),
  environment_url: z.string().optional(),
  description: z.string().nullish(),
  creator: login.nullish(),
});

export const teamPayload = z.looseObject({
  slug: z.string(),
  name: z.string(),
  privacy: z.string().optional(),
  html_url: z.string(),
});

/** GET /repos/{owner}/{repo}/dependency-graph/sbom: an SPDX document. */
export const sbomPayload = z.looseObject({
  sbom: z.looseObject({
    spdxVersion: z.string(),
    creationInfo: z.looseObject({ created: z.string() }).optional(),
    packages: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          licenseConcluded: z.string().optional(),
          licenseDeclared: z.string().optional(),
        }),
      )
      .default([]),
  }),
});

export type RepoPayload = z.infer<typeof repoPayload>;
export type ProtectionPayload = z.infer<typeof protectionPayload>;
export type RulesetPayload = z.infer<typeof rulesetPayload>;
export type TreePayload = z.infer<typeof treePayload>;
export type PullPayload = z.infer<typeof pullPayload>;
export type PullFilePayload = z.infer<typeof pullFilePayload>;
export type ReviewPayload = z.infer<typeof reviewPayload>;
export type WorkflowRunPayload = z.infer<typeof workflowRunPayload>;
export type ReleasePayload = z.infer<typeof releasePayload>;
export type DeploymentPayload = z.infer<typeof deploymentPayload>;
export type DeploymentStatusPayload = z.infer<typeof deploymentStatusPayload>;
export type TeamPayload = z.infer<typeof teamPayload>;
export type SbomPayload = z.infer<typeof sbomPayload>;

/** Validates a GitHub payload; a mismatch is a `malformed_payload` error naming what and where. */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new ConnectorError(
    'malformed_payload',
    `GitHub returned a malformed ${what}: ${path} ${issue?.message ?? 'is invalid'}`,
    {
      cause: result.error,
    },
  );
}
