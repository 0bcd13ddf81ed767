import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiPrincipal, ExportsPort } from '../options.js';
import { parseParams } from '../query.js';
import { exportView } from '../views/exports.js';

const controlId = z.string().regex(/^(A\.)?[0-9]+(\.[0-9]+)*$/, 'must be a control id such as A.6.2.4');
const body = z.object({
  asOf: z.iso.datetime({ offset: true }).optional(),
  controls: z.array(controlId).min(1).max(200).optional(),
  aiSystems: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a slug'))
    .min(1)
    .max(100)
    .optional(),
});

/** POST /v1/exports: checks and queues an export; 202 with the export and its Location. */
export function createExport(exports: ExportsPort) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(z.object({}), req.query);
    const request = parseParams(body, req.body ?? {}, { lists: ['controls', 'aiSystems'] });
    const principal = res.locals.principal as ApiPrincipal | undefined;
    const record = await exports.create(request, principal ? `api-key:${principal.keyId}` : 'local');
    res
      .status(202)
      .set('Location', `/v1/exports/${encodeURIComponent(record.id)}`)
      .json(exportView(record));
  };
}
