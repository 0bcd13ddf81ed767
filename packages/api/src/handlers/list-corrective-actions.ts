import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { readTrail } from '../audits/trail.js';
import type { ApiContext } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { cursorParam, limitParam, parseParams } from '../query.js';
import { correctiveActionViews } from '../views/audits.js';

const query = z.object({
  findingId: z.string().min(1).max(200).optional(),
  status: z.enum(['open', 'closed']).optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** GET /v1/corrective-actions: corrective actions from every source. */
export function listCorrectiveActions(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const views = correctiveActionViews(await readTrail(ctx))
      .filter(
        (view) =>
          (params.findingId === undefined || view.findingId === params.findingId) &&
          (params.status === undefined || view.status === params.status),
      )
      .sort((a, b) => a.id.localeCompare(b.id) || a.artifactKey.localeCompare(b.artifactKey));
    const body: ApiSchema<'CorrectiveActionPage'> = pageByOffset(views, params.limit, params.cursor);
    res.json(body);
  };
}
