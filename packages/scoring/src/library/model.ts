import type { ArtifactKind, ExclusionState, RemovedRequirement } from '@aims/core';
import type { FreshnessDuration } from '../duration.js';
import type { AnnexCTag, ForEachScope, Predicate } from '../generated/control-library.js';
import type { LibraryPart } from './parts.js';

export type { AnnexCTag, ForEachScope, LibraryPart, Predicate };

type ByKind<T> = Readonly<Partial<Record<ArtifactKind, T>>>;

/**
 * One way of meeting a requirement: which artifacts match and how long each stays fresh. A plain
 * requirement has one rule (its id is the requirement's); an anyOf requirement has one per
 * alternative; a requirement with maxCount has one rule whose matches count against the control.
 */
export interface EvidenceRule {
  readonly id: string;
  readonly description?: string;
  readonly kinds: readonly ArtifactKind[];
  readonly where: readonly Predicate[];
  /** Fresh matches needed; 0 for a rule that counts against. */
  readonly minCount: number;
  /** Set on a rule that counts against: the requirement holds while at most this many count. */
  readonly maxCount?: number;
  /** With maxCount: a match counts only once this long after its start date. */
  readonly overdueAfter?: FreshnessDuration;
  /** Window per kind; a kind without one stays fresh while the artifact exists. */
  readonly freshness: ByKind<FreshnessDuration>;
  /**
   * Date attributes the window (or overdueAfter) counts from, per kind: the latest valid date
   * among them; effectiveAt for a kind without any.
   */
  readonly freshnessFrom: ByKind<readonly string[]>;
  /** Date attribute that ends freshness, per kind (a contract's validUntil). */
  readonly freshUntil: ByKind<string>;
  /** Longest time since the source instance's last successful read, per kind. */
  readonly lastReadWithin: ByKind<FreshnessDuration>;
}

/**
 * The library as the engine uses it: loaded from contracts/controls/*.yaml (the file shapes are
 * generated from control-library.schema.json), with defaults applied, windows parsed and overlays
 * merged. kinds, where, minCount and freshness summarise the rules for readers that predate
 * alternatives; the engine reads rules.
 */
export interface Requirement {
  readonly id: string;
  readonly description: string;
  /** Every kind any rule selects. */
  readonly kinds: readonly ArtifactKind[];
  /** The single rule's predicates; empty for anyOf requirements (see rules). */
  readonly where: readonly Predicate[];
  /** The single rule's minCount; the smallest among alternatives; 0 when matches count against. */
  readonly minCount: number;
  /** The single rule's windows; the shortest per kind among alternatives. */
  readonly freshness: ByKind<FreshnessDuration>;
  readonly weight: number;
  readonly ownerRole: string;
  /** The library id or overlay name that defined this requirement. */
  readonly origin: string;
  /** When not met, the control is not compliant. */
  readonly essential: boolean;
  /** Checked member by member over this inventory scope. */
  readonly forEach?: ForEachScope;
  /** True when the rules are anyOf alternatives. */
  readonly anyOf: boolean;
  /** At least one; exactly one when maxCount is set. */
  readonly rules: readonly EvidenceRule[];
  /** Set when matches count against the control (the single rule's maxCount). */
  readonly maxCount?: number;
  /** The floor no window of this requirement may pass (its own or the library's). */
  readonly maxWindow?: FreshnessDuration;
}

/**
 * A control excluded in the Statement of Applicability: why, who approved it, when, and until
 * when. The contract's exclusion state without the evaluation's reviewOverdue.
 */
export type NotApplicable = Omit<ExclusionState, 'reviewOverdue'>;

/** A requirement an overlay removed, with its reason (contracts/events/control-result.v1.schema.json). */
export type { RemovedRequirement };

export interface Control {
  readonly id: string;
  readonly title: string;
  readonly intent: string;
  readonly objectiveId: string;
  /** Annex A control or management-system clause (from its id). */
  readonly library: LibraryPart;
  readonly tags: readonly AnnexCTag[];
  readonly requirements: readonly Requirement[];
  /** Why a Statement of Applicability may not exclude the control; absent when it may. */
  readonly cannotExclude?: string;
  readonly notApplicable?: NotApplicable;
  /** Requirements removed by overlays. */
  readonly removed?: readonly RemovedRequirement[];
}

export interface Objective {
  readonly id: string;
  readonly title: string;
  readonly intent: string;
  /** Annex A objective or clause group (from its id). */
  readonly library: LibraryPart;
  readonly controlIds: readonly string[];
}

/** A library file merged into a loaded library. */
export interface LibrarySource {
  readonly id: string;
  readonly title: string;
  readonly version: string;
}

export interface ControlLibrary {
  /** The first source's id (overlays name it in `extends`; any source's id is accepted). */
  readonly id: string;
  readonly title: string;
  readonly version: string;
  /** The library files it was made from, in order (one for a single file). */
  readonly sources: readonly LibrarySource[];
  readonly objectives: readonly Objective[];
  /** Every control in library order. */
  readonly controls: readonly Control[];
  /** Names of the overlays merged into this library, in order. */
  readonly overlays: readonly string[];
  /** The library's floor for every window. */
  readonly maxWindow?: FreshnessDuration;
}
