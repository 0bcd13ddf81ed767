import type { ControlLibrary } from '../library/model.js';
import type { ControlResult, Evaluation, EvaluationInventory, ObjectiveTotals, Totals } from './types.js';

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The figures of a control result that its totals count. */
export type ScoredFigures = Pick<ControlResult, 'status' | 'coverage' | 'present' | 'fresh'>;

/**
 * Counts by status and mean figures over the applicable controls among results: the one
 * definition of the totals, used by the evaluation and by readers of stored scores (the API).
 */
export function totalsOf(results: readonly ScoredFigures[]): Totals {
  let compliant = 0;
  let partiallyCompliant = 0;
  let notCompliant = 0;
  let notApplicable = 0;
  let coverage = 0;
  let present = 0;
  let fresh = 0;
  for (const result of results) {
    if (result.status === 'not_applicable') {
      notApplicable++;
      continue;
    }
    if (result.status === 'compliant') compliant++;
    else if (result.status === 'partially_compliant') partiallyCompliant++;
    else notCompliant++;
    coverage += result.coverage;
    present += result.present;
    fresh += result.fresh;
  }
  const applicable = results.length - notApplicable;
  const mean = (sum: number): number | null => (applicable === 0 ? null : round2(sum / applicable));
  return {
    controls: results.length,
    applicable,
    compliant,
    partiallyCompliant,
    notCompliant,
    notApplicable,
    coverage: mean(coverage),
    present: mean(present),
    fresh: mean(fresh),
  };
}

/**
 * Builds the evaluation from one result per library control, in library order: totals per
 * objective, over the Annex A controls (`overall`) and over the clauses (`clauses`).
 */
export function assembleEvaluation(
  library: ControlLibrary,
  controls: readonly ControlResult[],
  now: number,
  inventory: EvaluationInventory,
): Evaluation {
  const byObjective = new Map<string, ControlResult[]>();
  for (const result of controls) {
    const list = byObjective.get(result.objectiveId);
    if (list) list.push(result);
    else byObjective.set(result.objectiveId, [result]);
  }
  const objectives: ObjectiveTotals[] = library.objectives.map((objective) => ({
    objectiveId: objective.id,
    title: objective.title,
    library: objective.library,
    ...totalsOf(byObjective.get(objective.id) ?? []),
  }));
  let next: string | undefined;
  for (const result of controls) {
    if (result.nextExpiryAt !== undefined && (next === undefined || result.nextExpiryAt < next))
      next = result.nextExpiryAt;
  }
  return {
    evaluatedAt: new Date(now).toISOString(),
    library: { id: library.id, version: library.version, overlays: library.overlays },
    controls,
    objectives,
    overall: totalsOf(controls.filter((result) => result.library === 'annex-a')),
    clauses: totalsOf(controls.filter((result) => result.library === 'clauses')),
    ...(next === undefined ? {} : { nextExpiryAt: next }),
    inventory,
  };
}
