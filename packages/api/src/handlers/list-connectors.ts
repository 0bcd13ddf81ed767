import type { ApiSchema, HarvestRunEvent } from '@aims/core';
import type { Request, Response } from 'express';
import type { ApiContext } from '../context.js';
import { noParams, parseParams } from '../query.js';

type Instance = ApiSchema<'ConnectorInstance'>;

function statusOf(run: HarvestRunEvent | undefined): Instance['status'] {
  if (!run) return 'never_run';
  if (run.status === 'failed') return 'failing';
  if (run.status === 'partial') return 'degraded';
  return 'ok';
}

/** What went wrong in a run that did not fully succeed: its error, first failed slice or first skipped object. */
function lastProblem(run: HarvestRunEvent | undefined): Instance['lastError'] {
  if (!run || run.status === 'succeeded') return undefined;
  if (run.error) return { ...run.error, ...(run.finishedAt ? { at: run.finishedAt } : {}) };
  const gap = run.gaps[0];
  if (gap) return { code: gap.error.code, message: `${gap.slice}: ${gap.error.message}`, at: gap.at };
  const skipped = run.skipped?.[0];
  if (!skipped) return undefined;
  const more = (run.skipped?.length ?? 1) - 1;
  return {
    code: skipped.error.code,
    message: `${skipped.error.message}${more > 0 ? ` (and ${more} more object${more === 1 ? '' : 's'} not read)` : ''}`,
    at: skipped.at,
  };
}

/** `every 5m`-style text for an interval in milliseconds. */
export function describeInterval(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  const unit = units.find(([, size]) => ms % size === 0);
  return unit ? `every ${ms / unit[1]}${unit[0]}` : `every ${ms}ms`;
}

/** GET /v1/connectors: each configured instance with its last finished run (or the running one). */
export function listConnectors(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const items = await Promise.all(
      ctx.connectors.map(async (config): Promise<Instance> => {
        const runs = await ctx.catalogue.listHarvestRuns(ctx.workspace, {
          instance: config.instance,
          limit: 2,
        });
        const lastRun = runs.find((run) => run.status !== 'started') ?? runs[0];
        const item: Instance = {
          instance: config.instance,
          connector: config.connector,
          enabled: config.enabled,
          status: statusOf(runs.find((run) => run.status !== 'started')),
        };
        if (config.schedule) item.schedule = describeInterval(config.schedule.every);
        if (lastRun) item.lastRun = lastRun;
        const problem = lastProblem(runs.find((run) => run.status !== 'started'));
        if (problem) item.lastError = problem;
        return item;
      }),
    );
    const body: ApiSchema<'ConnectorList'> = { items };
    res.json(body);
  };
}
