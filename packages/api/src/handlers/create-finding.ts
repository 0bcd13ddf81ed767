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
  recordIdField,
  textField,
} from '../audits/checks.js';
import { keyOf, newRecordId, publishAndWait, recordOf } from '../audits/records.js';
import { readTrail } from '../audits/trail.js';
import type { ApiContext } from '../context.js';
import { UnprocessableError } from '../errors.js';
import { parseParams } from '../query.js';
import { findingView } from '../views/audits.js';
import { answerRecorded, storedOrExpected } from './recorded.js';

const body = z.object({
  auditId: recordIdField,
  grade: z.enum(['conformity', 'minor_nonconformity', 'major_nonconformity', 'observation']),
  controls: z.array(controlIdField).min(1).max(200),
  description: textField(10_000),
  evidence: z.array(evidenceRefField).max(200).optional(),
  aiSystems: aiSystemsField.optional(),
  raisedAt: instantField.optional(),
});

/**
 * POST /v1/findings: a graded finding of a known audit on known controls or clauses, naming the
 * evidence versions examined; it names the AI systems of the audit's scope unless told otherwise.
 */
export function createFinding(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(z.object({}), req.query);
    const input = parseParams(body, req.body, { lists: ['controls', 'evidence', 'aiSystems'] });
    const trail = await readTrail(ctx);
    const audit = trail.audit(input.auditId);
    if (!audit)
      throw new UnprocessableError('unknown_audit', `auditId names no known audit: "${input.auditId}"`, [
        { path: 'auditId', message: `no audit "${input.auditId}" in this workspace (POST /v1/audits first)` },
      ]);
    const controls = [...new Set(input.controls)];
    checkControls(ctx, controls, 'controls');
    await checkEvidence(ctx, input.evidence ?? [], 'evidence');
    if (input.aiSystems) await checkAiSystems(ctx, input.aiSystems, 'aiSystems');
    const scope = (audit.artifact.attributes.scope ?? {}) as { aiSystems?: unknown };
    const aiSystems =
      input.aiSystems ??
      (Array.isArray(scope.aiSystems)
        ? scope.aiSystems.filter((id): id is string => typeof id === 'string')
        : []);
    const id = newRecordId('finding');
    const attributes: Record<string, unknown> = {
      findingId: id,
      auditId: input.auditId,
      grade: input.grade,
      controls,
      description: input.description,
      evidence: input.evidence ?? [],
      raisedAt: input.raisedAt ?? ctx.now().toISOString(),
    };
    const title = `${input.grade.replace('_', ' ')} ${id} (${controls.join(', ')})`;
    const record = recordOf(ctx, { type: 'finding', id, title, attributes, aiSystems }, ctx.now());
    const stored = await publishAndWait(ctx, record);
    const open =
      input.grade === 'major_nonconformity' || input.grade === 'minor_nonconformity' ? true : undefined;
    answerRecorded(
      res,
      keyOf(ctx, 'finding', id),
      stored,
      findingView(storedOrExpected(record, stored), id, open, !!stored),
    );
  };
}
