import type { ArtifactVersion, ControlStatus } from '@aims/core';
import type { AiSystemEntry, ScoringContext } from '../inventory/context.js';
import type {
  AnnexCTag,
  ForEachScope,
  LibraryPart,
  NotApplicable,
  RemovedRequirement,
} from '../library/model.js';

export type { ControlStatus };

/** Why the connector could no longer read the source object behind a version. */
export interface UnreadableSource {
  readonly code: string;
  readonly message: string;
}

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

/** Why matching evidence does not count as fresh. */
export type StaleReason = 'window' | 'missing_date' | 'unreadable' | 'source_not_read' | 'tombstone';

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

/** A matching artifact version that is not fresh, and why. */
export interface StaleEvidenceRef extends EvidenceRef {
  /** When it went stale; its effectiveAt when it never was fresh (a missing date, an unreadable source). */
  readonly expiredAt: string;
  readonly reason: StaleReason;
  /** Detail for the reason: the unreadable source's message, the missing attribute, the last read. */
  readonly message?: string;
}

/** A version that counts (or will count) against a control. */
export interface AgainstEvidenceRef {
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
  readonly kind: string;
  readonly effectiveAt: string;
  /** When it starts counting (effectiveAt or its date plus overdueAfter); absent when from the start. */
  readonly countsFrom?: string;
  /** Set when the source could not be read: the last known state still counts. */
  readonly unreadable?: UnreadableSource;
}

/** Counter-evidence of a requirement with maxCount: the versions that count against it. */
export interface AgainstResult {
  readonly maxCount: number;
  readonly overdueAfter?: string;
  /** Matches that count against the control now. */
  readonly count: number;
  /** Matches that will count once overdue. */
  readonly pendingCount: number;
  /** Counting matches, the most recently counting first, at most explainLimit. */
  readonly offending: readonly AgainstEvidenceRef[];
  /** Matches not yet overdue, latest countsFrom first, at most explainLimit. */
  readonly pending: readonly AgainstEvidenceRef[];
}

/** How one anyOf alternative stands (over all matching evidence, not per member). */
export interface AlternativeResult {
  readonly alternativeId: string;
  readonly description?: string;
  readonly kinds: readonly string[];
  readonly minCount: number;
  readonly presentCount: number;
  readonly freshCount: number;
  readonly staleCount: number;
  readonly missingCount: number;
  readonly satisfied: boolean;
  readonly satisfiedBy: readonly EvidenceRef[];
  readonly stale: readonly StaleEvidenceRef[];
}

/** How a forEach requirement stands for one member of the inventory. */
export interface MemberResult {
  readonly id: string;
  /** False for a member named only by evidence (not configured in the inventory). */
  readonly inInventory: boolean;
  readonly satisfied: boolean;
  /** The anyOf alternative that met it (or came closest). */
  readonly alternativeId?: string;
  /** 0-100 for this member, like the requirement's own. */
  readonly present: number;
  readonly fresh: number;
  readonly presentCount: number;
  readonly freshCount: number;
  readonly staleCount: number;
  readonly missingCount: number;
  readonly satisfiedBy: readonly EvidenceRef[];
  readonly stale: readonly StaleEvidenceRef[];
  readonly against?: AgainstResult;
}

/** How one requirement of a control stands at the evaluation time. */
export interface RequirementResult {
  readonly requirementId: string;
  readonly description: string;
  readonly kinds: readonly string[];
  readonly ownerRole: string;
  readonly weight: number;
  /** Fresh matches needed (of the alternative shown); 0 for a requirement that counts against. */
  readonly minCount: number;
  /**
   * Matching artifacts, fresh or not, of the alternative shown (anyOf: the one that met the
   * requirement, or came closest), over all evidence whatever members it names. 0 when the
   * requirement counts against (see against).
   */
  readonly presentCount: number;
  readonly freshCount: number;
  readonly staleCount: number;
  /** Fresh artifacts still needed: max(0, minCount - freshCount); with forEach, summed over members. */
  readonly missingCount: number;
  readonly satisfied: boolean;
  /** Fresh matching versions, latest expiry first, at most explainLimit of them. */
  readonly satisfiedBy: readonly EvidenceRef[];
  /** Stale matching versions, most recently expired first, at most explainLimit of them. */
  readonly stale: readonly StaleEvidenceRef[];
  /** 0-100: share of the requirement's evidence present / fresh (per member with forEach). */
  readonly present: number;
  readonly fresh: number;
  /** Mean of present and fresh. */
  readonly coverage: number;
  /** Not met makes the control not compliant. */
  readonly essential: boolean;
  /** 'against' when matches count against the control (maxCount). */
  readonly counts: 'for' | 'against';
  readonly against?: AgainstResult;
  /** anyOf: the alternative that met the requirement (or came closest, when unmet). */
  readonly alternativeId?: string;
  readonly alternatives?: readonly AlternativeResult[];
  readonly forEach?: ForEachScope;
  /** Every member of the scope, by id; empty when the inventory is. */
  readonly members?: readonly MemberResult[];
  readonly membersMet?: number;
  /**
   * Why the requirement is not met as it stands: "no AI systems in the inventory", or the members
   * it fails for ("not met for dispatch-assistant"; at most ten named, then "and N more").
   */
  readonly note?: string;
}

/** An exclusion as it stands at the evaluation time. */
export interface ExclusionState extends NotApplicable {
  /** True once its reviewBy date has passed without a new decision. */
  readonly reviewOverdue: boolean;
}

export interface ControlResult {
  readonly controlId: string;
  readonly title: string;
  readonly objectiveId: string;
  /** An Annex A control or a management-system clause. */
  readonly library: LibraryPart;
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
  /** The Statement of Applicability's exclusion, for a control that is not applicable. */
  readonly notApplicable?: ExclusionState;
  /** Ids of essential requirements that are not met (the control is then not compliant). */
  readonly unmetEssential?: readonly string[];
  /** Requirements an overlay removed, with the reason. */
  readonly removedRequirements?: readonly RemovedRequirement[];
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
  /** An Annex A objective or a clause group (4 to 10). */
  readonly library: LibraryPart;
}

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
