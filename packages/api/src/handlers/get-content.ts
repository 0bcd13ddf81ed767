import type { Request, Response } from 'express';
import { z } from 'zod';
import { type ApiContext, artifactKeyParam } from '../context.js';
import { NotFoundError } from '../errors.js';
import { integerParam, noParams, parseParams } from '../query.js';

const path = z.object({ artifactKey: z.string(), version: integerParam(1, Number.MAX_SAFE_INTEGER) });

/**
 * GET /v1/artifacts/{key}/versions/{version}/content: the evidence bytes as harvested, streamed
 * from the blob store with their media type; the ETag is their SHA-256, so a client that has them
 * gets 304.
 */
export function getVersionContent(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const key = artifactKeyParam(ctx, req.params.artifactKey);
    const { version } = parseParams(path, req.params);
    const found = await ctx.catalogue.getVersion(key, version);
    if (!found) throw new NotFoundError(`version ${version} of artifact "${key}"`);
    const content = found.content;
    if (!content) throw new NotFoundError(`content of version ${version} of artifact "${key}" (it has none)`);
    if (!content.blobKey || !ctx.blobs)
      throw new NotFoundError(`content of version ${version} of artifact "${key}" (it was not stored)`);
    const etag = `"${content.sha256}"`;
    res.set('ETag', etag);
    res.set('Cache-Control', 'private, max-age=0, must-revalidate');
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    const opened = await ctx.blobs.openRead(content.blobKey);
    if (!opened)
      throw new NotFoundError(
        `content of version ${version} of artifact "${key}" (missing from the blob store)`,
      );
    res.set('Content-Type', content.mediaType);
    res.set('Content-Length', String(content.size));
    // Evidence is data to look at, never a page to run: no sniffing, no scripts.
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Content-Security-Policy', "default-src 'none'; sandbox");
    res.set('Content-Disposition', 'inline');
    await new Promise<void>((resolve, reject) => {
      opened.body.once('error', reject);
      res.once('finish', resolve);
      res.once('close', resolve);
      opened.body.pipe(res);
    });
  };
}
