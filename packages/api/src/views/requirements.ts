import type { ApiSchema, ArtifactKind } from '@aims/core';
import type { AgainstResult, MemberResult, RequirementResult, StaleEvidenceRef } from '@aims/scoring';
import { evidenceRef, type Titles } from './evidence-refs.js';

const STALE_WORDS: Record<StaleEvidenceRef['reason'], string> = {
  window: 'past the freshness window',
  missing_date: 'without the date its freshness counts from',
  unreadable: 'whose source can no longer be read',
  source_not_read: 'whose source has not been read recently enough',
  tombstone: 'deleted at the source',
};

/** Why the stale evidence does not count, in words, grouped by reason. */
function staleText(staleCount: number, stale: readonly StaleEvidenceRef[]): string {
  if (staleCount === 0) return '';
  const reasons = new Map<string, number>();
  for (const ref of stale) reasons.set(ref.reason, (reasons.get(ref.reason) ?? 0) + 1);
  const listed = [...reasons].map(
    ([reason, n]) => `${n} ${STALE_WORDS[reason as StaleEvidenceRef['reason']] ?? reason}`,
  );
  if (staleCount > stale.length) listed.push(`${staleCount - stale.length} more`);
  const noun = staleCount === 1 ? 'matching artifact is not fresh' : 'matching artifacts are not fresh';
  return `; ${staleCount} ${noun}: ${listed.join(', ')}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function againstText(requirement: RequirementResult, against: AgainstResult): string {
  const allowed = against.maxCount === 0 ? 'none may' : `at most ${against.maxCount} may`;
  return `${plural(against.count, 'version')} count against this (${requirement.description.replace(/\.$/, '')}); ${allowed}.`;
}

function memberText(requirement: RequirementResult, members: readonly MemberResult[]): string {
  const unmet = members.filter((member) => !member.satisfied);
  const names = unmet.map((member) => `${member.id}${member.inInventory ? '' : ' (not in the inventory)'}`);
  return `Not met for ${names.join(', ')}: each needs fresh ${requirement.kinds.join(' or ')} evidence (${requirement.description.replace(/\.$/, '')}).`;
}

/** What a requirement still lacks, in plain words; undefined when it is met. */
export function missingText(requirement: RequirementResult): string | undefined {
  if (requirement.satisfied) return undefined;
  if (requirement.note) return `${requirement.description.replace(/\.$/, '')}: ${requirement.note}.`;
  if (requirement.against) return againstText(requirement, requirement.against);
  if (requirement.members && requirement.members.length > 0)
    return memberText(requirement, requirement.members);
  const needed = `${requirement.missingCount} more fresh ${requirement.kinds.join(' or ')} artifact${requirement.missingCount === 1 ? '' : 's'}`;
  return `Needs ${needed} (${requirement.description.replace(/\.$/, '')})${staleText(requirement.staleCount, requirement.stale)}.`;
}

function memberView(member: MemberResult, titles: Titles): ApiSchema<'MemberExplanation'> {
  const out: ApiSchema<'MemberExplanation'> = {
    id: member.id,
    inInventory: member.inInventory,
    met: member.satisfied,
    present: member.present,
    fresh: member.fresh,
    satisfiedBy: member.satisfiedBy.map((ref) => evidenceRef(ref, titles)),
    stale: member.stale.map((ref) => evidenceRef(ref, titles)),
  };
  if (member.alternativeId !== undefined) out.alternativeId = member.alternativeId;
  if (member.against) out.against = againstView(member.against, titles);
  return out;
}

function againstView(against: AgainstResult, titles: Titles): ApiSchema<'AgainstExplanation'> {
  return {
    maxCount: against.maxCount,
    count: against.count,
    pendingCount: against.pendingCount,
    offending: against.offending.map((ref) => evidenceRef(ref, titles)),
    pending: against.pending.map((ref) => evidenceRef(ref, titles)),
    ...(against.overdueAfter === undefined ? {} : { overdueAfter: against.overdueAfter }),
  };
}

export function requirementExplanation(
  requirement: RequirementResult,
  titles: Titles,
): ApiSchema<'RequirementExplanation'> {
  const out: ApiSchema<'RequirementExplanation'> = {
    requirementId: requirement.requirementId,
    description: requirement.description,
    kinds: requirement.kinds as ArtifactKind[],
    minCount: requirement.minCount,
    weight: requirement.weight,
    ownerRole: requirement.ownerRole,
    essential: requirement.essential,
    counts: requirement.counts,
    met: requirement.satisfied,
    present: requirement.present,
    fresh: requirement.fresh,
    satisfiedBy: requirement.satisfiedBy.map((ref) => evidenceRef(ref, titles)),
    stale: requirement.stale.map((ref) => evidenceRef(ref, titles)),
  };
  if (requirement.forEach !== undefined) out.forEach = requirement.forEach;
  if (requirement.members) out.members = requirement.members.map((member) => memberView(member, titles));
  if (requirement.alternativeId !== undefined) out.alternativeId = requirement.alternativeId;
  if (requirement.alternatives)
    out.alternatives = requirement.alternatives.map((alternative) => ({
      alternativeId: alternative.alternativeId,
      ...(alternative.description === undefined ? {} : { description: alternative.description }),
      kinds: alternative.kinds as ArtifactKind[],
      met: alternative.satisfied,
      satisfiedBy: alternative.satisfiedBy.map((ref) => evidenceRef(ref, titles)),
      stale: alternative.stale.map((ref) => evidenceRef(ref, titles)),
    }));
  if (requirement.against) out.against = againstView(requirement.against, titles);
  if (requirement.note !== undefined) out.note = requirement.note;
  const missing = missingText(requirement);
  if (missing !== undefined) out.missing = missing;
  return out;
}

/** Every version a requirement's explanation cites, its members' and alternatives' included. */
export function citedByRequirement(requirement: RequirementResult): string[] {
  const refs = [
    ...requirement.satisfiedBy,
    ...requirement.stale,
    ...(requirement.against ? [...requirement.against.offending, ...requirement.against.pending] : []),
    ...(requirement.members ?? []).flatMap((m) => [
      ...m.satisfiedBy,
      ...m.stale,
      ...(m.against?.offending ?? []),
    ]),
    ...(requirement.alternatives ?? []).flatMap((a) => [...a.satisfiedBy, ...a.stale]),
  ];
  return refs.map((ref) => ref.key);
}
