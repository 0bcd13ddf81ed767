import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { booleanParam, integerParam, parseParams, slugParam } from '../query.js';
import { requireAiSystem } from '../views/ai-systems.js';
import { gapsToCsv, gapViews } from '../views/gaps.js';

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
    const [stored, tickets] = await Promise.all([
      ctx.catalogue.listGaps(ctx.workspace, { state: params.state }),
      ctx.catalogue.listGapTickets(ctx.workspace),
    ]);
    const items = gapViews(
      stored,
      tickets,
      ctx.owners,
      now,
      (gap) =>
        gap.aiSystem === params.aiSystem &&
        (params.ownerRole === undefined || gap.ownerRole === params.ownerRole) &&
        (params.priority === undefined || gap.priority === params.priority) &&
        (params.overdue === undefined || gap.overdue === params.overdue),
    );
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv').send(gapsToCsv(items));
      return;
    }
    const body: ApiSchema<'GapReport'> = { generatedAt: now.toISOString(), items };
    res.json(body);
  };
}
