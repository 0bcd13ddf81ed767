import type { UpsertDraft } from '@aims/connector-sdk';
import type { WorkflowPurpose } from './config.js';
import type {
  DeploymentPayload,
  DeploymentStatusPayload,
  ProtectionPayload,
  PullFilePayload,
  PullPayload,
  ReleasePayload,
  RepoPayload,
  ReviewPayload,
  RulesetPayload,
  TeamPayload,
  WorkflowRunPayload,
} from './payloads.js';

// Pure mappings from GitHub payloads to upsert drafts. External ids are stable for an object's life.
export const ids = {
  repo: (full: string) => `repo:${full}`,
  protection: (full: string, branch: string) => `repo:${full}:branch-protection:${branch}`,
  ruleset: (full: string, id: number) => `repo:${full}:ruleset:${id}`,
  codeowners: (full: string) => `repo:${full}:codeowners`,
  file: (full: string, path: string) => `repo:${full}:file:${path}`,
  pull: (full: string, n: number) => `repo:${full}:pr:${n}`,
  run: (full: string, id: number) => `repo:${full}:run:${id}`,
  release: (full: string, id: number) => `repo:${full}:release:${id}`,
  deployment: (full: string, id: number) => `repo:${full}:deployment:${id}`,
  team: (org: string, slug: string) => `org:${org}:team:${slug}`,
};

export function repoSettingsDraft(repo: RepoPayload): UpsertDraft {
  const visibility = repo.visibility ?? (repo.private ? 'private' : 'public');
  return {
    externalId: ids.repo(repo.full_name),
    kind: 'repo.settings',
    title: repo.full_name,
    url: repo.html_url,
    owner: repo.owner.login,
    attributes: {
      repo: repo.full_name,
      visibility,
      defaultBranch: repo.default_branch,
      archived: repo.archived,
    },
  };
}

export function branchProtectionDraft(repo: RepoPayload, branch: string, p: ProtectionPayload): UpsertDraft {
  const checks = p.required_status_checks;
  const contexts = [
    ...new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((c) => c.context)]),
  ];
  return {
    externalId: ids.protection(repo.full_name, branch),
    kind: 'repo.branch-protection',
    title: `${repo.full_name}@${branch} branch protection`,
    url: `${repo.html_url}/settings/branches`,
    attributes: {
      repo: repo.full_name,
      branch,
      requiredReviews: p.required_pull_request_reviews?.required_approving_review_count ?? 0,
      codeOwnerReviews: p.required_pull_request_reviews?.require_code_owner_reviews ?? false,
      enforceAdmins: p.enforce_admins?.enabled ?? false,
      requiredStatusChecks: contexts,
      source: 'branch-protection',
    },
  };
}

/** A branch ruleset as protection of the branches it targets (`~DEFAULT_BRANCH` resolved). */
export function rulesetDraft(repo: RepoPayload, ruleset: RulesetPayload): UpsertDraft | undefined {
  if (ruleset.target !== undefined && ruleset.target !== 'branch') return undefined;
  const include = (ruleset.conditions?.ref_name?.include ?? []).map((r) =>
    r === '~DEFAULT_BRANCH' ? repo.default_branch : r.replace(/^refs\/heads\//, ''),
  );
  const pr = ruleset.rules.find((r) => r.type === 'pull_request')?.parameters ?? {};
  const statusRule = ruleset.rules.find((r) => r.type === 'required_status_checks')?.parameters ?? {};
  const checks = Array.isArray(statusRule.required_status_checks) ? statusRule.required_status_checks : [];
  return {
    externalId: ids.ruleset(repo.full_name, ruleset.id),
    kind: 'repo.branch-protection',
    title: `${repo.full_name} ruleset ${ruleset.name}`,
    url: `${repo.html_url}/rules/${ruleset.id}`,
    attributes: {
      repo: repo.full_name,
      branch: include.join(',') || repo.default_branch,
      branches: include,
      requiredReviews:
        typeof pr.required_approving_review_count === 'number' ? pr.required_approving_review_count : 0,
      enforceAdmins: (ruleset.bypass_actors ?? []).length === 0,
      requiredStatusChecks: checks
        .map((c) => String((c as { context?: unknown }).context ?? ''))
        .filter(Boolean),
      enforcement: ruleset.enforcement,
      rulesetName: ruleset.name,
      source: 'ruleset',
    },
  };
}

export interface CodeownersRule {
  pattern: string;
  owners: string[];
}

/** Parses CODEOWNERS lines (`pattern @owner ...`), skipping comments and blank lines. */
export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const content = line.replace(/(^|\s)#.*$/, '').trim();
    if (!content) continue;
    const [pattern, ...owners] = content.split(/\s+/);
    if (pattern) rules.push({ pattern, owners });
  }
  return rules;
}

export function codeownersDraft(repo: RepoPayload, path: string, text: string, blobSha: string): UpsertDraft {
  const rules = parseCodeowners(text);
  return {
    externalId: ids.codeowners(repo.full_name),
    kind: 'repo.codeowners',
    title: `${repo.full_name} CODEOWNERS`,
    url: `${repo.html_url}/blob/${repo.default_branch}/${path}`,
    sourceRevision: blobSha,
    attributes: { repo: repo.full_name, path, owners: [...new Set(rules.flatMap((r) => r.owners))], rules },
  };
}

/** Approvers: reviewers whose latest decisive review (approve / request changes / dismiss) approves. */
export function approversOf(reviews: readonly ReviewPayload[]): {
  approvers: string[];
  lastApprovalAt: string | undefined;
} {
  const latest = new Map<string, ReviewPayload>();
  for (const review of reviews) {
    if (!review.user || !['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(review.state)) continue;
    latest.set(review.user.login, review);
  }
  const approved = [...latest.values()].filter((r) => r.state === 'APPROVED');
  const times = approved
    .map((r) => r.submitted_at)
    .filter((t): t is string => typeof t === 'string')
    .sort();
  return { approvers: approved.map((r) => r.user?.login ?? '').sort(), lastApprovalAt: times.at(-1) };
}

export function pullRequestDraft(
  repoFull: string,
  pr: PullPayload,
  files: readonly PullFilePayload[],
  reviews: readonly ReviewPayload[],
): UpsertDraft {
  const { approvers, lastApprovalAt } = approversOf(reviews);
  const draft: UpsertDraft = {
    externalId: ids.pull(repoFull, pr.number),
    kind: 'code.review',
    title: pr.title,
    url: pr.html_url,
    attributes: {
      repo: repoFull,
      number: pr.number,
      state: pr.state,
      merged: pr.merged_at !== null,
      mergedAt: pr.merged_at,
      approvals: approvers.length,
      approvers,
      changedPaths: [...new Set(files.map((f) => f.filename))].sort(),
      baseBranch: pr.base.ref,
    },
  };
  if (pr.user) draft.owner = pr.user.login;
  const effective = pr.merged_at ?? lastApprovalAt;
  if (effective) draft.effectiveAt = new Date(effective).toISOString();
  return draft;
}

export function purposeOf(
  name: string,
  purposes: ReadonlyArray<{ match: string; purpose: WorkflowPurpose }>,
): WorkflowPurpose {
  for (const { match, purpose } of purposes) if (new RegExp(match, 'i').test(name)) return purpose;
  return 'other';
}

export function workflowRunDraft(
  repoFull: string,
  run: WorkflowRunPayload,
  purposes: ReadonlyArray<{ match: string; purpose: WorkflowPurpose }>,
): UpsertDraft {
  const workflow = run.name ?? run.path ?? 'workflow';
  const completed = run.status === 'completed';
  const draft: UpsertDraft = {
    externalId: ids.run(repoFull, run.id),
    kind: 'ci.workflow-run',
    title: `${workflow} #${run.id}`,
    url: run.html_url,
    attributes: {
      repo: repoFull,
      workflow,
      runId: run.id,
      status: run.status ?? 'unknown',
      conclusion: run.conclusion,
      event: run.event,
      headSha: run.head_sha,
      headBranch: run.head_branch,
      startedAt: run.run_started_at ?? run.created_at,
      completedAt: completed ? run.updated_at : null,
      purpose: purposeOf(`${workflow} ${run.path ?? ''}`, purposes),
    },
  };
  if (run.actor) draft.owner = run.actor.login;
  if (completed) draft.effectiveAt = new Date(run.updated_at).toISOString();
  return draft;
}

export function releaseDraft(repoFull: string, release: ReleasePayload): UpsertDraft {
  const draft: UpsertDraft = {
    externalId: ids.release(repoFull, release.id),
    kind: 'release.record',
    title: release.name || release.tag_name,
    url: release.html_url,
    attributes: {
      repo: repoFull,
      tag: release.tag_name,
      name: release.name,
      publishedAt: release.published_at,
      prerelease: release.prerelease,
    },
  };
  if (release.author) draft.owner = release.author.login;
  if (release.published_at) draft.effectiveAt = new Date(release.published_at).toISOString();
  return draft;
}

export function deploymentDraft(
  repoFull: string,
  deployment: DeploymentPayload,
  status: DeploymentStatusPayload | undefined,
): UpsertDraft {
  const createdBy = deployment.creator?.login ?? null;
  const draft: UpsertDraft = {
    externalId: ids.deployment(repoFull, deployment.id),
    kind: 'deployment.record',
    title: `${repoFull} ${deployment.ref} to ${deployment.environment}`,
    url: `https://github.com/${repoFull}/deployments`,
    attributes: {
      repo: repoFull,
      environment: deployment.environment,
      state: status?.state ?? 'pending',
      sha: deployment.sha,
      ref: deployment.ref,
      createdBy,
    },
    effectiveAt: new Date(status?.created_at ?? deployment.created_at).toISOString(),
  };
  if (createdBy) draft.owner = createdBy;
  return draft;
}

export function teamDraft(org: string, team: TeamPayload, members: readonly string[]): UpsertDraft {
  return {
    externalId: ids.team(org, team.slug),
    kind: 'org.team',
    title: team.name,
    url: team.html_url,
    attributes: {
      org,
      team: team.slug,
      name: team.name,
      members: [...members].sort(),
      ...(team.privacy ? { privacy: team.privacy } : {}),
    },
  };
}
