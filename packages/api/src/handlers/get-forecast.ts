import { type CertificationAudit, certificationCalendar, nextAudit } from '@aims/scoring';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { BadRequestError } from '../errors.js';
import { forecastModels } from '../forecast/models.js';
import { integerParam, parseParams, slugParam } from '../query.js';
import { requireAiSystem } from '../views/ai-systems.js';
import { scoringContext } from '../views/context.js';
import { forecastView } from '../views/forecast.js';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DATE_TIME =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/** A date (00:00 UTC that day) or a date-time with its zone, as milliseconds. */
const atParam = z.string().transform((value, ctx) => {
  const ms = DATE.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : DATE_TIME.test(value)
      ? Date.parse(value)
      : Number.NaN;
  const real = DATE.test(value) ? new Date(ms).toISOString().slice(0, 10) === value : Number.isFinite(ms);
  if (!Number.isFinite(ms) || !real) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a date (2027-03-01) or a date-time with its zone (2027-03-01T09:00:00Z)',
    });
    return z.NEVER;
  }
  return ms;
});

const query = z.object({
  at: atParam.optional(),
  aiSystem: slugParam.optional(),
  limit: integerParam(1, 5_000).default(200),
});

const invalidAt = (message: string, detail: string): BadRequestError =>
  new BadRequestError(message, [{ path: 'at', message: detail }], { code: 'invalid_forecast_date' });

/** The instant to forecast: the one asked for (after now), else the next audit of the calendar. */
function forecastInstant(ctx: ApiContext, asked: number | undefined, now: Date): number {
  if (asked !== undefined) {
    if (asked <= now.getTime())
      throw invalidAt(
        `invalid parameters: at ${new Date(asked).toISOString()} is not after now (${now.toISOString()})`,
        `must be after now (${now.toISOString()})`,
      );
    return asked;
  }
  const next = ctx.certification ? nextAudit(ctx.certification, now) : undefined;
  if (next) return Date.parse(next.at);
  const why = ctx.certification
    ? 'the certification calendar has no audit after today (describe the new certificate under certification: in the workspace config)'
    : 'the workspace config has no certification calendar (certification.certifiedAt) to take the next audit from';
  throw invalidAt(`invalid parameters: at is needed: ${why}`, `required: ${why}`);
}

/** The audit of the calendar held on the day of `at`, if any. */
function auditOn(ctx: ApiContext, at: number): CertificationAudit | undefined {
  if (!ctx.certification) return undefined;
  const day = new Date(at).toISOString().slice(0, 10);
  return certificationCalendar(ctx.certification).find((audit) => audit.date === day);
}

/**
 * GET /v1/forecast[?at=&aiSystem=&limit=]: which controls and clauses will not be compliant at
 * `at` (default: the next audit) if no new evidence arrives, and the evidence to renew before then.
 */
export function getForecast(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    await requireAiSystem(ctx, params.aiSystem);
    const now = ctx.now();
    const at = forecastInstant(ctx, params.at, now);
    const model = await forecastModels(ctx.catalogue, ctx.library, ctx.workspace).current(params.aiSystem);
    model.setContext(await scoringContext(ctx));
    const forecast = model.forecast({ now, at, owners: ctx.owners });
    res.json(
      forecastView(forecast, {
        audit: auditOn(ctx, at),
        nextAudit: ctx.certification ? nextAudit(ctx.certification, now) : undefined,
        aiSystem: params.aiSystem,
        limit: params.limit,
      }),
    );
  };
}
