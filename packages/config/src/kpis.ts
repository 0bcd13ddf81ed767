import { z } from 'zod';

/**
 * The metrics a KPI can measure, each computed by the scorer from what the catalogue knows
 * (`computeKpis` in @aims/scoring). The list is the `KpiMetric` enum of
 * contracts/openapi/evidence-api.yaml; a test keeps the two equal.
 */
export const kpiMetrics = [
  'controls_compliant_share',
  'clauses_compliant_share',
  'evidence_fresh_share',
  'mean_gap_age_days',
  'open_gaps',
  'open_nonconformities',
  'production_models_fairness_within',
] as const;
export type KpiMetricName = (typeof kpiMetrics)[number];

/** What a metric's value counts in: a percentage (0-100), days, or a count. */
export const kpiMetricUnits: Readonly<Record<KpiMetricName, 'percent' | 'days' | 'count'>> = {
  controls_compliant_share: 'percent',
  clauses_compliant_share: 'percent',
  evidence_fresh_share: 'percent',
  mean_gap_age_days: 'days',
  open_gaps: 'count',
  open_nonconformities: 'count',
  production_models_fairness_within: 'percent',
};

const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;
/** Roughly three years in days: the clauses library's floor (maxWindow P3Y) for any window. */
const MAX_DAYS = 3 * 366;

/** A calendar duration such as P3M, P6M, P1Y or P90D, at most three years. */
export const calendarDuration = z.string().superRefine((value, ctx) => {
  const match = ISO_DURATION.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 duration such as P3M, P6M, P1Y or P90D' });
    return;
  }
  const n = (i: number) => Number(match[i] ?? 0);
  const days = n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4);
  if (days === 0) ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
  else if (days > MAX_DAYS) ctx.addIssue({ code: 'custom', message: 'must be at most three years (P3Y)' });
});

const metric = z.enum(kpiMetrics, {
  error: (issue) => `unknown metric ${JSON.stringify(issue.input)}: use one of ${kpiMetrics.join(', ')}`,
});

/** The value a KPI aims at: at least (`gte`) or at most (`lte`) a number. */
const target = z
  .object({ gte: z.number().optional(), lte: z.number().optional() })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.gte === undefined) === (t.lte === undefined))
      ctx.addIssue({ code: 'custom', message: 'give exactly one of gte (at least) or lte (at most)' });
  })
  .transform((t) =>
    t.gte !== undefined ? { op: 'gte' as const, value: t.gte } : { op: 'lte' as const, value: t.lte ?? 0 },
  );

/** The group-fairness metrics the Annex A library reads (A.5.4), in the order they are tried. */
export const DEFAULT_FAIRNESS_METRICS = [
  'fairness.demographic_parity_diff',
  'demographic_parity_difference',
  'fairness.equalized_odds_diff',
] as const;

/** Parameters of production_models_fairness_within; the other metrics take none. */
const fairnessParams = z
  .object({
    /** Metric names tried in order on the evaluation (or source) run of each production model version. */
    metrics: z
      .array(z.string().min(1))
      .min(1)
      .default(() => [...DEFAULT_FAIRNESS_METRICS]),
    /** Largest absolute value that counts as within the threshold. */
    max: z.number().nonnegative().default(0.1),
  })
  .strict();

const kpi = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a slug: lowercase letters, digits and dashes'),
    title: z.string().min(1).optional(),
    metric,
    target,
    /** How often the KPI is evaluated by people (a KPI report or management review); default quarterly. */
    reviewCadence: calendarDuration.default('P3M'),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .transform((k, ctx) => {
    const { params, ...rest } = k;
    const unit = kpiMetricUnits[k.metric];
    if (unit === 'percent' && (k.target.value < 0 || k.target.value > 100))
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `${k.metric} is a percentage: the target must be between 0 and 100`,
      });
    if (unit !== 'percent' && k.target.value < 0)
      ctx.addIssue({ code: 'custom', path: ['target'], message: `${k.metric} is never negative` });
    if (k.metric !== 'production_models_fairness_within') {
      if (params !== undefined)
        ctx.addIssue({ code: 'custom', path: ['params'], message: `${k.metric} takes no params` });
      return { ...rest, unit };
    }
    const parsed = fairnessParams.safeParse(params ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['params', ...issue.path.map(String)], message: issue.message });
      return z.NEVER;
    }
    return { ...rest, unit, params: parsed.data };
  });

export type KpiConfig = z.output<typeof kpi>;

/**
 * The KPIs of a workspace. Absent: the default set (`DEFAULT_KPIS` in @aims/scoring, applied by
 * `kpisOrDefault`); `kpis: []` turns them off.
 */
export const kpisSchema = z
  .array(kpi)
  .optional()
  .superRefine((kpis, ctx) => {
    const seen = new Map<string, number>();
    kpis?.forEach((k, index) => {
      const first = seen.get(k.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `duplicate KPI id '${k.id}' (first defined at kpis.${first})`,
        });
      else seen.set(k.id, index);
    });
  });

/** Management reviews (clause 9.3): how often top management must review the AI management system. */
export const managementReviewSchema = z
  .object({
    /**
     * The longest time between two approved management reviews; sets the window of clause 9.3's
     * requirement, so a review missing within it fails the clause and opens a gap. Default: the
     * library's own (a year).
     */
    cadence: calendarDuration,
  })
  .strict();

export type ManagementReviewConfig = z.output<typeof managementReviewSchema>;
