import type { Request, Response } from 'express';
import { z } from 'zod';
import { type ApiContext, artifactKeyParam } from '../context.js';
import { NotFoundError } from '../errors.js';
import { integerParam, noParams, parseParams } from '../query.js';

const path = z.object({ artifactKey: z.string(), version: integerParam(1, Number.MAX_SAFE_INTEGER) });

/** GET /v1/artifacts/{artifactKey}/versions/{version}. */
export function getArtifactVersion(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const key = artifactKeyParam(ctx, req.params.artifactKey);
    const { version } = parseParams(path, req.params);
    const found = await ctx.catalogue.getVersion(key, version);
    if (!found) throw new NotFoundError(`version ${version} of artifact "${key}"`);
    res.json(found);
  };
}
