import type { ApiSchema } from '@aims/core';
import type { Evaluation, Totals } from '@aims/scoring';
import { clip, percent, table } from './table.js';

export type ControlList = ApiSchema<'ControlList'>;

const scoreTotals = (totals: Totals): ApiSchema<'ScoreTotals'> => ({
  controls: totals.controls,
  compliant: totals.compliant,
  partiallyCompliant: totals.partiallyCompliant,
  notCompliant: totals.notCompliant,
  notApplicable: totals.notApplicable,
  coverage: totals.coverage ?? 0,
});

/** An evaluation in the shape of the API's `GET /v1/controls`, so both modes print the same JSON. */
export function controlList(evaluation: Evaluation): ControlList {
  const scoredAt = evaluation.evaluatedAt;
  return {
    items: evaluation.controls.map((control) => ({
      controlId: control.controlId,
      title: control.title,
      objectiveId: control.objectiveId,
      library: control.library,
      status: control.status,
      coverage: control.coverage,
      present: control.present,
      fresh: control.fresh,
      ...(control.nextExpiryAt === undefined ? {} : { nextExpiryAt: control.nextExpiryAt }),
      scoredAt,
    })),
    totals: {
      overall: scoreTotals(evaluation.overall),
      clauses: scoreTotals(evaluation.clauses),
      objectives: evaluation.objectives.map((objective) => ({
        ...scoreTotals(objective),
        objectiveId: objective.objectiveId,
        title: objective.title,
        library: objective.library,
      })),
    },
    scoredAt,
  };
}

const statusText = (status: string) => status.replaceAll('_', ' ');

/** Each control's status and coverage, then the totals overall and by objective. */
export function scoreTable(list: ControlList): string {
  const controls = table(
    ['CONTROL', 'STATUS', 'COVERAGE', 'TITLE'],
    list.items.map((c) => [c.controlId, statusText(c.status), percent(c.coverage), clip(c.title, 60)]),
  );
  const objectives = table(
    ['OBJECTIVE', 'COMPLIANT', 'PARTIAL', 'NOT COMPLIANT', 'EXCLUDED', 'COVERAGE', 'TITLE'],
    list.totals.objectives.map((o) => [
      o.objectiveId,
      String(o.compliant),
      String(o.partiallyCompliant),
      String(o.notCompliant),
      String(o.notApplicable),
      percent(o.coverage),
      clip(o.title, 50),
    ]),
  );
  const t = list.totals.overall;
  const overall = `Totals: ${t.controls} controls: ${t.compliant} compliant, ${t.partiallyCompliant} partially compliant, ${t.notCompliant} not compliant, ${t.notApplicable} not applicable; coverage ${percent(t.coverage)} (mean over the applicable controls)`;
  const c = list.totals.clauses;
  const clauses =
    c.controls === 0
      ? ''
      : `Clauses 4 to 10: ${c.controls} clauses: ${c.compliant} compliant, ${c.partiallyCompliant} partially compliant, ${c.notCompliant} not compliant; coverage ${percent(c.coverage)}\n`;
  return `${controls}\n${objectives}\n${overall}\n${clauses}`;
}
