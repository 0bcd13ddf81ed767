import { bytesContent, type DraftContent, jsonContent } from '@aims/connector-sdk';
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

// The content each GitHub artifact stores (canonical JSON unless said otherwise): what an auditor
// reads, from responses the streams already have (no extra API calls). Left out everywhere: API
// links and node ids (noise), counters and timestamps that move without the evidence changing
// (updated_at, download counts), and anything free-form a deployer may fill with secrets
// (a deployment's `payload`).

const login = (user: { login: string } | null | undefined) => user?.login ?? null;

/** A GitHub object without its API links and node ids, recursively (`url`, `*_url`, `node_id`, `_links`). */
export function withoutApiLinks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutApiLinks);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'url' || key.endsWith('_url') || key === 'node_id' || key === '_links') continue;
    out[key] = withoutApiLinks(item);
  }
  return out;
}

/** Repository settings GitHub reports in its repository listing (not sizes, counts or push times). */
const REPO_SETTINGS = [
  'full_name',
  'visibility',
  'private',
  'default_branch',
  'archived',
  'disabled',
  'is_template',
  'allow_forking',
  'has_issues',
  'has_wiki',
  'has_projects',
  'has_discussions',
  'allow_merge_commit',
  'allow_squash_merge',
  'allow_rebase_merge',
  'allow_auto_merge',
  'delete_branch_on_merge',
  'web_commit_signoff_required',
  'security_and_analysis',
] as const;

export function repoSettingsContent(repo: RepoPayload): DraftContent {
  const source = repo as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  for (const key of REPO_SETTINGS) if (source[key] !== undefined) settings[key] = source[key];
  return jsonContent(withoutApiLinks(settings));
}

/** Classic branch protection as GitHub reports it (every rule and its enabled flag). */
export function branchProtectionContent(
  repoFull: string,
  branch: string,
  p: ProtectionPayload,
): DraftContent {
  return jsonContent({ repo: repoFull, branch, protection: withoutApiLinks(p) });
}

/** A ruleset as GitHub reports it: target, enforcement, conditions, rules and bypass actors. */
export function rulesetContent(repoFull: string, ruleset: RulesetPayload): DraftContent {
  return jsonContent({ repo: repoFull, ruleset: withoutApiLinks(ruleset) });
}

/** The CODEOWNERS file itself, byte for byte. */
export function codeownersContent(bytes: Uint8Array): DraftContent {
  return bytesContent(bytes, 'text/plain; charset=utf-8');
}

/** Title, description, reviews (who, verdict, when, what they wrote) and changed paths. */
export function pullRequestContent(
  repoFull: string,
  pr: PullPayload,
  files: readonly PullFilePayload[],
  reviews: readonly ReviewPayload[],
): DraftContent {
  return jsonContent({
    repo: repoFull,
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    body: pr.body ?? null,
    state: pr.state,
    draft: pr.draft ?? false,
    author: login(pr.user),
    labels: (pr.labels ?? []).map((l) => l.name).sort(),
    baseBranch: pr.base.ref,
    headBranch: pr.head?.ref ?? null,
    headSha: pr.head?.sha ?? null,
    createdAt: pr.created_at ?? null,
    closedAt: pr.closed_at ?? null,
    mergedAt: pr.merged_at,
    mergeCommitSha: pr.merge_commit_sha ?? null,
    reviews: reviews.map((r) => ({
      reviewer: login(r.user),
      state: r.state,
      submittedAt: r.submitted_at ?? null,
      commitId: r.commit_id ?? null,
      body: r.body ?? '',
    })),
    files: files.map((f) => ({
      path: f.filename,
      ...(f.previous_filename === undefined ? {} : { previousPath: f.previous_filename }),
      status: f.status ?? null,
      additions: f.additions ?? null,
      deletions: f.deletions ?? null,
    })),
  });
}

const seconds = (from: string | null | undefined, to: string | null | undefined): number | null => {
  if (!from || !to) return null;
  const span = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(span) && span >= 0 ? span : null;
};

/**
 * A CI summary of the run from its own fields (the connector reads no jobs or logs: that would
 * cost one more call per run): workflow, trigger, commit, outcome, timing and attempt.
 */
export function workflowRunContent(repoFull: string, run: WorkflowRunPayload): DraftContent {
  const completed = run.status === 'completed';
  const started = run.run_started_at ?? run.created_at;
  return jsonContent({
    repo: repoFull,
    runId: run.id,
    runNumber: run.run_number ?? null,
    attempt: run.run_attempt ?? null,
    url: run.html_url,
    workflow: run.name ?? null,
    workflowPath: run.path ?? null,
    title: run.display_title ?? null,
    event: run.event,
    actor: login(run.actor),
    triggeringActor: login(run.triggering_actor),
    headBranch: run.head_branch,
    headSha: run.head_sha,
    pullRequests: (run.pull_requests ?? []).map((p) => p.number).sort((a, b) => a - b),
    status: run.status,
    conclusion: run.conclusion,
    createdAt: run.created_at,
    startedAt: started,
    completedAt: completed ? run.updated_at : null,
    durationSeconds: completed ? seconds(started, run.updated_at) : null,
  });
}

/** Release notes, with tag, target, dates, author and the assets (names, sizes, types). */
export function releaseContent(repoFull: string, release: ReleasePayload): DraftContent {
  return jsonContent({
    repo: repoFull,
    id: release.id,
    url: release.html_url,
    tag: release.tag_name,
    name: release.name,
    target: release.target_commitish ?? null,
    prerelease: release.prerelease,
    author: login(release.author),
    createdAt: release.created_at ?? null,
    publishedAt: release.published_at,
    notes: release.body ?? null,
    assets: (release.assets ?? []).map((a) => ({
      name: a.name,
      size: a.size ?? null,
      contentType: a.content_type ?? null,
      state: a.state ?? null,
      createdAt: a.created_at ?? null,
    })),
  });
}

/** A deployment and its latest status (never its `payload`, which deployers fill as they like). */
export function deploymentContent(
  repoFull: string,
  deployment: DeploymentPayload,
  status: DeploymentStatusPayload | undefined,
): DraftContent {
  return jsonContent({
    repo: repoFull,
    id: deployment.id,
    environment: deployment.environment,
    ref: deployment.ref,
    sha: deployment.sha,
    task: deployment.task ?? null,
    description: deployment.description ?? null,
    productionEnvironment: deployment.production_environment ?? null,
    transientEnvironment: deployment.transient_environment ?? null,
    creator: login(deployment.creator),
    createdAt: deployment.created_at,
    status:
      status === undefined
        ? null
        : {
            state: status.state,
            createdAt: status.created_at,
            description: status.description ?? null,
            environmentUrl: status.environment_url || null,
            creator: login(status.creator),
          },
  });
}

/** A team with its members. */
export function teamContent(org: string, team: TeamPayload, members: readonly string[]): DraftContent {
  return jsonContent({
    org,
    slug: team.slug,
    name: team.name,
    privacy: team.privacy ?? null,
    url: team.html_url,
    members: [...members].sort(),
  });
}

/**
 * The SPDX document itself, less the two fields GitHub makes anew on every export (its creation
 * time and document namespace), so an unchanged dependency graph stores the same bytes. A large
 * document is streamed from its serialisation when stored, never built as one string.
 */
export function sbomContent(payload: SbomPayload): DraftContent {
  const {
    documentNamespace: _namespace,
    creationInfo,
    ...document
  } = payload.sbom as SbomPayload['sbom'] & {
    documentNamespace?: unknown;
  };
  const { created: _created, ...info } = creationInfo ?? {};
  return jsonContent(creationInfo === undefined ? document : { ...document, creationInfo: info });
}
