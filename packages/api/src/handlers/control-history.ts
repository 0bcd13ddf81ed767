import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { parseParams } from '../query.js';

const path = z.object({ controlId: z.string().min(1) });
const query = z.object({ since: z.iso.datetime({ offset: true }).optional() });

/** GET /v1/controls/{controlId}/history: each change of the control's score, oldest first. */
export function getControlHistory(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { controlId } = parseParams(path, req.params);
    const { since } = parseParams(query, req.query);
    if (!ctx.library.controls.some((control) => control.id === controlId))
      throw new NotFoundError(`control ${controlId}`);
    if (since !== undefined && Date.parse(since) > ctx.now().getTime())
      throw new BadRequestError('since is in the future', [
        { path: 'since', message: 'must not be in the future' },
      ]);
    const history = await ctx.catalogue.getScoreHistory(ctx.workspace, controlId, since ? { since } : {});
    const body: ApiSchema<'ScoreHistory'> = {
      controlId,
      items: history.map((record) => ({
        scoredAt: record.scoredAt,
        status: record.status,
        coverage: record.coverage,
        present: record.present,
        fresh: record.fresh,
      })),
    };
    res.json(body);
  };
}
