import type { Catalogue, ControlScoreRecord } from '@aims/catalogue';
import type { ArtifactVersion, ControlScoredEvent } from '@aims/core';
import {
  type ControlLibrary,
  type ControlResult,
  IncrementalScorer,
  type ScoringContext,
} from '@aims/scoring';

/** Every current artifact (tombstones included, so they shadow older versions) of a workspace. */
export async function currentArtifacts(catalogue: Catalogue, workspace: string): Promise<ArtifactVersion[]> {
  const artifacts: ArtifactVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalogue.listArtifacts(
      { workspace, includeTombstoned: true },
      cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor },
    );
    artifacts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return artifacts;
}

/** A scorer loaded with the current artifacts of a workspace. */
export function warmScorer(
  library: ControlLibrary,
  artifacts: readonly ArtifactVersion[],
  context?: ScoringContext,
): IncrementalScorer {
  const scorer = new IncrementalScorer(library, context ? { context } : {});
  scorer.load(artifacts);
  return scorer;
}

/** What subscribers see of a score; a change in any of these is published. */
export interface ScoreFigures {
  status: ControlScoredEvent['status'];
  coverage: number;
  present: number;
  fresh: number;
}

export function figuresOf(
  score: Pick<ControlScoreRecord, 'status' | 'coverage' | 'present' | 'fresh'>,
): ScoreFigures {
  return { status: score.status, coverage: score.coverage, present: score.present, fresh: score.fresh };
}

export function sameFigures(a: ScoreFigures | undefined, b: ScoreFigures): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.coverage === b.coverage &&
    a.present === b.present &&
    a.fresh === b.fresh
  );
}

export function scoreRecordOf(
  workspace: string,
  result: ControlResult,
  scoredAt: string,
): ControlScoreRecord {
  const record: ControlScoreRecord = {
    workspace,
    controlId: result.controlId,
    status: result.status,
    coverage: result.coverage,
    present: result.present,
    fresh: result.fresh,
    scoredAt,
    // The whole control result, as the contract has it: readers take it back without a cast.
    detail: result,
  };
  if (result.nextExpiryAt !== undefined) record.nextExpiryAt = result.nextExpiryAt;
  return record;
}

export function scoredEventOf(
  record: ControlScoreRecord,
  previous: ScoreFigures | undefined,
  trigger: ControlScoredEvent['trigger'],
): ControlScoredEvent {
  const event: ControlScoredEvent = {
    workspace: record.workspace,
    controlId: record.controlId,
    status: record.status,
    coverage: record.coverage,
    present: record.present,
    fresh: record.fresh,
    scoredAt: record.scoredAt,
    trigger,
  };
  if (previous) event.previousStatus = previous.status;
  if (record.nextExpiryAt !== undefined) event.nextExpiryAt = record.nextExpiryAt;
  return event;
}
