import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { integerParam, parseParams, slugParam } from '../query.js';
import { requireAiSystem } from '../views/ai-systems.js';

const query = z.object({ days: integerParam(1, 1_095).default(90), aiSystem: slugParam.optional() });
const DAY_MS = 86_400_000;

type Point = ApiSchema<'CoverageTrend'>['points'][number];

/** One AI system's figures at the end of each day, from the summaries the scorer kept for it. */
async function aiSystemPoints(
  ctx: ApiContext,
  aiSystem: string,
  firstDay: number,
  now: number,
): Promise<Point[]> {
  const history = await ctx.catalogue.getAiSystemScoreHistory(ctx.workspace, aiSystem);
  const points: Point[] = [];
  let at = 0;
  let last: (typeof history)[number]['summary'] | undefined;
  for (let day = firstDay; day <= now; day += DAY_MS) {
    const end = day + DAY_MS;
    while (at < history.length && Date.parse((history[at] as { scoredAt: string }).scoredAt) < end) {
      last = (history[at] as (typeof history)[number]).summary;
      at++;
    }
    if (!last || last.coverage === null) continue;
    points.push({
      day: new Date(day).toISOString().slice(0, 10),
      coverage: last.coverage,
      compliant: last.compliant,
      partiallyCompliant: last.partiallyCompliant,
      notCompliant: last.notCompliant,
    });
  }
  return points;
}

/**
 * GET /v1/coverage/history: the workspace's overall figures at the end of each day, replayed
 * from the score history (every control's last score of the day, carried over when unchanged);
 * with `aiSystem`, that system's figures over its own evidence.
 */
export function getCoverageHistory(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { days, aiSystem } = parseParams(query, req.query);
    const now = ctx.now().getTime();
    const firstDay = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
    if (aiSystem !== undefined) {
      await requireAiSystem(ctx, aiSystem);
      const body: ApiSchema<'CoverageTrend'> = {
        days,
        aiSystem,
        points: await aiSystemPoints(ctx, aiSystem, firstDay, now),
      };
      res.json(body);
      return;
    }
    // Scores from before the window set each control's state on its first day.
    const history = await ctx.catalogue.getWorkspaceScoreHistory(ctx.workspace);
    const applicable = new Set(ctx.library.controls.filter((c) => !c.notApplicable).map((c) => c.id));
    const state = new Map<string, { status: string; coverage: number }>();
    const points: Point[] = [];
    let at = 0;
    for (let day = firstDay; day <= now; day += DAY_MS) {
      const end = day + DAY_MS;
      while (at < history.length && Date.parse((history[at] as { scoredAt: string }).scoredAt) < end) {
        const record = history[at] as (typeof history)[number];
        state.set(record.controlId, { status: record.status, coverage: record.coverage });
        at++;
      }
      const scored = [...state].filter(([id]) => applicable.has(id)).map(([, s]) => s);
      if (scored.length === 0) continue;
      const count = (status: string) => scored.filter((s) => s.status === status).length;
      points.push({
        day: new Date(day).toISOString().slice(0, 10),
        coverage: Math.round((scored.reduce((sum, s) => sum + s.coverage, 0) / scored.length) * 100) / 100,
        compliant: count('compliant'),
        partiallyCompliant: count('partially_compliant'),
        notCompliant: count('not_compliant'),
      });
    }
    const body: ApiSchema<'CoverageTrend'> = { days, points };
    res.json(body);
  };
}
