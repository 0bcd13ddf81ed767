import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { parseParams, slugParam } from '../query.js';
import { controlSummary } from '../views/controls.js';
import { apiTotals, objectiveTallies, tally } from '../views/totals.js';
import { scoreboardFor } from './scoreboard-for.js';

const query = z.object({
  objective: z
    .string()
    .regex(/^(A\.)?[0-9]+(\.[0-9]+)*$/, 'must be an objective id such as A.6.2, or a clause such as 6')
    .optional(),
  library: z.enum(['annex-a', 'clauses']).optional(),
  status: z.enum(['compliant', 'partially_compliant', 'not_compliant', 'not_applicable']).optional(),
  aiSystem: slugParam.optional(),
});

/**
 * GET /v1/controls: matching controls and clauses with their scores; totals cover the matching
 * ones, Annex A (`overall`) apart from the clauses (`clauses`).
 */
export function listControls(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const board = await scoreboardFor(ctx, params.aiSystem);
    const states = board.states.filter(
      (state) =>
        (params.objective === undefined ||
          state.control.objectiveId === params.objective ||
          state.control.objectiveId.startsWith(`${params.objective}.`)) &&
        (params.status === undefined || state.status === params.status) &&
        (params.library === undefined || state.control.library === params.library),
    );
    const ofLibrary = (library: 'annex-a' | 'clauses') =>
      states.filter((state) => state.control.library === library);
    const body: ApiSchema<'ControlList'> = {
      items: states.map(controlSummary),
      totals: {
        overall: apiTotals(tally(ofLibrary('annex-a'))),
        clauses: apiTotals(tally(ofLibrary('clauses'))),
        objectives: objectiveTallies(ctx.library, states).map((objective) => ({
          ...apiTotals(objective),
          objectiveId: objective.objectiveId,
          title: objective.title,
          library: objective.library,
        })),
      },
      scoredAt: board.scoredAt,
    };
    res.json(body);
  };
}
