import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { HarvestTrigger } from '../options.js';
import { parseParams, slugParam } from '../query.js';

const path = z.object({ instance: slugParam });
const body = z.object({ mode: z.enum(['incremental', 'full']).default('incremental') });

/** POST /v1/connectors/{instance}/runs: queues an incremental (from the stored cursors) or full harvest now. */
export function triggerHarvest(ctx: ApiContext, harvest: HarvestTrigger) {
  return async (req: Request, res: Response): Promise<void> => {
    const { instance } = parseParams(path, req.params);
    const { mode } = parseParams(body, req.body ?? {});
    parseParams(z.object({}), req.query);
    const config = ctx.connectors.find((candidate) => candidate.instance === instance);
    if (!config) throw new NotFoundError(`connector instance "${instance}"`);
    if (!config.enabled)
      throw new ConflictError('connector_disabled', `connector instance "${instance}" is disabled`);
    const { jobId } = await harvest.trigger(instance, { full: mode === 'full' });
    const queued: ApiSchema<'HarvestQueued'> = { jobId, instance, mode, queuedAt: ctx.now().toISOString() };
    res.status(202).json(queued);
  };
}
