import type { UpsertDraft } from '@aims/connector-sdk';
import type { WorkflowPurpose } from './config.js';
import {
  branchProtectionContent,
  codeownersContent,
  deploymentContent,
  pullRequestContent,
  releaseContent,
  repoSettingsContent,
  rulesetContent,
  sbomContent,
  teamContent,
  workflowRunContent,
} from './content.js';
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
  SbomPayload,
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
  sbom: (full: string) => `repo:${full}:sbom`,
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
    ...repoSettingsContent(repo),
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
      dismissStaleReviews: p.required_pull_request_reviews?.dismiss_stale_reviews ?? false,
      requireLastPushApproval: p.required_pull_request_reviews?.require_last_push_approval ?? false,
      enforceAdmins: p.enforce_admins?.enabled ?? false,
      // Classic branch protection has no evaluate mode: it is enforced while it exists.
      enforcement: 'active',
      requiredStatusChecks: contexts,
      source: 'branch-protection',
    },
    ...branchProtectionContent(repo.full_name, branch, p),
  };
}

const ENFORCEMENTS = new Set(['active', 'evaluate', 'disabled']);

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
      codeOwnerReviews: pr.require_code_owner_review === true,
      dismissStaleReviews: pr.dismiss_stale_reviews_on_push === true,
      requireLastPushApproval: pr.require_last_push_approval === true,
      enforceAdmins: (ruleset.bypass_actors ?? []).length === 0,
      // A ruleset in "evaluate" mode only reports what it would block.
      enforcement: ENFORCEMENTS.has(ruleset.enforcement) ? ruleset.enforcement : 'disabled',
      requiredStatusChecks: checks
        .map((c) => String((c as { context?: unknown }).context ?? ''))
        .filter(Boolean),
      rulesetName: ruleset.name,
      source: 'ruleset',
    },
    ...rulesetContent(repo.full_name, ruleset),
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

/** CODEOWNERS as ownership evidence; its content is the file's bytes (`bytes`, else the text encoded). */
export function codeownersDraft(
  repo: RepoPayload,
  path: string,
  text: string,
  blobSha: string,
  bytes: Uint8Array = new TextEncoder().encode(text),
): UpsertDraft {
  const rules = parseCodeowners(text);
  return {
    externalId: ids.codeowners(repo.full_name),
    kind: 'repo.codeowners',
    title: `${repo.full_name} CODEOWNERS`,
    url: `${repo.html_url}/blob/${repo.default_branch}/${path}`,
    sourceRevision: blobSha,
    attributes: { repo: repo.full_name, path, owners: [...new Set(rules.flatMap((r) => r.owners))], rules },
    ...codeownersContent(bytes),
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

const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+((?:[\w.-]+\/[\w.-]+)?#\d+)/gi;

/**
 * Issues a pull request refers to: GitHub closing references (`Fixes #12`, `closes acme/ai#3`) in
 * its title and body, and tracker keys with one of the given prefixes (`AIMS-42`) in its title,
 * body or head branch. Sorted, without repeats.
 */
export function linkedIssuesOf(pr: PullPayload, issueKeys: readonly string[]): string[] {
  const text = `${pr.title}\n${pr.body ?? ''}`;
  const found = new Set<string>();
  for (const match of text.matchAll(CLOSING)) if (match[1]) found.add(match[1]);
  if (issueKeys.length > 0) {
    const keys = new RegExp(
      `\\b(?:${issueKeys.map((k) => k.replace(/[^A-Z0-9_]/g, '')).join('|')})-\\d+\\b`,
      'g',
    );
    for (const match of `${text}\n${pr.head?.ref ?? ''}`.matchAll(keys)) found.add(match[0]);
  }
  return [...found].sort();
}

export interface PullRequestOptions {
  /** Tells which changed paths are harvested documents. */
  isDocument: (path: string) => boolean;
  /** Tracker key prefixes that link issues (`AIMS` for AIMS-42). */
  issueKeys: readonly string[];
}

export function pullRequestDraft(
  repoFull: string,
  pr: PullPayload,
  files: readonly PullFilePayload[],
  reviews: readonly ReviewPayload[],
  options: PullRequestOptions,
): UpsertDraft {
  const { approvers, lastApprovalAt } = approversOf(reviews);
  const changedPaths = [...new Set(files.map((f) => f.filename))].sort();
  const documentPaths = [
    ...new Set(files.flatMap((f) => [f.filename, ...(f.previous_filename ? [f.previous_filename] : [])])),
  ]
    .filter(options.isDocument)
    .sort();
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
      changedPaths,
      documentPaths,
      linkedIssues: linkedIssuesOf(pr, options.issueKeys),
      baseBranch: pr.base.ref,
    },
    ...pullRequestContent(repoFull, pr, files, reviews),
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
  // An empty name is as good as none (GitHub sends "" for some runs).
  const workflow = run.name || run.path || 'workflow';
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
    ...workflowRunContent(repoFull, run),
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
    ...releaseContent(repoFull, release),
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
    ...deploymentContent(repoFull, deployment, status),
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
    ...teamContent(org, team, members),
  };
}

const NO_LICENSE = new Set(['', 'NOASSERTION', 'NONE']);

/** A repository's dependency inventory from GitHub's dependency graph (SPDX). */
export function sbomDraft(repo: RepoPayload, payload: SbomPayload): UpsertDraft {
  const { sbom } = payload;
  const unlicensed = sbom.packages.filter(
    (p) =>
      NO_LICENSE.has((p.licenseConcluded ?? '').trim().toUpperCase()) &&
      NO_LICENSE.has((p.licenseDeclared ?? '').trim().toUpperCase()),
  ).length;
  // creationInfo.created is the time GitHub generated the document (every request), not a change.
  return {
    externalId: ids.sbom(repo.full_name),
    kind: 'repo.sbom',
    title: `${repo.full_name} software bill of materials`,
    url: `${repo.html_url}/network/dependencies`,
    attributes: {
      repo: repo.full_name,
      format: sbom.spdxVersion,
      packageCount: sbom.packages.length,
      packagesWithoutLicense: unlicensed,
    },
    ...sbomContent(payload),
  };
}
