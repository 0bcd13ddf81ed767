import type { ArtifactVersion } from '@aims/core';
import {
  AUDIT_KINDS,
  type AuditTrailRecord,
  auditRecordOf,
  closesFinding,
  isNonconformity,
} from '@aims/scoring';
import type { ApiContext } from '../context.js';

/** A current version of an audit, finding or corrective action, with what scoring reads of it. */
export interface TrailEntry<R extends AuditTrailRecord = AuditTrailRecord> {
  artifact: ArtifactVersion;
  record: R;
}

/** Every current audit, finding and corrective action of the workspace, whatever its source. */
export class AuditTrail {
  readonly audits: TrailEntry<Extract<AuditTrailRecord, { type: 'audit' }>>[] = [];
  readonly findings: TrailEntry<Extract<AuditTrailRecord, { type: 'finding' }>>[] = [];
  readonly actions: TrailEntry<Extract<AuditTrailRecord, { type: 'action' }>>[] = [];

  constructor(artifacts: readonly ArtifactVersion[]) {
    for (const artifact of artifacts) {
      const record = auditRecordOf(artifact);
      if (record?.type === 'audit') this.audits.push({ artifact, record });
      else if (record?.type === 'finding') this.findings.push({ artifact, record });
      else if (record?.type === 'action') this.actions.push({ artifact, record });
    }
  }

  audit(id: string) {
    return this.audits.find((entry) => entry.record.auditId === id);
  }

  finding(id: string) {
    return this.findings.find((entry) => entry.record.findingId === id);
  }

  action(id: string) {
    return this.actions.find((entry) => entry.record.actionId === id);
  }

  /** A nonconformity none of whose corrective actions is closed with closure evidence and verified. */
  isOpen(findingId: string): boolean | undefined {
    const finding = this.finding(findingId);
    if (!finding || !isNonconformity(finding.record.grade)) return undefined;
    return !this.actions.some((entry) => entry.record.findingId === findingId && closesFinding(entry.record));
  }
}

/** Reads the trail from the catalogue (current, live versions of the audit kinds). */
export async function readTrail(ctx: ApiContext): Promise<AuditTrail> {
  const artifacts: ArtifactVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.catalogue.listArtifacts(
      { workspace: ctx.workspace, kinds: [...AUDIT_KINDS] },
      cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor },
    );
    artifacts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return new AuditTrail(artifacts);
}
