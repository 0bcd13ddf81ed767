import { parseDate } from '../attributes/path.js';
import type { LibraryIssue } from '../errors.js';
import type { NotApplicable as NotApplicableSpec } from '../generated/control-library.js';
import type { Control, NotApplicable } from './model.js';
import type { PathSegment, YamlSource } from './source.js';

/**
 * An overlay's exclusion of a control (the Statement of Applicability), checked beyond the
 * schema: the control may be excluded at all, and its dates exist and come in order. The schema
 * already requires the justification, approver, approval date and review date. Problems are
 * appended to issues with the overlay's file and line; undefined then.
 */
export function resolveExclusion(
  control: Control,
  spec: NotApplicableSpec,
  path: readonly PathSegment[],
  source: YamlSource,
  overlay: string,
  issues: LibraryIssue[],
): NotApplicable | undefined {
  const before = issues.length;
  if (control.cannotExclude !== undefined) {
    issues.push(source.issue(path, `control ${control.id} cannot be excluded: ${control.cannotExclude}`));
  }
  const approvedAt = parseDate(spec.approvedAt);
  const reviewBy = parseDate(spec.reviewBy);
  if (!Number.isFinite(approvedAt)) {
    issues.push(source.issue([...path, 'approvedAt'], `approvedAt "${spec.approvedAt}" is not a date`));
  }
  if (!Number.isFinite(reviewBy)) {
    issues.push(source.issue([...path, 'reviewBy'], `reviewBy "${spec.reviewBy}" is not a date`));
  } else if (Number.isFinite(approvedAt) && reviewBy <= approvedAt) {
    issues.push(
      source.issue(
        [...path, 'reviewBy'],
        `reviewBy ${spec.reviewBy} is not after the approval on ${spec.approvedAt}`,
      ),
    );
  }
  if (issues.length > before) return undefined;
  return {
    justification: spec.justification,
    approvedBy: spec.approvedBy,
    approvedAt: spec.approvedAt,
    reviewBy: spec.reviewBy,
    ...(spec.riskTreatment === undefined ? {} : { riskTreatment: spec.riskTreatment }),
    overlay,
  };
}
