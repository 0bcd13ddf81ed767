import type { ApiSchema, ArtifactVersion } from '@aims/core';
import type { AuditTrail } from '../audits/trail.js';

type Attributes = Record<string, unknown>;
type EvidenceRef = ApiSchema<'EvidenceVersionRef'>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const dateOrNull = (value: unknown): string | null => text(value) ?? null;
const refs = (value: unknown): EvidenceRef[] =>
  Array.isArray(value)
    ? value.flatMap((item) => {
        const ref = item as { artifactKey?: unknown; version?: unknown };
        return typeof ref?.artifactKey === 'string' && Number.isInteger(ref.version)
          ? [{ artifactKey: ref.artifactKey, version: ref.version as number }]
          : [];
      })
    : [];

/** id, key, version (null while not stored), source and collection time of a record. */
function meta(artifact: ArtifactVersion, id: string, stored: boolean) {
  return {
    id,
    artifactKey: artifact.key,
    version: stored ? artifact.version : null,
    source: artifact.sourceInstance,
    collectedAt: artifact.collectedAt,
  };
}

export function auditView(artifact: ArtifactVersion, id: string, stored = true): ApiSchema<'Audit'> {
  const a = artifact.attributes as Attributes;
  const scope = (a.scope ?? {}) as Attributes;
  const view: ApiSchema<'Audit'> = {
    ...meta(artifact, id, stored),
    title: artifact.title ?? text(a.title) ?? id,
    scope: {
      controls: texts(scope.controls),
      clauses: texts(scope.clauses),
      aiSystems: texts(scope.aiSystems),
    },
    auditors: texts(a.auditors),
    startedAt: dateOrNull(a.startedAt),
    endedAt: dateOrNull(a.endedAt),
  };
  const report = text(a.report);
  if (report !== undefined) view.report = report;
  const reportEvidence = refs(a.reportEvidence);
  if (reportEvidence.length > 0) view.reportEvidence = reportEvidence;
  return view;
}

export function findingView(
  artifact: ArtifactVersion,
  id: string,
  open: boolean | undefined,
  stored = true,
): ApiSchema<'Finding'> {
  const a = artifact.attributes as Attributes;
  const view: ApiSchema<'Finding'> = {
    ...meta(artifact, id, stored),
    auditId: text(a.auditId) ?? '',
    grade: a.grade as ApiSchema<'Finding'>['grade'],
    controls: texts(a.controls),
    evidence: refs(a.evidence),
    aiSystems: [...artifact.aiSystems],
  };
  const description = text(a.description);
  if (description !== undefined) view.description = description;
  if (open !== undefined) view.open = open;
  return view;
}

export function correctiveActionView(
  artifact: ArtifactVersion,
  id: string,
  findingId: string,
  closed: boolean,
  stored = true,
): ApiSchema<'CorrectiveAction'> {
  const a = artifact.attributes as Attributes;
  const view: ApiSchema<'CorrectiveAction'> = {
    ...meta(artifact, id, stored),
    findingId,
    rootCause: text(a.rootCause) ?? '',
    owner: text(a.owner) ?? text(a.assignee) ?? '',
    dueAt: dateOrNull(a.dueAt ?? a.dueDate),
    status: closed ? 'closed' : 'open',
    closureEvidence: refs(a.closureEvidence),
    closedAt: dateOrNull(a.closedAt ?? a.resolutionDate),
    verifiedBy: dateOrNull(a.verifiedBy),
    verifiedAt: dateOrNull(a.verifiedAt),
  };
  const changes = text(a.changes);
  if (changes !== undefined) view.changes = changes;
  return view;
}

/** Every finding of the trail as the API shows it. */
export function findingViews(trail: AuditTrail): ApiSchema<'Finding'>[] {
  return trail.findings.map(({ artifact, record }) =>
    findingView(artifact, record.findingId, trail.isOpen(record.findingId)),
  );
}

/** Every corrective action of the trail as the API shows it. */
export function correctiveActionViews(trail: AuditTrail): ApiSchema<'CorrectiveAction'>[] {
  return trail.actions.map(({ artifact, record }) =>
    correctiveActionView(artifact, record.actionId, record.findingId, record.closed),
  );
}
