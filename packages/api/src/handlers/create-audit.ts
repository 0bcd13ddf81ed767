import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  aiSystemsField,
  checkAiSystems,
  checkControls,
  checkEvidence,
  controlIdField,
  evidenceRefField,
  instantField,
  textField,
} from '../audits/checks.js';
import { keyOf, newRecordId, publishAndWait, recordOf } from '../audits/records.js';
import type { ApiContext } from '../context.js';
import { BadRequestError } from '../errors.js';
import { parseParams } from '../query.js';
import { auditView } from '../views/audits.js';
import { answerRecorded, storedOrExpected } from './recorded.js';

const body = z.object({
  title: textField(300),
  scope: z
    .object({
      controls: z.array(controlIdField).max(200).optional(),
      clauses: z.array(controlIdField).max(200).optional(),
      aiSystems: aiSystemsField.optional(),
    })
    .strict(),
  auditors: z.array(textField(200)).min(1).max(50),
  startedAt: instantField,
  endedAt: instantField.optional(),
  report: textField(10_000).optional(),
  reportEvidence: z.array(evidenceRefField).max(50).optional(),
});

/** POST /v1/audits: checks the scope against the library and inventory, records the audit. */
export function createAudit(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(z.object({}), req.query);
    const input = parseParams(body, req.body, { lists: ['auditors', 'reportEvidence'] });
    const { controls = [], clauses = [], aiSystems = [] } = input.scope;
    if (controls.length + clauses.length + aiSystems.length === 0)
      throw new BadRequestError('scope names nothing: give controls, clauses or aiSystems', [
        { path: 'scope', message: 'must name at least one control, clause or AI system' },
      ]);
    checkControls(ctx, controls, 'scope.controls');
    checkControls(ctx, clauses, 'scope.clauses');
    await checkAiSystems(ctx, aiSystems, 'scope.aiSystems');
    await checkEvidence(ctx, input.reportEvidence ?? [], 'reportEvidence');
    const id = newRecordId('audit');
    const attributes: Record<string, unknown> = {
      auditId: id,
      title: input.title,
      scope: { controls, clauses, aiSystems },
      auditors: input.auditors,
      startedAt: input.startedAt,
    };
    if (input.endedAt !== undefined) attributes.endedAt = input.endedAt;
    if (input.report !== undefined) attributes.report = input.report;
    if (input.reportEvidence !== undefined) attributes.reportEvidence = input.reportEvidence;
    const record = recordOf(
      ctx,
      {
        type: 'audit',
        id,
        title: input.title,
        attributes,
        aiSystems,
        effectiveAt: input.endedAt ?? input.startedAt,
      },
      ctx.now(),
    );
    const stored = await publishAndWait(ctx, record);
    answerRecorded(
      res,
      keyOf(ctx, 'audit', id),
      stored,
      auditView(storedOrExpected(record, stored), id, !!stored),
    );
  };
}
