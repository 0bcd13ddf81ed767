import type {
  ArtifactVersion,
  ControlResult,
  ControlStatus,
  ObjectiveTotals,
  StaleReason,
  Totals,
  UnreadableSource,
} from '@aims/core';
import type { AiSystemEntry, ScoringContext } from '../inventory/context.js';
import type { ForEachScope } from '../library/model.js';

/**
 * The control result and its parts are the contract contracts/events/control-result.v1.schema.json
 * (generated into @aims/core): scoring returns it, the catalogue stores it, the API reads it.
 */
export type {
  AgainstEvidenceRef,
  AgainstResult,
  AlternativeResult,
  ControlResult,
  CorrectiveActionRef,
  CorrectiveActionState,
  EvidenceRef,
  ExclusionState,
  FindingEffect,
  MemberResult,
  ObjectiveTotals,
  RequirementResult,
  StaleEvidenceRef,
  Totals,
} from '@aims/core';

export type { ControlStatus, StaleReason, UnreadableSource };

/** The fields of an artifact version that scoring reads. */
export type ScorableArtifact = Pick<
  ArtifactVersion,
  'key' | 'version' | 'kind' | 'contentHash' | 'effectiveAt' | 'attributes' | 'tombstone'
> & {
  /** AI systems the evidence relates to (forEach: aiSystem). */
  readonly aiSystems?: readonly string[];
  /** Set when the source could not be read: the version counts as present but never as fresh. */
  readonly unreadable?: UnreadableSource;
};

/** A member of an inventory scope, configured or named by live evidence. */
export interface InventoryMember {
  readonly id: string;
  readonly inInventory: boolean;
}

export interface InventoryAiSystem extends InventoryMember, Partial<Omit<AiSystemEntry, 'id'>> {}

/** Every member of each scope at the evaluation, sorted by id. */
export interface EvaluationInventory {
  readonly aiSystems: readonly InventoryAiSystem[];
  readonly repos: readonly InventoryMember[];
  readonly buckets: readonly InventoryMember[];
  readonly datasets: readonly InventoryMember[];
  /** AI systems named by evidence but not in the configured inventory. */
  readonly notInInventory: readonly string[];
}

export interface Evaluation {
  readonly evaluatedAt: string;
  readonly library: { readonly id: string; readonly version: string; readonly overlays: readonly string[] };
  readonly controls: readonly ControlResult[];
  readonly objectives: readonly ObjectiveTotals[];
  /**
   * The Annex A controls (what the Statement of Applicability covers), as before clauses were
   * scored; no controls when the workspace turned Annex A off.
   */
  readonly overall: Totals;
  /** The management-system clauses 4 to 10, counted apart from Annex A. */
  readonly clauses: Totals;
  /** Earliest nextExpiryAt over all controls: when to evaluate again without new evidence. */
  readonly nextExpiryAt?: string;
  readonly inventory: EvaluationInventory;
}

/** Matching evidence whose time falls in an interval (IncrementalScorer.changesBetween). */
export interface EvidenceChange {
  readonly controlId: string;
  readonly requirementId: string;
  /** The anyOf alternative whose rule selects the version. */
  readonly alternativeId?: string;
  /** 'for': the version stops being fresh at `at`; 'against': it starts counting against the control. */
  readonly counts: 'for' | 'against';
  readonly at: string;
  /** In favour: why it goes stale then (its window, a validity date, or its source's last read). */
  readonly reason?: StaleReason;
  readonly artifact: ScorableArtifact;
  /** forEach: the scope and the members the version counts for. */
  readonly forEach?: ForEachScope;
  readonly members?: readonly string[];
}

export interface EvaluateOptions {
  /** How many satisfying and stale versions each requirement (and member) lists. Default 20. */
  readonly explainLimit?: number;
  /** Inventory and source reads; without it the inventory holds only what evidence names. */
  readonly context?: ScoringContext | undefined;
}
