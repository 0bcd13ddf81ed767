import type { Request, Response } from 'express';
import type { ApiContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { noParams, parseParams } from '../query.js';

/** GET /v1/harvest-runs/{runId}: one run with its gaps. */
export function getHarvestRun(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const runId = String(req.params.runId ?? '');
    const run = await ctx.catalogue.getHarvestRun(runId);
    if (!run || run.workspace !== ctx.workspace) throw new NotFoundError(`harvest run "${runId}"`);
    res.json(run);
  };
}
