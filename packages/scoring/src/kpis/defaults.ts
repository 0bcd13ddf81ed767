import type { KpiDefinition } from './types.js';

/**
 * The KPIs of a workspace whose config names none (`kpis:` absent; `kpis: []` turns them off):
 * what the catalogue can always tell, with targets a first certification cycle can aim at.
 */
export const DEFAULT_KPIS: readonly KpiDefinition[] = [
  {
    id: 'controls-compliant',
    title: 'Annex A controls compliant',
    metric: 'controls_compliant_share',
    target: { op: 'gte', value: 80 },
    reviewCadence: 'P3M',
  },
  {
    id: 'clauses-compliant',
    title: 'Clauses 4 to 10 compliant',
    metric: 'clauses_compliant_share',
    target: { op: 'gte', value: 90 },
    reviewCadence: 'P3M',
  },
  {
    id: 'evidence-fresh',
    title: 'Evidence fresh',
    metric: 'evidence_fresh_share',
    target: { op: 'gte', value: 90 },
    reviewCadence: 'P3M',
  },
  {
    id: 'mean-gap-age',
    title: 'Mean age of open gaps',
    metric: 'mean_gap_age_days',
    target: { op: 'lte', value: 30 },
    reviewCadence: 'P3M',
  },
  {
    id: 'open-nonconformities',
    title: 'Open nonconformities',
    metric: 'open_nonconformities',
    target: { op: 'lte', value: 0 },
    reviewCadence: 'P3M',
  },
  {
    id: 'production-fairness',
    title: 'Production models within their fairness threshold',
    metric: 'production_models_fairness_within',
    target: { op: 'gte', value: 100 },
    reviewCadence: 'P3M',
    params: {
      metrics: [
        'fairness.demographic_parity_diff',
        'demographic_parity_difference',
        'fairness.equalized_odds_diff',
      ],
      max: 0.1,
    },
  },
];

/** The configured KPIs, or the default set when the config names none. */
export function kpisOrDefault<T extends { id: string }>(
  kpis: readonly T[] | undefined,
): readonly (T | KpiDefinition)[] {
  return kpis ?? DEFAULT_KPIS;
}
