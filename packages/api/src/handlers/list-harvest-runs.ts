import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { cursorParam, limitParam, parseParams, slugParam } from '../query.js';

const query = z.object({
  instance: slugParam.optional(),
  status: z.enum(['started', 'succeeded', 'partial', 'failed', 'aborted']).optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** The catalogue lists at most this many runs per query; older runs are not paged through. */
const WINDOW = 1_000;

/** GET /v1/harvest-runs: newest first, over the newest 1,000 runs of the workspace. */
export function listHarvestRuns(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const runs = await ctx.catalogue.listHarvestRuns(
      ctx.workspace,
      params.instance === undefined ? { limit: WINDOW } : { instance: params.instance, limit: WINDOW },
    );
    const matching = params.status === undefined ? runs : runs.filter((run) => run.status === params.status);
    const body: ApiSchema<'HarvestRunPage'> = pageByOffset(matching, params.limit, params.cursor);
    res.json(body);
  };
}
