import type { ArtifactKind } from './types.js';

/** Every artifact kind of the contract; the check below fails the build when one is missing. */
export const ARTIFACT_KINDS = [
  'policy.document',
  'procedure.document',
  'record.document',
  'code.review',
  'repo.settings',
  'repo.branch-protection',
  'repo.codeowners',
  'repo.sbom',
  'org.team',
  'ci.workflow-run',
  'release.record',
  'deployment.record',
  'ticket.impact-assessment',
  'ticket.risk',
  'ticket.incident',
  'ticket.concern',
  'ticket.supplier-review',
  'ticket.corrective-action',
  'ticket.audit-finding',
  'audit.internal',
  'audit.finding',
  'audit.corrective-action',
  'storage.bucket-config',
  'ml.experiment',
  'ml.run',
  'ml.model-version',
  'ml.model-card',
  'ml.dataset',
] as const satisfies readonly ArtifactKind[];

type Missing = Exclude<ArtifactKind, (typeof ARTIFACT_KINDS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;
