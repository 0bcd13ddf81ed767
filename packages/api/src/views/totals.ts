import type { ApiSchema } from '@aims/core';
import type { ControlLibrary, ObjectiveTotals, Totals } from '@aims/scoring';
import type { ControlState } from './scoreboard.js';

const round2 = (value: number): number => Math.round(value * 100) / 100;

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : round2(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** Counts by status and mean figures over the applicable controls (as the scoring engine defines them). */
export function tally(states: readonly ControlState[]): Totals {
  const applicable = states.filter((state) => state.status !== 'not_applicable');
  const count = (status: ControlState['status']): number =>
    states.filter((state) => state.status === status).length;
  return {
    controls: states.length,
    applicable: applicable.length,
    compliant: count('compliant'),
    partiallyCompliant: count('partially_compliant'),
    notCompliant: count('not_compliant'),
    notApplicable: count('not_applicable'),
    coverage: mean(applicable.map((state) => state.coverage)),
    present: mean(applicable.map((state) => state.present)),
    fresh: mean(applicable.map((state) => state.fresh)),
  };
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
