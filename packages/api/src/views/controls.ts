import type { ApiSchema, ArtifactKind } from '@aims/core';
import type { EvidenceRef, RequirementResult, StaleEvidenceRef } from '@aims/scoring';
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
  return `Needs ${needed} (${requirement.description.replace(/\.$/, '')})${staleText(requirement)}.`;
}

function evidenceRef(
  ref: EvidenceRef | StaleEvidenceRef,
  titles: ReadonlyMap<string, string>,
): ApiSchema<'EvidenceRef'> {
  const out: ApiSchema<'EvidenceRef'> = {
    key: ref.key,
    version: ref.version,
    kind: ref.kind as ArtifactKind,
    effectiveAt: ref.effectiveAt,
  };
  const title = titles.get(ref.key);
  if (title !== undefined) out.title = title;
  if (ref.expiresAt !== undefined) out.expiresAt = ref.expiresAt;
  if ('reason' in ref) {
    out.staleReason = ref.reason;
    out.staleSince = ref.expiredAt;
    if (ref.message !== undefined) out.note = ref.message;
  }
  return out;
}

const STALE_WORDS: Record<StaleEvidenceRef['reason'], string> = {
  window: 'past the freshness window',
  missing_date: 'without the date its freshness counts from',
  unreadable: 'whose source can no longer be read',
  source_not_read: 'whose source has not been read recently enough',
  tombstone: 'deleted at the source',
};

/** Why the stale evidence does not count, in words, grouped by reason. */
function staleText(requirement: RequirementResult): string {
  if (requirement.staleCount === 0) return '';
  const reasons = new Map<string, number>();
  for (const ref of requirement.stale) reasons.set(ref.reason, (reasons.get(ref.reason) ?? 0) + 1);
  const listed = [...reasons].map(
    ([reason, n]) => `${n} ${STALE_WORDS[reason as StaleEvidenceRef['reason']] ?? reason}`,
  );
  const unexplained = requirement.staleCount - requirement.stale.length;
  if (unexplained > 0) listed.push(`${unexplained} more`);
  const noun =
    requirement.staleCount === 1 ? 'matching artifact is not fresh' : 'matching artifacts are not fresh';
  return `; ${requirement.staleCount} ${noun}: ${listed.join(', ')}`;
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
