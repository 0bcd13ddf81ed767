import type { Request, Response } from 'express';
import { z } from 'zod';
import { instantField, recordIdField, textField } from '../audits/checks.js';
import { keyOf, newRecordId, publishAndWait, recordOf } from '../audits/records.js';
import { readTrail } from '../audits/trail.js';
import type { ApiContext } from '../context.js';
import { UnprocessableError } from '../errors.js';
import { parseParams } from '../query.js';
import { correctiveActionView } from '../views/audits.js';
import { answerRecorded, storedOrExpected } from './recorded.js';

const body = z.object({
  findingId: recordIdField,
  rootCause: textField(10_000),
  owner: textField(200),
  dueAt: instantField,
  changes: textField(10_000).optional(),
});

/** POST /v1/corrective-actions: the action on a known nonconformity, open until closed. */
export function createCorrectiveAction(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(z.object({}), req.query);
    const input = parseParams(body, req.body);
    const trail = await readTrail(ctx);
    const finding = trail.finding(input.findingId);
    if (!finding)
      throw new UnprocessableError(
        'unknown_finding',
        `findingId names no known finding: "${input.findingId}"`,
        [{ path: 'findingId', message: `no finding "${input.findingId}" in this workspace` }],
      );
    if (trail.isOpen(input.findingId) === undefined)
      throw new UnprocessableError(
        'not_a_nonconformity',
        `finding "${input.findingId}" is graded ${finding.record.grade}; corrective actions answer nonconformities`,
        [{ path: 'findingId', message: `finding is a ${finding.record.grade}, not a nonconformity` }],
      );
    const id = newRecordId('action');
    const attributes: Record<string, unknown> = {
      actionId: id,
      findingId: input.findingId,
      rootCause: input.rootCause,
      owner: input.owner,
      dueAt: input.dueAt,
      status: 'open',
      closureEvidence: [],
    };
    if (input.changes !== undefined) attributes.changes = input.changes;
    const record = recordOf(
      ctx,
      {
        type: 'action',
        id,
        title: `Corrective action ${id} on ${input.findingId}`,
        attributes,
        aiSystems: finding.artifact.aiSystems,
        owner: input.owner,
      },
      ctx.now(),
    );
    const stored = await publishAndWait(ctx, record);
    answerRecorded(
      res,
      keyOf(ctx, 'action', id),
      stored,
      correctiveActionView(storedOrExpected(record, stored), id, input.findingId, false, !!stored),
    );
  };
}
