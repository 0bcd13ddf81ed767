import type { KpiValueRecord } from '@aims/catalogue';
import type { ApiSchema } from '@aims/core';
import { addDuration, KPI_METRICS, type KpiDefinition, kpisOrDefault, parseDuration } from '@aims/scoring';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { integerParam, parseParams } from '../query.js';

const query = z.object({ history: integerParam(0, 1_000).default(20) });

type Kpi = ApiSchema<'Kpi'>;

const meets = (value: number | null, target: KpiDefinition['target']): boolean | null =>
  value === null ? null : target.op === 'gte' ? value >= target.value : value <= target.value;

/**
 * One KPI as the config defines it now, with the values the scorer recorded: met is held against
 * the configured target and the next review is one configured cadence after the last review, so a
 * changed config shows at once; value, note and history are what was computed.
 */
function view(
  definition: KpiDefinition,
  entries: readonly KpiValueRecord[],
  now: number,
  history: number,
): Kpi {
  const [current] = entries;
  const known = KPI_METRICS[definition.metric] as (typeof KPI_METRICS)[KpiDefinition['metric']] | undefined;
  const base: Kpi = {
    id: definition.id,
    title: definition.title ?? current?.title ?? known?.title ?? definition.id,
    metric: definition.metric,
    unit: known?.unit ?? current?.unit ?? 'count',
    target: { op: definition.target.op, value: definition.target.value },
    reviewCadence: definition.reviewCadence,
    value: current?.value ?? null,
    met: meets(current?.value ?? null, definition.target),
    history: entries.slice(0, history).map((entry) => ({
      since: entry.since,
      computedAt: entry.computedAt,
      value: entry.value,
      met: meets(entry.value, definition.target),
    })),
  };
  if (!current) return { ...base, note: 'not computed yet: the scorer has not scored the workspace with it' };
  const out: Kpi = { ...base, computedAt: current.computedAt, since: current.since, note: current.note };
  // Never reviewed: a review is due at once.
  if (current.lastReviewedAt === undefined) return { ...out, reviewOverdue: true };
  const cadence = parseDuration(definition.reviewCadence);
  const reviewed = Date.parse(current.lastReviewedAt);
  const nextReviewAt = cadence
    ? new Date(addDuration(reviewed, cadence)).toISOString()
    : current.nextReviewAt;
  return {
    ...out,
    lastReviewedAt: current.lastReviewedAt,
    ...(nextReviewAt === undefined ? {} : { nextReviewAt }),
    reviewOverdue: nextReviewAt === undefined || Date.parse(nextReviewAt) <= now,
  };
}

/**
 * GET /v1/kpis[?history=]: the workspace's KPIs in the order of its config (the default set when it
 * names none), each with its latest
 * value, target, whether it is met, when it was computed and is next due for review, and its
 * newest history entries (one per change of value).
 */
export function listKpis(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    const entries = await ctx.catalogue.listKpiValues(ctx.workspace, { limit: Math.max(1, params.history) });
    const byKpi = new Map<string, KpiValueRecord[]>();
    for (const entry of entries) byKpi.set(entry.kpiId, [...(byKpi.get(entry.kpiId) ?? []), entry]);
    const definitions = kpisOrDefault(ctx.kpis);
    const now = ctx.now().getTime();
    const items = definitions.map((definition) =>
      view(definition, byKpi.get(definition.id) ?? [], now, params.history),
    );
    const computed = items.flatMap((item) => (item.computedAt === undefined ? [] : [item.computedAt])).sort();
    const body: ApiSchema<'KpiList'> = {
      items,
      ...(computed.length > 0 ? { computedAt: computed[computed.length - 1] as string } : {}),
    };
    res.json(body);
  };
}
