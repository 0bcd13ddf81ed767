/**
 * Audit findings and corrective actions kept in Jira: their grade, controls, audit, finding and
 * closure evidence come from labels (Jira labels hold no spaces), so scoring reads them like the
 * `audit.finding` and `audit.corrective-action` evidence of documents and the API:
 *
 * - finding: `grade:major` / `grade:minor` / `grade:observation` / `grade:conformity` (or the full
 *   grade, `grade:major_nonconformity`), `control:A.2.2`, `clause:9.2`, `audit:IA-2026-01`; its id
 *   is the issue key.
 * - corrective action: `finding:AIMS-12` (the finding's id or issue key) and
 *   `closure:<artifactKey>@<version>` per closure evidence; it is closed when resolved as done,
 *   and verified by the approval (moving into an approval status: who and when).
 */
const GRADES: Readonly<Record<string, string>> = {
  major: 'major_nonconformity',
  minor: 'minor_nonconformity',
  major_nonconformity: 'major_nonconformity',
  minor_nonconformity: 'minor_nonconformity',
  'major-nonconformity': 'major_nonconformity',
  'minor-nonconformity': 'minor_nonconformity',
  observation: 'observation',
  conformity: 'conformity',
};

const CONTROL = /^(A\.)?[0-9]+(\.[0-9]+)*$/;

function valuesOf(labels: readonly string[], prefix: string): string[] {
  return labels
    .filter((label) => label.toLowerCase().startsWith(prefix))
    .map((label) => label.slice(prefix.length))
    .filter((value) => value !== '');
}

/** Attributes an audit finding or corrective action ticket adds from its labels (empty for other kinds). */
export function auditAttributesFromLabels(
  kind: string,
  issueKey: string,
  labels: readonly string[],
  approval: { approvedBy: string | null; approvedAt: string | null } | undefined,
): Record<string, unknown> {
  if (kind === 'ticket.audit-finding') {
    const out: Record<string, unknown> = { findingId: issueKey };
    const grade = valuesOf(labels, 'grade:')
      .map((value) => GRADES[value.toLowerCase()])
      .find((value) => value !== undefined);
    if (grade !== undefined) out.grade = grade;
    const controls = [...valuesOf(labels, 'control:'), ...valuesOf(labels, 'clause:')].filter((id) =>
      CONTROL.test(id),
    );
    if (controls.length > 0) out.controls = [...new Set(controls)];
    const audit = valuesOf(labels, 'audit:')[0];
    if (audit !== undefined) out.auditId = audit;
    return out;
  }
  if (kind === 'ticket.corrective-action') {
    const out: Record<string, unknown> = { actionId: issueKey };
    const finding = valuesOf(labels, 'finding:')[0];
    if (finding !== undefined) out.findingId = finding;
    const closure = valuesOf(labels, 'closure:').flatMap((value) => {
      const at = value.lastIndexOf('@');
      const version = Number(value.slice(at + 1));
      return at > 0 && Number.isInteger(version) && version >= 1
        ? [{ artifactKey: value.slice(0, at), version }]
        : [];
    });
    out.closureEvidence = closure;
    if (approval?.approvedBy) out.verifiedBy = approval.approvedBy;
    if (approval?.approvedAt) out.verifiedAt = approval.approvedAt;
    return out;
  }
  return {};
}
