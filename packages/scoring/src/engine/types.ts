import type { ArtifactVersion, ControlStatus } from '@aims/core';
import type { AnnexCTag, NotApplicable } from '../library/model.js';

export type { ControlStatus };

/** The fields of an artifact version that scoring reads. */
export type ScorableArtifact = Pick<
  ArtifactVersion,
  'key' | 'version' | 'kind' | 'contentHash' | 'effectiveAt' | 'attributes' | 'tombstone'
>;

/** One artifact version that met a requirement. */
export interface EvidenceRef {
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
  readonly kind: string;
  readonly effectiveAt: string;
  /** When it stops counting as fresh for this requirement; absent when it never does. */
  readonly expiresAt?: string;
}

/** A matching artifact version whose freshness window has passed. */
export interface StaleEvidenceRef extends EvidenceRef {
  readonly expiredAt: string;
}

/** How one requirement of a control stands at the evaluation time. */
export interface RequirementResult {
  readonly requirementId: string;
  readonly description: string;
  readonly kinds: readonly string[];
  readonly ownerRole: string;
  readonly weight: number;
  readonly minCount: number;
  /** Matching artifacts, fresh or not. */
  readonly presentCount: number;
  readonly freshCount: number;
  readonly staleCount: number;
  /** Fresh artifacts still needed: max(0, minCount - freshCount). */
  readonly missingCount: number;
  readonly satisfied: boolean;
  /** Fresh matching versions, latest expiry first, at most explainLimit of them. */
  readonly satisfiedBy: readonly EvidenceRef[];
  /** Stale matching versions, most recently expired first, at most explainLimit of them. */
  readonly stale: readonly StaleEvidenceRef[];
}

export interface ControlResult {
  readonly controlId: string;
  readonly title: string;
  readonly objectiveId: string;
  readonly tags: readonly AnnexCTag[];
  readonly status: ControlStatus;
  /** 0-100: the mean of present and fresh. 0 for a control that is not applicable. */
  readonly coverage: number;
  /** 0-100: weighted share of required evidence that exists (min(1, present/minCount) per requirement). */
  readonly present: number;
  /** 0-100: weighted share of required evidence that exists and is fresh. */
  readonly fresh: number;
  readonly requirements: readonly RequirementResult[];
  /** Earliest moment a currently fresh matching artifact goes stale (the result changes then). */
  readonly nextExpiryAt?: string;
  /** Earliest moment coverage drops if no new evidence arrives. */
  readonly coverageDropsAt?: string;
  readonly notApplicable?: NotApplicable;
}

export interface Totals {
  readonly controls: number;
  readonly applicable: number;
  readonly compliant: number;
  readonly partiallyCompliant: number;
  readonly notCompliant: number;
  readonly notApplicable: number;
  /** Mean over applicable controls; null when none applies. */
  readonly coverage: number | null;
  readonly present: number | null;
  readonly fresh: number | null;
}

export interface ObjectiveTotals extends Totals {
  readonly objectiveId: string;
  readonly title: string;
}

export interface Evaluation {
  readonly evaluatedAt: string;
  readonly library: { readonly id: string; readonly version: string; readonly overlays: readonly string[] };
  readonly controls: readonly ControlResult[];
  readonly objectives: readonly ObjectiveTotals[];
  readonly overall: Totals;
  /** Earliest nextExpiryAt over all controls: when to evaluate again without new evidence. */
  readonly nextExpiryAt?: string;
}

export interface EvaluateOptions {
  /** How many satisfying and stale versions each requirement lists. Default 20. */
  readonly explainLimit?: number;
}
