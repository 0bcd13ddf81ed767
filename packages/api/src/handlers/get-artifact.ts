import type { Request, Response } from 'express';
import { type ApiContext, artifactKeyParam } from '../context.js';
import { NotFoundError } from '../errors.js';
import { noParams, parseParams } from '../query.js';
import { artifactView } from '../views/artifacts.js';
import { scoringContext } from '../views/context.js';

/** GET /v1/artifacts/{artifactKey}: the latest version (tombstoned or not) and the controls it supports. */
export function getArtifact(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const key = artifactKeyParam(ctx, req.params.artifactKey);
    const latest = await ctx.catalogue.getArtifact(key);
    if (!latest) throw new NotFoundError(`artifact "${key}"`);
    res.json(artifactView(latest, ctx.library, ctx.now(), await scoringContext(ctx)));
  };
}
