import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { booleanParam, integerParam, parseParams, slugParam } from '../query.js';
import { requireAiSystem } from '../views/ai-systems.js';
import { apiGap, compareGaps, gapsToCsv } from '../views/gaps.js';

const query = z.object({
  state: z.enum(['open', 'closed']).default('open'),
  ownerRole: slugParam.optional(),
  priority: integerParam(1, 3).optional(),
  overdue: booleanParam.optional(),
  aiSystem: slugParam.optional(),
});

/** GET /v1/gaps: the tracked gaps of the workspace (or of one AI system's view), most urgent first; JSON or CSV. */
export function listGaps(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    await requireAiSystem(ctx, params.aiSystem);
    const now = ctx.now();
    const stored = await ctx.catalogue.listGaps(ctx.workspace, { state: params.state });
    const items = stored
      .filter((gap) => gap.aiSystem === params.aiSystem)
      .map((gap) => apiGap(gap, ctx.owners, now))
      .filter(
        (gap) =>
          (params.ownerRole === undefined || gap.ownerRole === params.ownerRole) &&
          (params.priority === undefined || gap.priority === params.priority) &&
          (params.overdue === undefined || gap.overdue === params.overdue),
      )
      .sort(compareGaps);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv').send(gapsToCsv(items));
      return;
    }
    const body: ApiSchema<'GapReport'> = { generatedAt: now.toISOString(), items };
    res.json(body);
  };
}
