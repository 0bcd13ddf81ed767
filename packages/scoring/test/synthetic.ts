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
const PROCEDURE_TYPES = [
  'impact-assessment',
  'development',
  'responsible-use',
  'data-preparation',
  'concern-reporting',
  'incident-response',
  'change-management',
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
  'other',
];
const LABELS = ['individual-impact', 'societal-impact', 'ai', 'privacy'];
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

function ticket(random: Random, n: number, base: number): Record<string, unknown> {
  const resolved = random() < 0.6;
  return {
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
        approved,
        approvedBy: maybe(random, 'board'),
        reviewedAt: dateWithin(random, base),
        path: `p/${n}.md`,
      };
    case 'procedure.document':
      return { procedureType: pick(random, PROCEDURE_TYPES), approved, path: `pr/${n}.md` };
    case 'record.document':
      return { docType: pick(random, DOC_TYPES), approved, path: `r/${n}.md` };
    case 'code.review':
      return {
        repo: 'acme/models',
        number: n + 1,
        merged: random() < 0.8,
        approvals: Math.floor(random() * 3),
      };
    case 'repo.settings':
      return { repo: `acme/r${n}`, visibility: 'private', defaultBranch: 'main', archived: random() < 0.2 };
    case 'repo.branch-protection':
      return {
        repo: `acme/r${n}`,
        branch: 'main',
        requiredReviews: Math.floor(random() * 3),
        enforceAdmins: true,
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
        purpose: pick(random, ['test', 'evaluation', 'build', 'deploy', 'other']),
      };
    case 'release.record':
      return { repo: 'acme/models', tag: `v${n}`, prerelease: random() < 0.3 };
    case 'deployment.record':
      return {
        repo: 'acme/models',
        environment: 'prod',
        state: pick(random, ['success', 'failure']),
        sha: 'abc',
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
        datasets: random() < 0.6 ? [{ name: 'train', digest: 'd1' }] : [],
      };
    case 'ml.model-version':
      return {
        model: 'churn',
        version: String(n),
        status: 'READY',
        approved,
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
        license: maybe(random, random() < 0.2 ? 'unknown' : 'CC-BY-4.0'),
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
