import { ConnectorError, type RecordDraft } from '@aims/connector-sdk';
import { verify } from '@octokit/webhooks-methods';
import picomatch from 'picomatch';
import { z } from 'zod';
import { DEFAULT_DOCUMENT_PATHS, DEFAULT_WORKFLOW_PURPOSES, type WorkflowPurpose } from './config.js';
import { deploymentDraft, ids, repoSettingsDraft, workflowRunDraft } from './normalise.js';
import {
  deploymentPayload,
  deploymentStatusPayload,
  parsePayload,
  repoPayload,
  workflowRunPayload,
} from './payloads.js';

export const GITHUB_WEBHOOK_EVENTS = [
  'push',
  'pull_request',
  'pull_request_review',
  'workflow_run',
  'deployment_status',
  'repository',
  'branch_protection_rule',
] as const;
export type GithubWebhookEvent = (typeof GITHUB_WEBHOOK_EVENTS)[number];

/** A partial harvest the gateway should schedule: these streams of this slice. */
export interface RefreshRequest {
  slice: string;
  streams: string[];
}

export interface GithubWebhookResult {
  /** Drafts complete enough to emit now (the gateway adds workspace, instance, ids). */
  records: RecordDraft[];
  /** Evidence the payload does not carry in full (approvals, file contents): re-harvest it. */
  refresh: RefreshRequest[];
}

/** Verifies `X-Hub-Signature-256` over the raw body; throws `webhook_signature_invalid`. */
export async function verifyGithubWebhook(
  secret: string,
  rawBody: string | Uint8Array,
  signatureHeader: string | undefined,
): Promise<void> {
  if (!signatureHeader || !/^sha256=[0-9a-f]{64}$/i.test(signatureHeader.trim())) {
    throw new ConnectorError(
      'webhook_signature_invalid',
      'GitHub webhook has no valid X-Hub-Signature-256 header',
    );
  }
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  let valid = false;
  try {
    valid = await verify(secret, body, signatureHeader.trim());
  } catch (cause) {
    throw new ConnectorError('webhook_signature_invalid', 'GitHub webhook signature could not be checked', {
      cause,
    });
  }
  if (!valid)
    throw new ConnectorError(
      'webhook_signature_invalid',
      'GitHub webhook signature does not match the configured secret',
    );
}

const repoRef = z.looseObject({ full_name: z.string(), default_branch: z.string().optional() });
const pushPayload = z.looseObject({
  ref: z.string(),
  repository: repoRef,
  commits: z
    .array(
      z.looseObject({
        added: z.array(z.string()).default([]),
        removed: z.array(z.string()).default([]),
        modified: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});
const protectionRulePayload = z.looseObject({
  action: z.string(),
  repository: repoPayload,
  rule: z.looseObject({
    name: z.string(),
    required_approving_review_count: z.number().int().default(0),
    require_code_owner_review: z.boolean().default(false),
    dismiss_stale_reviews_on_push: z.boolean().default(false),
    require_last_push_approval: z.boolean().default(false),
    admin_enforced: z.boolean().default(false),
    required_status_checks: z.array(z.string()).default([]),
  }),
});

export interface WebhookMappingOptions {
  documentPaths?: readonly string[];
  workflowPurposes?: ReadonlyArray<{ match: string; purpose: WorkflowPurpose }>;
}

const CODEOWNERS = new Set(['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']);

/** Maps one GitHub webhook delivery to records and refresh requests. Unknown events throw. */
export function githubWebhookToRecords(
  event: string,
  payload: unknown,
  options: WebhookMappingOptions = {},
): GithubWebhookResult {
  const records: RecordDraft[] = [];
  const refresh: RefreshRequest[] = [];
  const body = (payload ?? {}) as { action?: string; repository?: { full_name?: string } };
  const slice = body.repository?.full_name ? `repo:${body.repository.full_name}` : undefined;
  switch (event) {
    case 'push': {
      const push = parsePayload(pushPayload, payload, 'push webhook');
      const full = push.repository.full_name;
      if (push.ref !== `refs/heads/${push.repository.default_branch}`) break;
      const isDocument = picomatch([...(options.documentPaths ?? DEFAULT_DOCUMENT_PATHS)], { dot: true });
      const removed = new Set(push.commits.flatMap((c) => c.removed));
      const touched = push.commits.flatMap((c) => [...c.added, ...c.modified]);
      for (const path of removed)
        if (isDocument(path) && !touched.includes(path))
          records.push({ op: 'delete', externalId: ids.file(full, path) });
      const streams: string[] = [];
      if (touched.some((p) => isDocument(p) || isDocument(p.replace(/\.meta\.ya?ml$/, ''))))
        streams.push('documents');
      if ([...touched, ...removed].some((p) => CODEOWNERS.has(p))) streams.push('repository');
      if (streams.length > 0) refresh.push({ slice: `repo:${full}`, streams });
      break;
    }
    case 'pull_request':
    case 'pull_request_review':
      if (slice) refresh.push({ slice, streams: ['pull-requests'] });
      break;
    case 'workflow_run': {
      const { workflow_run: run, repository } = parsePayload(
        z.looseObject({ workflow_run: workflowRunPayload, repository: repoRef }),
        payload,
        'workflow_run webhook',
      );
      records.push({
        op: 'upsert',
        ...workflowRunDraft(repository.full_name, run, options.workflowPurposes ?? DEFAULT_WORKFLOW_PURPOSES),
      });
      break;
    }
    case 'deployment_status': {
      const parsed = parsePayload(
        z.looseObject({
          deployment: deploymentPayload,
          deployment_status: deploymentStatusPayload,
          repository: repoRef,
        }),
        payload,
        'deployment_status webhook',
      );
      records.push({
        op: 'upsert',
        ...deploymentDraft(parsed.repository.full_name, parsed.deployment, parsed.deployment_status),
      });
      break;
    }
    case 'repository': {
      const parsed = parsePayload(
        z.looseObject({ action: z.string(), repository: repoPayload }),
        payload,
        'repository webhook',
      );
      if (parsed.action === 'deleted')
        records.push({
          op: 'delete',
          externalId: ids.repo(parsed.repository.full_name),
          kind: 'repo.settings',
        });
      else records.push({ op: 'upsert', ...repoSettingsDraft(parsed.repository) });
      break;
    }
    case 'branch_protection_rule': {
      const {
        action,
        repository: repo,
        rule,
      } = parsePayload(protectionRulePayload, payload, 'branch_protection_rule webhook');
      const externalId = ids.protection(repo.full_name, rule.name);
      if (action === 'deleted') {
        records.push({ op: 'delete', externalId, kind: 'repo.branch-protection' });
        break;
      }
      records.push({
        op: 'upsert',
        externalId,
        kind: 'repo.branch-protection',
        title: `${repo.full_name}@${rule.name} branch protection`,
        url: `${repo.html_url}/settings/branches`,
        attributes: {
          repo: repo.full_name,
          branch: rule.name,
          requiredReviews: rule.required_approving_review_count,
          codeOwnerReviews: rule.require_code_owner_review,
          dismissStaleReviews: rule.dismiss_stale_reviews_on_push,
          requireLastPushApproval: rule.require_last_push_approval,
          enforceAdmins: rule.admin_enforced,
          enforcement: 'active',
          requiredStatusChecks: rule.required_status_checks,
          source: 'branch-protection',
        },
      });
      break;
    }
    default:
      throw new ConnectorError(
        'webhook_unsupported',
        `GitHub webhook event "${event}" is not handled (handled: ${GITHUB_WEBHOOK_EVENTS.join(', ')})`,
      );
  }
  return { records, refresh };
}
