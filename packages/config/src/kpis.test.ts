import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from './errors.js';
import { kpiMetrics } from './kpis.js';
import { parseWorkspaceConfig } from './load.js';

const base = 'workspace: acme\n';

function problems(text: string): [string, number | undefined, string][] {
  try {
    parseWorkspaceConfig(text, 'conf/aims.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => [i.path, i.line, i.message]);
    throw error;
  }
  return [];
}

describe('KPIs in the workspace config', () => {
  it('are absent unless configured (the default set then applies), and `kpis: []` turns them off', () => {
    expect(parseWorkspaceConfig(base, 'aims.yaml').kpis).toBeUndefined();
    expect(parseWorkspaceConfig(`${base}kpis: []\n`, 'aims.yaml').kpis).toEqual([]);
  });

  it('parse targets, units, the review cadence (default quarterly) and fairness params', () => {
    const config = parseWorkspaceConfig(
      `${base}kpis:
  - id: controls
    metric: controls_compliant_share
    target: { gte: 75 }
  - id: gap-age
    title: Gap age
    metric: mean_gap_age_days
    target: { lte: 14 }
    reviewCadence: P1M
  - id: fair
    metric: production_models_fairness_within
    target: { gte: 100 }
    params: { metrics: [fairness.eo_diff], max: 0.05 }
`,
      'aims.yaml',
    );
    expect(config.kpis).toEqual([
      {
        id: 'controls',
        metric: 'controls_compliant_share',
        target: { op: 'gte', value: 75 },
        reviewCadence: 'P3M',
        unit: 'percent',
      },
      {
        id: 'gap-age',
        title: 'Gap age',
        metric: 'mean_gap_age_days',
        target: { op: 'lte', value: 14 },
        reviewCadence: 'P1M',
        unit: 'days',
      },
      {
        id: 'fair',
        metric: 'production_models_fairness_within',
        target: { op: 'gte', value: 100 },
        reviewCadence: 'P3M',
        unit: 'percent',
        params: { metrics: ['fairness.eo_diff'], max: 0.05 },
      },
    ]);
  });

  it('name the file, line and problem of an unknown metric', () => {
    const text = `${base}kpis:\n  - id: velocity\n    metric: story_points_per_sprint\n    target: { gte: 3 }\n`;
    const error = (() => {
      try {
        parseWorkspaceConfig(text, 'conf/aims.yaml');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues).toEqual([
      {
        path: 'kpis.0.metric',
        line: 4,
        message: `unknown metric "story_points_per_sprint": use one of ${kpiMetrics.join(', ')}`,
      },
    ]);
    expect((error as ConfigError).message).toContain(
      'conf/aims.yaml:4 at kpis.0.metric: unknown metric "story_points_per_sprint"',
    );
  });

  it('name bad targets, params, cadences and duplicate ids with their lines', () => {
    expect(
      problems(`${base}kpis:
  - id: a
    metric: evidence_fresh_share
    target: { gte: 150 }
  - id: a
    metric: open_gaps
    target: { gte: 1, lte: 3 }
  - id: b
    metric: open_gaps
    target: { lte: 3 }
    reviewCadence: quarterly
`),
    ).toEqual([
      ['kpis.0.target', 5, 'evidence_fresh_share is a percentage: the target must be between 0 and 100'],
      ['kpis.1.target', 8, 'give exactly one of gte (at least) or lte (at most)'],
      ['kpis.2.reviewCadence', 12, 'must be an ISO 8601 duration such as P3M, P6M, P1Y or P90D'],
    ]);
    expect(
      problems(`${base}kpis:
  - id: a
    metric: open_gaps
    target: { lte: 3 }
    params: { max: 1 }
  - id: a
    metric: mean_gap_age_days
    target: { lte: -2 }
  - id: b
    metric: open_gaps
    target: { lte: 0 }
`),
    ).toEqual([
      ['kpis.0.params', 6, 'open_gaps takes no params'],
      ['kpis.1.target', 9, 'mean_gap_age_days is never negative'],
    ]);
    expect(
      problems(
        `${base}kpis:\n  - { id: a, metric: open_gaps, target: { lte: 3 } }\n  - { id: a, metric: open_gaps, target: { lte: 1 } }\n`,
      ),
    ).toEqual([['kpis.1.id', 4, "duplicate KPI id 'a' (first defined at kpis.0)"]]);
    expect(
      problems(
        `${base}kpis:\n  - id: f\n    metric: production_models_fairness_within\n    target: { gte: 90 }\n    params: { max: -1 }\n`,
      ),
    ).toEqual([['kpis.0.params.max', 6, 'Too small: expected number to be >=0']]);
  });

  it('keep the metric list equal to the KpiMetric enum of the API contract', () => {
    const contract = parse(
      readFileSync(new URL('../../../contracts/openapi/evidence-api.yaml', import.meta.url), 'utf8'),
    ) as { components: { schemas: { KpiMetric: { enum: string[] } } } };
    expect(contract.components.schemas.KpiMetric.enum).toEqual([...kpiMetrics]);
  });
});

describe('the management review cadence', () => {
  it('is optional and takes a calendar duration of at most three years', () => {
    expect(parseWorkspaceConfig(base, 'aims.yaml').managementReview).toBeUndefined();
    expect(
      parseWorkspaceConfig(`${base}managementReview: { cadence: P6M }\n`, 'aims.yaml').managementReview,
    ).toEqual({ cadence: 'P6M' });
    expect(problems(`${base}managementReview:\n  cadence: P4Y\n`)).toEqual([
      ['managementReview.cadence', 3, 'must be at most three years (P3Y)'],
    ]);
    expect(problems(`${base}managementReview:\n  cadence: 6 months\n`)).toEqual([
      ['managementReview.cadence', 3, 'must be an ISO 8601 duration such as P3M, P6M, P1Y or P90D'],
    ]);
  });
});
