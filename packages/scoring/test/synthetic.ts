// Synthetic artifacts for tests and the benchmark: every kind, with attribute values drawn so that
// some artifacts meet the library's predicates and some do not.
import { ARTIFACT_KINDS, type ArtifactKind } from '@aims/core';
import type { ScorableArtifact } from '@aims/scoring';

export type Random = () => number;

/** A small seeded PRNG (mulberry32) so runs are repeatable. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: Random, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;
const maybe = <T>(random: Random, value: T): T | null => (random() < 0.7 ? value : null);

const POLICY_TYPES = ['ai-policy', 'acceptable-use', 'security', 'privacy', 'data', 'other'];
/** Types the library asks for, and a few it does not (every kind of the schema stays possible). */
const PROCEDURE_TYPES = [
  'impact-assessment',
  'development',
  'responsible-use',
  'data-preparation',
  'concern-reporting',
  'incident-response',
  'change-management',
  'data-acquisition',
  'external-reporting',
  'risk-assessment',
  'document-control',
  'corrective-action',
  'other',
];
const DOC_TYPES = [
  'roles',
  'resource-inventory',
  'requirements',
  'design',
  'technical',
  'user-guide',
  'external-report',
  'incident-communication',
  'supplier-agreement',
  'customer-agreement',
  'training-record',
  'data-quality-report',
  'objectives',
  'intended-use',
  'impact-assessment',
  'interested-parties',
  'competence-matrix',
  'evaluation-report',
  'release-approval',
  'monitoring-report',
  'logging-specification',
  'data-acquisition',
  'kpi-report',
  'oversight-review',
  'supplier-review',
  'policy-alignment-review',
  'statement-of-applicability',
  'context-analysis',
  'aims-scope',
  'aims-manual',
  'leadership-commitment',
  'communication-plan',
  'communication-record',
  'resource-plan',
  'risk-opportunity-plan',
  'risk-assessment',
  'risk-treatment-plan',
  'audit-programme',
  'internal-audit-report',
  'management-review',
  'improvement-record',
  'corrective-action',
  'other',
];
const LABELS = ['individual-impact', 'societal-impact', 'ai', 'privacy', 'ai-policy', 'awareness'];
export const AI_SYSTEMS = ['claims-triage', 'dispatch-assistant', 'fraud-screen'];
const DAY = 86_400_000;

/** A date attribute as connectors pass it: mostly an ISO time up to two years before base. */
function dateWithin(random: Random, base: number): string | null {
  const roll = random();
  if (roll < 0.1) return null;
  if (roll < 0.15) return 'last spring';
  if (roll < 0.2) return '2019-03-01';
  return new Date(base - Math.floor(random() * 730) * DAY).toISOString();
}

/** The approval and dates a governed document states (approver, approval, review, version). */
function documentControl(random: Random, approved: boolean, base: number): Record<string, unknown> {
  return {
    approved,
    approvedBy: approved ? maybe(random, 'board') : null,
    approvedAt: dateWithin(random, base),
    reviewedAt: random() < 0.4 ? dateWithin(random, base) : null,
    effectiveDate: dateWithin(random, base),
  };
}

function ticket(random: Random, n: number, base: number): Record<string, unknown> {
  const resolved = random() < 0.6;
  return {
    completed: resolved && random() < 0.8,
    dueDate: random() < 0.5 ? dateWithin(random, base + 60 * DAY) : null,
    createdAt: new Date(base - Math.floor(random() * 400) * DAY).toISOString(),
    priority: pick(random, ['High', 'Medium', 'Low']),
    approvedBy: maybe(random, 'ana'),
    approvedAt: dateWithin(random, base),
    project: 'AI',
    issueKey: `AI-${n}`,
    issueType: 'Task',
    status: resolved ? 'Done' : 'In Progress',
    statusCategory: resolved ? 'done' : 'indeterminate',
    resolved,
    approved: random() < 0.6,
    labels: LABELS.filter(() => random() < 0.4),
  };
}

export function attributesFor(
  kind: ArtifactKind,
  random: Random,
  n: number,
  base = Date.parse('2026-11-28T00:00:00Z'),
): Record<string, unknown> {
  const approved = random() < 0.7;
  switch (kind) {
    case 'policy.document':
      return {
        policyType: pick(random, POLICY_TYPES),
        ...documentControl(random, approved, base),
        relatedPolicies: random() < 0.3 ? ['security', 'privacy'] : [],
        path: `p/${n}.md`,
      };
    case 'procedure.document':
      return {
        procedureType: pick(random, PROCEDURE_TYPES),
        ...documentControl(random, approved, base),
        path: `pr/${n}.md`,
      };
    case 'record.document':
      return {
        docType: pick(random, DOC_TYPES),
        ...documentControl(random, approved, base),
        labels: LABELS.filter(() => random() < 0.4),
        datasets: random() < 0.5 ? [`ds-${n % 500}`] : [],
        ...(random() < 0.3 ? { scope: [pick(random, ['development', 'use'])] } : {}),
        validUntil: random() < 0.5 ? dateWithin(random, base + 730 * DAY) : null,
        retention: maybe(random, '13 months'),
        dueDate: random() < 0.3 ? dateWithin(random, base + 60 * DAY) : null,
        closedAt: random() < 0.3 ? dateWithin(random, base) : null,
        ...(random() < 0.5 ? { rootCause: 'a missing review step' } : {}),
        path: `r/${n}.md`,
      };
    case 'code.review':
      return {
        repo: 'acme/models',
        number: n + 1,
        merged: random() < 0.8,
        approvals: Math.floor(random() * 3),
        documentPaths: random() < 0.2 ? ['docs/ai-policy.md'] : [],
        linkedIssues: random() < 0.9 ? [`AIMS-${n}`] : [],
      };
    case 'repo.sbom':
      return { repo: `acme/r${n}`, format: 'SPDX-2.3', packageCount: Math.floor(random() * 300) };
    case 'repo.settings':
      return { repo: `acme/r${n}`, visibility: 'private', defaultBranch: 'main', archived: random() < 0.2 };
    case 'repo.branch-protection':
      return {
        repo: `acme/r${n}`,
        branch: 'main',
        requiredReviews: Math.floor(random() * 3),
        enforceAdmins: random() < 0.8,
        enforcement: pick(random, ['active', 'active', 'evaluate']),
        source: 'ruleset',
      };
    case 'repo.codeowners':
      return { repo: `acme/r${n}`, path: '.github/CODEOWNERS', owners: random() < 0.8 ? ['@acme/ml'] : [] };
    case 'org.team':
      return { org: 'acme', team: `t${n}`, members: random() < 0.8 ? ['ana', 'bo'] : [] };
    case 'ci.workflow-run':
      return {
        repo: 'acme/models',
        workflow: 'ci.yml',
        runId: n,
        status: 'completed',
        conclusion: pick(random, ['success', 'success', 'failure']),
        event: pick(random, ['push', 'schedule', 'pull_request']),
        purpose: pick(random, [
          'test',
          'evaluation',
          'monitoring',
          'static-analysis',
          'build',
          'deploy',
          'other',
        ]),
      };
    case 'release.record':
      return { repo: 'acme/models', tag: `v${n}`, prerelease: random() < 0.3 };
    case 'deployment.record':
      return {
        repo: 'acme/models',
        environment: 'prod',
        state: pick(random, ['success', 'failure']),
        sha: 'abc',
        createdBy: maybe(random, 'bo'),
      };
    case 'storage.bucket-config':
      return {
        bucket: `b${n}`,
        encryption: { enabled: random() < 0.8 },
        versioning: pick(random, ['Enabled', 'Suspended', 'Disabled']),
        accessLogging: { enabled: random() < 0.6 },
        publicAccessBlock: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
          allBlocked: random() < 0.8,
        },
        objectLock: { enabled: random() < 0.5 },
        purpose: pick(random, ['logs', 'training-data', 'other']),
      };
    case 'ml.experiment':
      return {
        experimentId: String(n),
        name: `exp-${n}`,
        lifecycleStage: pick(random, ['active', 'deleted']),
      };
    case 'ml.run':
      return {
        runId: `run-${n}`,
        experimentId: '1',
        status: pick(random, ['FINISHED', 'FAILED']),
        metrics: runMetrics(random),
        datasets: random() < 0.6 ? [{ name: `ds-${n % 500}`, digest: 'd1' }] : [],
        tags: random() < 0.3 ? { 'aims.run_type': 'data-preparation' } : {},
      };
    case 'ml.model-version':
      return {
        model: 'churn',
        version: String(n),
        status: 'READY',
        approved,
        approvedBy: approved ? maybe(random, 'carol') : null,
        production: random() < 0.3,
        sourceRunId: maybe(random, `run-${n}`),
        evaluationRunId: maybe(random, `run-${n + 1}`),
        validationStatus: pick(random, ['passed', 'failed', null]),
        datasets: random() < 0.7 ? [{ name: `ds-${n % 500}`, digest: 'd1' }] : [],
        tags: random() < 0.7 ? { approvalValidUntil: dateWithin(random, base + 365 * DAY) } : {},
      };
    case 'ml.model-card':
      return {
        model: 'churn',
        intendedUse: maybe(random, 'scoring'),
        limitations: maybe(random, 'none known'),
      };
    case 'ml.dataset':
      return {
        name: `ds-${n}`,
        digest: maybe(random, 'abc'),
        source: maybe(random, 's3://x'),
        sourceType: maybe(random, 's3'),
        license: maybe(random, random() < 0.2 ? pick(random, ['unknown', 'NOASSERTION']) : 'CC-BY-4.0'),
      };
    default:
      return ticket(random, n, base);
  }
}

/** Metrics as MLflow logs them: flat names, some with dots, fairness sometimes over 0.03. */
function runMetrics(random: Random): Record<string, number> {
  const roll = random();
  if (roll < 0.3) return { accuracy: random() };
  if (roll < 0.5) return { accuracy: random(), fairness: random() };
  return { accuracy: random(), 'fairness.demographic_parity_diff': random() * 0.06 };
}

const HEX = '0123456789abcdef';
export function fakeHash(random: Random): string {
  let out = '';
  for (let i = 0; i < 64; i++) out += HEX[Math.floor(random() * 16)];
  return out;
}

/** One artifact of the given kind, effective up to maxAgeDays before base. */
export function syntheticArtifact(
  random: Random,
  kind: ArtifactKind,
  n: number,
  base: number,
  options: { version?: number; maxAgeDays?: number; key?: string } = {},
): ScorableArtifact {
  const ageMs = Math.floor(random() * (options.maxAgeDays ?? 730) * 86_400_000);
  const aiSystems = AI_SYSTEMS.filter(() => random() < 0.3);
  const artifact: ScorableArtifact = {
    key: options.key ?? `acme/src-${kind.replaceAll('.', '-')}/${n}`,
    version: options.version ?? 1,
    kind,
    contentHash: fakeHash(random),
    effectiveAt: new Date(base - ageMs).toISOString(),
    attributes: attributesFor(kind, random, n, base),
    tombstone: false,
    aiSystems,
  };
  // One version in twenty repeats its last good state because the source became unreadable.
  return random() < 0.05
    ? { ...artifact, unreadable: { code: 'forbidden', message: 'HTTP 403 from the source' } }
    : artifact;
}

/** count artifacts spread evenly over every kind. */
export function syntheticArtifacts(count: number, seed: number, base: number): ScorableArtifact[] {
  const random = seeded(seed);
  const artifacts: ScorableArtifact[] = [];
  for (let n = 0; n < count; n++) {
    artifacts.push(
      syntheticArtifact(random, ARTIFACT_KINDS[n % ARTIFACT_KINDS.length] as ArtifactKind, n, base),
    );
  }
  return artifacts;
}
