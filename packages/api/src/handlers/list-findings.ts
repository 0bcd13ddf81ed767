import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { controlIdField } from '../audits/checks.js';
import { readTrail } from '../audits/trail.js';
import type { ApiContext } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { booleanParam, cursorParam, limitParam, parseParams } from '../query.js';
import { findingViews } from '../views/audits.js';

const query = z.object({
  auditId: z.string().min(1).max(200).optional(),
  grade: z.enum(['conformity', 'minor_nonconformity', 'major_nonconformity', 'observation']).optional(),
  control: controlIdField.optional(),
  open: booleanParam.optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** GET /v1/findings: findings from every source (API, documents, Jira), with whether each is open. */
export function listFindings(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const views = findingViews(await readTrail(ctx))
      .filter(
        (view) =>
          (params.auditId === undefined || view.auditId === params.auditId) &&
          (params.grade === undefined || view.grade === params.grade) &&
          (params.control === undefined || view.controls.includes(params.control)) &&
          (params.open === undefined || view.open === params.open),
      )
      .sort((a, b) => a.id.localeCompare(b.id) || a.artifactKey.localeCompare(b.artifactKey));
    const body: ApiSchema<'FindingPage'> = pageByOffset(views, params.limit, params.cursor);
    res.json(body);
  };
}
