import type { ControlScoreRecord, GapRecord } from '@aims/catalogue';
import type { Version3Models } from 'jira.js';
import { type AdfNode, bulletList, doc, paragraph, text } from './adf.js';

/** One artifact version cited as closing evidence. */
export interface CitedEvidence {
  requirementId: string;
  key: string;
  version: number;
  kind: string;
}

const dateOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

/** The versions that met each requirement, from the control's current score explanation. */
export function closingEvidence(score: ControlScoreRecord | undefined): CitedEvidence[] {
  const cited: CitedEvidence[] = [];
  const seen = new Set<string>();
  for (const requirement of score?.detail.requirements ?? []) {
    if (requirement.counts === 'against') continue;
    for (const ref of requirement.satisfiedBy) {
      const id = `${requirement.requirementId}\u0000${ref.key}\u0000${ref.version}`;
      if (seen.has(id)) continue;
      seen.add(id);
      cited.push({
        requirementId: requirement.requirementId,
        key: ref.key,
        version: ref.version,
        kind: ref.kind,
      });
    }
  }
  return cited;
}

/**
 * The comment that closes a gap's ticket: when and why it closed, citing the artifact key and
 * version of the evidence that met each requirement of the control.
 */
export function closingComment(
  gap: GapRecord,
  score: ControlScoreRecord | undefined,
): { body: Version3Models.Document; evidence: CitedEvidence[] } {
  const closed = gap.closedAt === undefined ? '' : ` on ${dateOf(gap.closedAt)}`;
  const evidence = closingEvidence(score);
  const content: AdfNode[] = [];
  if (score === undefined) {
    content.push(
      paragraph(
        text(
          `Gap ${gap.id} closed${closed}: control ${gap.controlId} is no longer scored (not in the library).`,
        ),
      ),
    );
  } else if (score.status === 'not_applicable') {
    const exclusion = score.detail.notApplicable;
    content.push(
      paragraph(
        text(
          `Gap ${gap.id} closed${closed}: control ${gap.controlId} is not applicable now${exclusion === undefined ? '' : ` (${exclusion.justification}; approved by ${exclusion.approvedBy})`}.`,
        ),
      ),
    );
  } else {
    content.push(
      paragraph(
        text(
          `Gap ${gap.id} closed${closed}: control ${gap.controlId} is ${score.status.replaceAll('_', ' ')} (scored ${score.scoredAt}).`,
        ),
      ),
    );
    if (evidence.length > 0) {
      content.push(paragraph(text('Evidence that met its requirements:')));
      content.push(
        bulletList(
          evidence.map((ref) => [
            text(`${ref.requirementId}: ${ref.key} version ${ref.version} (${ref.kind})`),
          ]),
        ),
      );
    }
  }
  return { body: doc(...content), evidence };
}
