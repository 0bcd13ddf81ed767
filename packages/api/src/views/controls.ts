import type { ApiSchema, ArtifactKind } from '@aims/core';
import type { EvidenceRef, RequirementResult } from '@aims/scoring';
import type { ControlState } from './scoreboard.js';

const round2 = (value: number): number => Math.round(value * 100) / 100;
const share = (count: number, of: number): number => round2(Math.min(1, of === 0 ? 1 : count / of) * 100);

export function controlSummary(state: ControlState): ApiSchema<'ControlSummary'> {
  const summary: ApiSchema<'ControlSummary'> = {
    controlId: state.control.id,
    title: state.control.title,
    objectiveId: state.control.objectiveId,
    status: state.status,
    coverage: state.coverage,
    present: state.present,
    fresh: state.fresh,
    scoredAt: state.scoredAt,
  };
  if (state.nextExpiryAt !== undefined) summary.nextExpiryAt = state.nextExpiryAt;
  return summary;
}

/** What a requirement still lacks, in plain words; undefined when it is met. */
export function missingText(requirement: RequirementResult): string | undefined {
  if (requirement.satisfied) return undefined;
  const kinds = requirement.kinds.join(' or ');
  const needed = `${requirement.missingCount} more fresh ${kinds} artifact${requirement.missingCount === 1 ? '' : 's'}`;
  const stale =
    requirement.staleCount > 0
      ? `; ${requirement.staleCount} matching artifact${requirement.staleCount === 1 ? ' is' : 's are'} past the freshness window`
      : '';
  return `Needs ${needed} (${requirement.description.replace(/\.$/, '')})${stale}.`;
}

function evidenceRef(ref: EvidenceRef, titles: ReadonlyMap<string, string>): ApiSchema<'EvidenceRef'> {
  const out: ApiSchema<'EvidenceRef'> = {
    key: ref.key,
    version: ref.version,
    kind: ref.kind as ArtifactKind,
    effectiveAt: ref.effectiveAt,
  };
  const title = titles.get(ref.key);
  if (title !== undefined) out.title = title;
  if (ref.expiresAt !== undefined) out.expiresAt = ref.expiresAt;
  return out;
}

export function requirementExplanation(
  requirement: RequirementResult,
  titles: ReadonlyMap<string, string>,
): ApiSchema<'RequirementExplanation'> {
  const out: ApiSchema<'RequirementExplanation'> = {
    requirementId: requirement.requirementId,
    description: requirement.description,
    kinds: requirement.kinds as ArtifactKind[],
    minCount: requirement.minCount,
    weight: requirement.weight,
    ownerRole: requirement.ownerRole,
    met: requirement.satisfied,
    present: share(requirement.presentCount, requirement.minCount),
    fresh: share(requirement.freshCount, requirement.minCount),
    satisfiedBy: requirement.satisfiedBy.map((ref) => evidenceRef(ref, titles)),
    stale: requirement.stale.map((ref) => evidenceRef(ref, titles)),
  };
  const missing = missingText(requirement);
  if (missing !== undefined) out.missing = missing;
  return out;
}

export function controlDetail(
  state: ControlState,
  titles: ReadonlyMap<string, string>,
): ApiSchema<'ControlDetail'> {
  const { notApplicable } = state.control;
  return {
    ...controlSummary(state),
    intent: state.control.intent,
    applicability: notApplicable
      ? { applicable: false, justification: notApplicable.justification }
      : { applicable: true },
    requirements: state.requirements.map((requirement) => requirementExplanation(requirement, titles)),
  };
}

/** Keys of every artifact version a control's explanation cites. */
export function citedKeys(states: readonly ControlState[]): string[] {
  const keys = new Set<string>();
  for (const state of states) {
    for (const requirement of state.requirements) {
      for (const ref of requirement.satisfiedBy) keys.add(ref.key);
      for (const ref of requirement.stale) keys.add(ref.key);
    }
  }
  return [...keys];
}

/** Controls each artifact key currently satisfies (fresh evidence of a requirement). */
export function controlsByArtifact(states: readonly ControlState[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const state of states) {
    for (const requirement of state.requirements) {
      for (const ref of requirement.satisfiedBy) {
        const list = map.get(ref.key) ?? [];
        if (!list.includes(state.control.id)) list.push(state.control.id);
        map.set(ref.key, list);
      }
    }
  }
  return map;
}
