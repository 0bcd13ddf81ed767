import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { readTrail } from '../audits/trail.js';
import type { ApiContext } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { cursorParam, limitParam, parseParams } from '../query.js';
import { auditView } from '../views/audits.js';

const query = z.object({ limit: limitParam, cursor: cursorParam });

/** GET /v1/audits: internal audits from every source, latest start first. */
export function listAudits(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const trail = await readTrail(ctx);
    const views = trail.audits
      .map(({ artifact, record }) => auditView(artifact, record.auditId))
      .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.id.localeCompare(b.id));
    const body: ApiSchema<'AuditPage'> = pageByOffset(views, params.limit, params.cursor);
    res.json(body);
  };
}
