import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type ApiContext, artifactKeyParam } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { NotFoundError } from '../errors.js';
import { cursorParam, limitParam, parseParams } from '../query.js';

const query = z.object({ limit: limitParam, cursor: cursorParam });

/** GET /v1/artifacts/{artifactKey}/versions: newest first. */
export function listArtifactVersions(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const key = artifactKeyParam(ctx, req.params.artifactKey);
    const params = parseParams(query, req.query);
    const versions = await ctx.catalogue.listVersions(key);
    if (versions.length === 0) throw new NotFoundError(`artifact "${key}"`);
    const body: ApiSchema<'ArtifactVersionPage'> = pageByOffset(
      [...versions].reverse(),
      params.limit,
      params.cursor,
    );
    res.json(body);
  };
}
