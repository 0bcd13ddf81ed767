import type { ArtifactKind } from '@aims/core';
import type { FreshnessDuration } from '../duration.js';
import type { AnnexCTag, Predicate } from '../generated/control-library.js';

export type { AnnexCTag, Predicate };

/**
 * The library as the engine uses it: loaded from contracts/controls/*.yaml (the file shapes are
 * generated from control-library.schema.json), with defaults applied, windows parsed and overlays
 * merged.
 */
export interface Requirement {
  readonly id: string;
  readonly description: string;
  readonly kinds: readonly ArtifactKind[];
  readonly where: readonly Predicate[];
  readonly minCount: number;
  /** Window per kind; a kind without one stays fresh while the artifact exists. */
  readonly freshness: Readonly<Partial<Record<ArtifactKind, FreshnessDuration>>>;
  readonly weight: number;
  readonly ownerRole: string;
  /** The library id or overlay name that defined this requirement. */
  readonly origin: string;
}

/** A control excluded in the Statement of Applicability. */
export interface NotApplicable {
  readonly justification: string;
  /** The overlay that excluded it. */
  readonly overlay: string;
}

export interface Control {
  readonly id: string;
  readonly title: string;
  readonly intent: string;
  readonly objectiveId: string;
  readonly tags: readonly AnnexCTag[];
  readonly requirements: readonly Requirement[];
  readonly notApplicable?: NotApplicable;
}

export interface Objective {
  readonly id: string;
  readonly title: string;
  readonly intent: string;
  readonly controlIds: readonly string[];
}

export interface ControlLibrary {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly objectives: readonly Objective[];
  /** Every control in library order. */
  readonly controls: readonly Control[];
  /** Names of the overlays merged into this library, in order. */
  readonly overlays: readonly string[];
}
