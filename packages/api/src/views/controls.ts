import type { ApiSchema } from '@aims/core';
import type { FindingEffect } from '@aims/scoring';
import { citedByRequirement, requirementExplanation } from './requirements.js';
import type { ControlState } from './scoreboard.js';

export function controlSummary(state: ControlState): ApiSchema<'ControlSummary'> {
  const summary: ApiSchema<'ControlSummary'> = {
    controlId: state.control.id,
    title: state.control.title,
    objectiveId: state.control.objectiveId,
    library: state.control.library,
    status: state.status,
    coverage: state.coverage,
    present: state.present,
    fresh: state.fresh,
    scoredAt: state.scoredAt,
  };
  if (state.nextExpiryAt !== undefined) summary.nextExpiryAt = state.nextExpiryAt;
  return summary;
}

export function controlDetail(
  state: ControlState,
  titles: ReadonlyMap<string, string>,
): ApiSchema<'ControlDetail'> {
  const notApplicable = state.control.notApplicable as
    | (NonNullable<typeof state.control.notApplicable> & {
        approvedBy?: string;
        approvedAt?: string;
        reviewBy?: string;
      })
    | undefined;
  return {
    ...controlSummary(state),
    intent: state.control.intent,
    applicability: notApplicable
      ? {
          applicable: false,
          justification: notApplicable.justification,
          ...(notApplicable.approvedBy === undefined ? {} : { approvedBy: notApplicable.approvedBy }),
          ...(notApplicable.approvedAt === undefined ? {} : { approvedAt: notApplicable.approvedAt }),
          ...(notApplicable.reviewBy === undefined ? {} : { reviewBy: notApplicable.reviewBy }),
        }
      : { applicable: true },
    requirements: state.requirements.map((requirement) => requirementExplanation(requirement, titles)),
    ...(state.evidenceStatus ? { evidenceStatus: state.evidenceStatus } : {}),
    ...(state.findings ? { findings: state.findings.map(findingExplanation) } : {}),
  };
}

/** A finding as the control's explanation shows it (artifact versions named by artifactKey). */
function findingExplanation(finding: FindingEffect): ApiSchema<'FindingEffect'> {
  const { key, correctiveActions, ...rest } = finding;
  return {
    ...rest,
    artifactKey: key,
    correctiveActions: correctiveActions.map(({ key: actionKey, ...action }) => ({
      ...action,
      artifactKey: actionKey,
    })),
  };
}

/** Keys of every artifact version a control's explanation cites. */
export function citedKeys(states: readonly ControlState[]): string[] {
  const keys = new Set<string>();
  for (const state of states) {
    for (const requirement of state.requirements)
      for (const key of citedByRequirement(requirement)) keys.add(key);
  }
  return [...keys];
}
