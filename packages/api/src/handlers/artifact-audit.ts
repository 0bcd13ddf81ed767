import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { type ApiContext, artifactKeyParam } from '../context.js';
import { NotFoundError } from '../errors.js';
import { noParams, parseParams } from '../query.js';

/** GET /v1/artifacts/{artifactKey}/audit: the audit-log entries of the artifact's versions, oldest first. */
export function getArtifactAudit(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const key = artifactKeyParam(ctx, req.params.artifactKey);
    if (!(await ctx.catalogue.getArtifact(key))) throw new NotFoundError(`artifact "${key}"`);
    const entries = await ctx.catalogue.listAudit({ subjectPrefix: `${key}#`, limit: 10_000 });
    const body: ApiSchema<'AuditEntryList'> = {
      items: entries.map((entry) => ({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        payloadHash: entry.payloadHash,
        prevHash: entry.prevHash,
        entryHash: entry.entryHash,
      })),
    };
    res.json(body);
  };
}
