import type { ApiSchema } from '@aims/core';
import { type ControlLibrary, type ObjectiveTotals, type Totals, totalsOf } from '@aims/scoring';
import type { ControlState } from './scoreboard.js';

/** Counts by status and mean figures over the applicable controls, as scoring defines them. */
export function tally(states: readonly ControlState[]): Totals {
  return totalsOf(states);
}

/** Totals per objective of the library, in library order (objectives without scored controls are left out). */
export function objectiveTallies(
  library: ControlLibrary,
  states: readonly ControlState[],
): ObjectiveTotals[] {
  return library.objectives.flatMap((objective) => {
    const mine = states.filter((state) => state.control.objectiveId === objective.id);
    return mine.length === 0
      ? []
      : [{ ...tally(mine), objectiveId: objective.id, title: objective.title, library: objective.library }];
  });
}

export function apiTotals(totals: Totals): ApiSchema<'ScoreTotals'> {
  return {
    controls: totals.controls,
    compliant: totals.compliant,
    partiallyCompliant: totals.partiallyCompliant,
    notCompliant: totals.notCompliant,
    notApplicable: totals.notApplicable,
    coverage: totals.coverage ?? 0,
  };
}
