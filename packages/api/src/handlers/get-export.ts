import { pipeline } from 'node:stream/promises';
import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { pageByOffset } from '../cursor.js';
import type { ExportsPort } from '../options.js';
import { booleanParam, cursorParam, limitParam, noParams, parseParams } from '../query.js';
import { exportView } from '../views/exports.js';

const path = z.object({ exportId: z.uuid('must be an export id (a UUID)') });
const listQuery = z.object({ limit: limitParam, cursor: cursorParam });

/** GET /v1/exports/{id}: its state, and when done its bundle's size, hash, signature and download. */
export function getExport(exports: ExportsPort) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const { exportId } = parseParams(path, req.params);
    res.json(exportView(await exports.get(exportId)));
  };
}

/** GET /v1/exports: the workspace's exports, newest first. */
export function listExports(exports: ExportsPort) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(listQuery, req.query);
    const records = await exports.list(1_000);
    const body: ApiSchema<'ExportPage'> = pageByOffset(records.map(exportView), params.limit, params.cursor);
    res.json(body);
  };
}

const downloadQuery = z.object({ redirect: booleanParam.default(true) });

/**
 * GET /v1/exports/{id}/download: the bundle. A store that hands out URLs (S3) answers with a
 * redirect to a presigned, expiring one, unless `redirect=false`; the folder store is streamed.
 */
export function downloadExport(exports: ExportsPort) {
  return async (req: Request, res: Response): Promise<void> => {
    const { redirect } = parseParams(downloadQuery, req.query);
    const { exportId } = parseParams(path, req.params);
    const download = await exports.download(exportId, { redirect });
    if (download.kind === 'url') {
      res.set('Cache-Control', 'no-store').redirect(302, download.url);
      return;
    }
    res.set({
      'Content-Type': 'application/zip',
      'Content-Length': String(download.size),
      'Content-Disposition': `attachment; filename="${download.name}"`,
      ETag: `"${download.sha256}"`,
    });
    try {
      // pipeline closes the store's stream when the client goes away mid-download, so an
      // abandoned download holds no file or S3 connection open.
      await pipeline(download.body, res);
    } catch (error) {
      // The client left: nothing to answer. A store failing mid-way reaches the error handler,
      // which closes the connection short of Content-Length, so the client sees it fail.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  };
}
