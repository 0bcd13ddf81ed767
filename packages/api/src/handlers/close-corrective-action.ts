import { API_SOURCE } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { checkEvidence, evidenceRefField, instantField, recordIdField, textField } from '../audits/checks.js';
import { keyOf, publishAndWait, recordOf } from '../audits/records.js';
import { readTrail } from '../audits/trail.js';
import type { ApiContext } from '../context.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import { parseParams } from '../query.js';
import { correctiveActionView } from '../views/audits.js';
import { answerRecorded, storedOrExpected } from './recorded.js';

const path = z.object({ actionId: recordIdField });
const body = z.object({
  closureEvidence: z.array(evidenceRefField).max(200),
  verifiedBy: textField(200),
  verifiedAt: instantField.optional(),
  changes: textField(10_000).optional(),
});

/**
 * POST /v1/corrective-actions/{actionId}/close: closes an action recorded through this API with
 * closure evidence (required, in the catalogue) and records who verified it and when.
 */
export function closeCorrectiveAction(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(z.object({}), req.query);
    const { actionId } = parseParams(path, req.params);
    const input = parseParams(body, req.body, { lists: ['closureEvidence'] });
    if (input.closureEvidence.length === 0)
      throw new UnprocessableError(
        'closure_evidence_required',
        `corrective action "${actionId}" cannot be closed without closure evidence: name the artifact versions that show it worked`,
        [
          {
            path: 'closureEvidence',
            message: 'must name at least one artifact version ({artifactKey, version})',
          },
        ],
      );
    const trail = await readTrail(ctx);
    const entry = trail.action(actionId);
    if (!entry) throw new NotFoundError(`corrective action "${actionId}"`);
    if (entry.artifact.sourceInstance !== API_SOURCE.instance)
      throw new ConflictError(
        'conflict',
        `corrective action "${actionId}" is kept in source "${entry.artifact.sourceInstance}" (${entry.artifact.key}); close it there`,
      );
    if (entry.record.closed)
      throw new ConflictError('conflict', `corrective action "${actionId}" is already closed`);
    await checkEvidence(ctx, input.closureEvidence, 'closureEvidence');
    const now = ctx.now().toISOString();
    const attributes: Record<string, unknown> = {
      ...entry.artifact.attributes,
      status: 'closed',
      closureEvidence: input.closureEvidence,
      closedAt: now,
      verifiedBy: input.verifiedBy,
      verifiedAt: input.verifiedAt ?? now,
    };
    if (input.changes !== undefined) attributes.changes = input.changes;
    const record = recordOf(
      ctx,
      {
        type: 'action',
        id: actionId,
        title: entry.artifact.title ?? `Corrective action ${actionId}`,
        attributes,
        aiSystems: entry.artifact.aiSystems,
        ...(entry.artifact.owner === undefined ? {} : { owner: entry.artifact.owner }),
        effectiveAt: now,
      },
      ctx.now(),
    );
    const stored = await publishAndWait(ctx, record);
    answerRecorded(
      res,
      keyOf(ctx, 'action', actionId),
      stored,
      correctiveActionView(
        storedOrExpected(record, stored),
        actionId,
        entry.record.findingId,
        true,
        !!stored,
      ),
      200,
    );
  };
}
