import type { ScorableArtifact } from '../engine/types.js';

/** How an internal audit graded a finding (contracts/events: FindingGrade). */
export type FindingGrade = 'conformity' | 'minor_nonconformity' | 'major_nonconformity' | 'observation';

const GRADES: ReadonlySet<string> = new Set([
  'conformity',
  'minor_nonconformity',
  'major_nonconformity',
  'observation',
]);

/** Kinds read as audits, findings and corrective actions (Jira's ticket kinds count the same). */
export const AUDIT_KINDS: ReadonlySet<string> = new Set([
  'audit.internal',
  'audit.finding',
  'audit.corrective-action',
  'ticket.audit-finding',
  'ticket.corrective-action',
]);

export interface AuditRecord {
  readonly type: 'audit';
  readonly key: string;
  readonly auditId: string;
  readonly title?: string;
}

export interface FindingRecord {
  readonly type: 'finding';
  readonly key: string;
  readonly version: number;
  readonly findingId: string;
  readonly auditId?: string;
  readonly grade: FindingGrade;
  /** Controls and clauses it names, deduplicated. */
  readonly controls: readonly string[];
  readonly description?: string;
}

export interface ActionRecord {
  readonly type: 'action';
  readonly key: string;
  readonly version: number;
  readonly actionId: string;
  readonly findingId: string;
  /** Its record says closed (status closed; a Jira ticket resolved as done). */
  readonly closed: boolean;
  readonly closureEvidence: number;
  readonly verifiedBy?: string;
  readonly verifiedAt?: string;
}

export type AuditTrailRecord = AuditRecord | FindingRecord | ActionRecord;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? [...new Set(value.flatMap((item) => (text(item) === undefined ? [] : [text(item) as string])))]
    : [];

/**
 * The audit record a version is, or undefined for other kinds and for records that lack what
 * scoring needs (a finding without a grade or controls names nothing to cap). Jira tickets use
 * their issue key as id unless the connector mapped one.
 */
export function auditRecordOf(artifact: ScorableArtifact): AuditTrailRecord | undefined {
  if (!AUDIT_KINDS.has(artifact.kind)) return undefined;
  const attributes = artifact.attributes as Record<string, unknown>;
  const issueKey = text(attributes.issueKey);
  switch (artifact.kind) {
    case 'audit.internal': {
      const auditId = text(attributes.auditId);
      if (auditId === undefined) return undefined;
      const title = text(attributes.title);
      return { type: 'audit', key: artifact.key, auditId, ...(title === undefined ? {} : { title }) };
    }
    case 'audit.finding':
    case 'ticket.audit-finding': {
      const findingId = text(attributes.findingId) ?? issueKey;
      const grade = text(attributes.grade);
      const controls = list(attributes.controls);
      if (findingId === undefined || grade === undefined || !GRADES.has(grade) || controls.length === 0)
        return undefined;
      const auditId = text(attributes.auditId);
      const description = text(attributes.description);
      return {
        type: 'finding',
        key: artifact.key,
        version: artifact.version,
        findingId,
        grade: grade as FindingGrade,
        controls,
        ...(auditId === undefined ? {} : { auditId }),
        ...(description === undefined ? {} : { description }),
      };
    }
    default: {
      const actionId = text(attributes.actionId) ?? issueKey;
      const findingId = text(attributes.findingId);
      if (actionId === undefined || findingId === undefined) return undefined;
      const closed =
        artifact.kind === 'audit.corrective-action'
          ? attributes.status === 'closed'
          : attributes.completed === true ||
            (attributes.completed === undefined && attributes.resolved === true);
      const verifiedBy = text(attributes.verifiedBy);
      const verifiedAt = text(attributes.verifiedAt);
      return {
        type: 'action',
        key: artifact.key,
        version: artifact.version,
        actionId,
        findingId,
        closed,
        closureEvidence: Array.isArray(attributes.closureEvidence) ? attributes.closureEvidence.length : 0,
        ...(verifiedBy === undefined ? {} : { verifiedBy }),
        ...(verifiedAt === undefined ? {} : { verifiedAt }),
      };
    }
  }
}

/** A nonconformity stays open until one of its actions is closed with closure evidence and verified. */
export function closesFinding(action: ActionRecord): boolean {
  return (
    action.closed &&
    action.closureEvidence > 0 &&
    action.verifiedBy !== undefined &&
    action.verifiedAt !== undefined
  );
}

export const isNonconformity = (grade: FindingGrade): boolean =>
  grade === 'major_nonconformity' || grade === 'minor_nonconformity';
