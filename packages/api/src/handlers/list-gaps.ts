import { gapReportToCsv } from '@aims/scoring';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { parseParams, slugParam } from '../query.js';
import { apiGapReport, gapsOf } from '../views/gaps.js';
import { scoreboardFor } from './scoreboard-for.js';

const query = z.object({ ownerRole: z.string().min(1).optional(), aiSystem: slugParam.optional() });

/** GET /v1/gaps: every applicable control that is not compliant, most urgent first; JSON or CSV. */
export function listGaps(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const report = gapsOf(ctx.library, await scoreboardFor(ctx, params.aiSystem), ctx.now());
    const filtered =
      params.ownerRole === undefined
        ? report
        : { ...report, gaps: report.gaps.filter((gap) => gap.ownerRole === params.ownerRole) };
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv').send(gapReportToCsv(filtered));
      return;
    }
    res.json(apiGapReport(filtered));
  };
}
