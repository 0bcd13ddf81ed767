import type { ApiSchema } from '@aims/core';
import type { Evaluation, ScorableArtifact } from '../engine/types.js';

/** What a KPI measures (the `KpiMetric` enum of the evidence API contract). */
export type KpiMetric = ApiSchema<'KpiMetric'>;
export type KpiTarget = ApiSchema<'KpiTarget'>;
export type KpiUnit = ApiSchema<'Kpi'>['unit'];

/** A KPI as the workspace config defines it (structurally, `@aims/config`'s KpiConfig). */
export interface KpiDefinition {
  readonly id: string;
  readonly title?: string | undefined;
  readonly metric: KpiMetric;
  readonly target: Readonly<KpiTarget>;
  /** ISO 8601 duration between two reviews of the KPI by people, e.g. P3M. */
  readonly reviewCadence: string;
  /** production_models_fairness_within: metric names tried in order, and the largest absolute value within. */
  readonly params?: { readonly metrics: readonly string[]; readonly max: number } | undefined;
}

/** What the KPIs are computed from: one evaluation of the workspace, its open gaps and its evidence. */
export interface KpiInputs {
  readonly evaluation: Pick<Evaluation, 'controls' | 'overall' | 'clauses'>;
  /** The workspace's own open gaps (not an AI system's view). */
  readonly openGaps: readonly { readonly openedAt: string }[];
  /** The current versions (tombstones are skipped). */
  readonly artifacts: Iterable<ScorableArtifact>;
  readonly now: string | Date | number;
}

/** One KPI computed at one instant. */
export interface KpiValue {
  readonly kpiId: string;
  readonly title: string;
  readonly metric: KpiMetric;
  readonly unit: KpiUnit;
  /** Null when there is nothing to measure (no applicable controls, no production models). */
  readonly value: number | null;
  readonly target: KpiTarget;
  /** Null without a value. */
  readonly met: boolean | null;
  /** What the value is made of ("31 of 37 applicable Annex A controls"), or why there is none. */
  readonly note: string;
  readonly reviewCadence: string;
  /** The latest approved KPI report or management review, if any. */
  readonly lastReviewedAt?: string;
  /** One cadence after the last review; absent when there was none (a review is due at once). */
  readonly nextReviewAt?: string;
}
