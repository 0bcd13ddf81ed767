import type { Request, Response } from 'express';
import { z } from 'zod';
import { type ApiContext, artifactKeyParam } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseParams } from '../query.js';

const path = z.object({ artifactKey: z.string(), version: z.coerce.number().int().min(1) });

/** GET /v1/artifacts/{artifactKey}/versions/{version}. */
export function getArtifactVersion(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const key = artifactKeyParam(ctx, req.params.artifactKey);
    const { version } = parseParams(path, req.params);
    const found = await ctx.catalogue.getVersion(key, version);
    if (!found) throw new NotFoundError(`version ${version} of artifact "${key}"`);
    res.json(found);
  };
}
