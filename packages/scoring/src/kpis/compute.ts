import { compilePath, lookupPath } from '../attributes/path.js';
import { addDuration, parseDuration } from '../duration.js';
import type { ScorableArtifact, Totals } from '../engine/types.js';
import { ScoringInputError } from '../errors.js';
import { toMillis } from '../time.js';
import type { KpiDefinition, KpiInputs, KpiMetric, KpiUnit, KpiValue } from './types.js';

const DAY_MS = 86_400_000;
const round2 = (value: number): number => Math.round(value * 100) / 100;
const percent = (part: number, whole: number): number => round2((part / whole) * 100);

/** What each metric counts in, and what it is called when the config gives no title. */
export const KPI_METRICS: Readonly<Record<KpiMetric, { unit: KpiUnit; title: string }>> = {
  controls_compliant_share: { unit: 'percent', title: 'Annex A controls compliant' },
  clauses_compliant_share: { unit: 'percent', title: 'Clauses 4 to 10 compliant' },
  evidence_fresh_share: { unit: 'percent', title: 'Evidence fresh' },
  mean_gap_age_days: { unit: 'days', title: 'Mean age of open gaps' },
  open_gaps: { unit: 'count', title: 'Open gaps' },
  open_nonconformities: { unit: 'count', title: 'Open nonconformities' },
  production_models_fairness_within: {
    unit: 'percent',
    title: 'Production models within their fairness threshold',
  },
};

/** Grades of an audit finding that make it a nonconformity (clause 10.2). */
const NONCONFORMITY_GRADES = new Set(['minor_nonconformity', 'major_nonconformity']);
/** Records in which people evaluate the KPIs (clauses 9.1 and 9.3). */
const REVIEW_DOC_TYPES = new Set(['kpi-report', 'management-review']);
const REVIEW_DATES = ['reviewedAt', 'approvedAt', 'effectiveDate'] as const;

interface Measure {
  value: number | null;
  note: string;
}

interface Evidence {
  /** The current, live versions by kind. */
  byKind(kind: string): readonly ScorableArtifact[];
}

function evidenceOf(artifacts: Iterable<ScorableArtifact>): Evidence {
  const kinds = new Map<string, ScorableArtifact[]>();
  for (const artifact of artifacts) {
    if (artifact.tombstone) continue;
    const list = kinds.get(artifact.kind) ?? [];
    list.push(artifact);
    kinds.set(artifact.kind, list);
  }
  return { byKind: (kind) => kinds.get(kind) ?? [] };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function compliantShare(totals: Totals, what: string): Measure {
  if (totals.applicable === 0) return { value: null, note: `no applicable ${what}` };
  return {
    value: percent(totals.compliant, totals.applicable),
    note: `${totals.compliant} of ${totals.applicable} applicable ${what} compliant`,
  };
}

function evidenceFresh(inputs: KpiInputs): Measure {
  let present = 0;
  let fresh = 0;
  for (const control of inputs.evaluation.controls) {
    if (control.status === 'not_applicable') continue;
    for (const requirement of control.requirements) {
      if (requirement.counts !== 'for') continue;
      present += requirement.presentCount;
      fresh += requirement.freshCount;
    }
  }
  if (present === 0) return { value: null, note: 'no evidence meets a requirement of an applicable control' };
  return { value: percent(fresh, present), note: `${fresh} of ${present} matching versions fresh` };
}

function meanGapAge(inputs: KpiInputs, now: number): Measure {
  const gaps = inputs.openGaps;
  if (gaps.length === 0) return { value: 0, note: 'no open gaps' };
  const days = gaps.reduce((sum, gap) => sum + Math.max(0, now - toMillis(gap.openedAt, 'openedAt')), 0);
  return { value: round2(days / gaps.length / DAY_MS), note: `over ${gaps.length} open gaps` };
}

/**
 * audit.finding versions graded as a nonconformity whose finding no closed audit.corrective-action
 * names. Attributes are read defensively: a finding without an id can never be closed.
 */
function openNonconformities(evidence: Evidence): Measure {
  const closed = new Set<string>();
  for (const action of evidence.byKind('audit.corrective-action')) {
    const finding = text(action.attributes.findingId);
    if (finding !== undefined && action.attributes.status === 'closed') closed.add(finding);
  }
  let nonconformities = 0;
  let open = 0;
  for (const finding of evidence.byKind('audit.finding')) {
    if (!NONCONFORMITY_GRADES.has(String(finding.attributes.grade))) continue;
    nonconformities++;
    const id = text(finding.attributes.findingId);
    if (id === undefined || !closed.has(id)) open++;
  }
  return {
    value: open,
    note: `${open} of ${nonconformities} nonconformities without a closed corrective action`,
  };
}

/** The first of `names` the run logged as a number. */
function metricOf(run: ScorableArtifact | undefined, names: readonly string[]): number | undefined {
  const metrics = run?.attributes.metrics;
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) return undefined;
  for (const name of names) {
    const value = lookupPath(metrics as Record<string, unknown>, compilePath(name));
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

function productionFairness(evidence: Evidence, params: KpiDefinition['params']): Measure {
  const names = params?.metrics ?? ['fairness.demographic_parity_diff'];
  const max = params?.max ?? 0.1;
  const runs = new Map<string, ScorableArtifact>();
  for (const run of evidence.byKind('ml.run')) {
    const id = text(run.attributes.runId);
    if (id !== undefined) runs.set(id, run);
  }
  const models = evidence.byKind('ml.model-version').filter((model) => model.attributes.production === true);
  if (models.length === 0) return { value: null, note: 'no production model versions' };
  let within = 0;
  let unmeasured = 0;
  for (const model of models) {
    const evaluation = runs.get(text(model.attributes.evaluationRunId) ?? '');
    const source = runs.get(text(model.attributes.sourceRunId) ?? '');
    const value = metricOf(evaluation, names) ?? metricOf(source, names);
    if (value === undefined) unmeasured++;
    else if (Math.abs(value) <= max) within++;
  }
  const missing = unmeasured > 0 ? `; ${unmeasured} without ${names.join(' or ')}` : '';
  return {
    value: percent(within, models.length),
    note: `${within} of ${models.length} production model versions within ${max}${missing}`,
  };
}

/** The latest of a record's own dates (reviewedAt, approvedAt, effectiveDate), else its effectiveAt. */
function recordDate(record: ScorableArtifact): number | undefined {
  let latest: number | undefined;
  for (const field of REVIEW_DATES) {
    const value = text(record.attributes[field]);
    const ms = value === undefined ? Number.NaN : Date.parse(value);
    if (Number.isFinite(ms) && (latest === undefined || ms > latest)) latest = ms;
  }
  if (latest !== undefined) return latest;
  const effective = Date.parse(record.effectiveAt);
  return Number.isFinite(effective) ? effective : undefined;
}

/** The latest approved (with its approver) KPI report or management review, not after now. */
function lastReview(evidence: Evidence, now: number): number | undefined {
  let latest: number | undefined;
  for (const record of evidence.byKind('record.document')) {
    const a = record.attributes;
    if (!REVIEW_DOC_TYPES.has(String(a.docType)) || a.approved !== true || text(a.approvedBy) === undefined)
      continue;
    const at = recordDate(record);
    if (at !== undefined && at <= now && (latest === undefined || at > latest)) latest = at;
  }
  return latest;
}

function measure(definition: KpiDefinition, inputs: KpiInputs, evidence: Evidence, now: number): Measure {
  switch (definition.metric) {
    case 'controls_compliant_share':
      return compliantShare(inputs.evaluation.overall, 'Annex A controls');
    case 'clauses_compliant_share':
      return compliantShare(inputs.evaluation.clauses, 'clauses');
    case 'evidence_fresh_share':
      return evidenceFresh(inputs);
    case 'mean_gap_age_days':
      return meanGapAge(inputs, now);
    case 'open_gaps':
      return { value: inputs.openGaps.length, note: `${inputs.openGaps.length} open gaps` };
    case 'open_nonconformities':
      return openNonconformities(evidence);
    case 'production_models_fairness_within':
      return productionFairness(evidence, definition.params);
  }
}

const meets = (value: number | null, target: KpiDefinition['target']): boolean | null =>
  value === null ? null : target.op === 'gte' ? value >= target.value : value <= target.value;

/**
 * The KPIs of a workspace at `inputs.now`, in the order given: each metric measured over one
 * evaluation, the open gaps and the current evidence, held against its target, with when people
 * are next due to review it (one review cadence after the latest approved KPI report or
 * management review; none when there was none, so a review is due at once). Pure: the same inputs give the same values.
 */
export function computeKpis(definitions: readonly KpiDefinition[], inputs: KpiInputs): KpiValue[] {
  const now = toMillis(inputs.now, 'now');
  const evidence = evidenceOf(inputs.artifacts);
  const reviewed = lastReview(evidence, now);
  return definitions.map((definition) => {
    const cadence = parseDuration(definition.reviewCadence);
    if (!cadence)
      throw new ScoringInputError(
        `KPI ${definition.id}: reviewCadence "${definition.reviewCadence}" is not an ISO 8601 duration`,
        '/reviewCadence',
      );
    const { value, note } = measure(definition, inputs, evidence, now);
    const out: KpiValue = {
      kpiId: definition.id,
      title: definition.title ?? KPI_METRICS[definition.metric].title,
      metric: definition.metric,
      unit: KPI_METRICS[definition.metric].unit,
      value,
      target: { op: definition.target.op, value: definition.target.value },
      met: meets(value, definition.target),
      note,
      reviewCadence: definition.reviewCadence,
    };
    if (reviewed === undefined) return out;
    return {
      ...out,
      lastReviewedAt: new Date(reviewed).toISOString(),
      nextReviewAt: new Date(addDuration(reviewed, cadence)).toISOString(),
    };
  });
}
