import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import type { ApiContext } from '../context.js';

type Check = ApiSchema<'Health'>['checks'][string];

async function run(check: () => Promise<unknown>): Promise<Check> {
  try {
    await check();
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * GET /health: the catalogue is required (down means 503); other checks only degrade. A service
 * still starting answers 503 with status starting, so a caller waits for complete data.
 */
export function getHealth(ctx: ApiContext) {
  return async (_req: Request, res: Response): Promise<void> => {
    const checks: Record<string, Check> = {
      catalogue: await run(() => ctx.catalogue.listArtifacts({ workspace: ctx.workspace }, { limit: 1 })),
    };
    for (const [name, check] of Object.entries(ctx.checks ?? {})) checks[name] = await run(check);
    const starting = ctx.starting?.();
    if (starting !== undefined) checks.startup = { status: 'pending', message: starting };
    const down = Object.entries(checks).filter(([, check]) => check.status === 'down');
    const status: ApiSchema<'Health'>['status'] =
      checks.catalogue?.status === 'down'
        ? 'down'
        : starting !== undefined
          ? 'starting'
          : down.length > 0
            ? 'degraded'
            : 'ok';
    const body: ApiSchema<'Health'> = { status, version: ctx.version, checks };
    res.status(status === 'down' || status === 'starting' ? 503 : 200).json(body);
  };
}
