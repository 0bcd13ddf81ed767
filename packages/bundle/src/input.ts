import type { Readable } from 'node:stream';
import type { ControlStatus } from '@aims/core';

export type { ControlStatus };

/** One artifact version, by its key and version number. */
export interface VersionRef {
  key: string;
  version: number;
}

/** A version's content as the catalogue recorded it. */
export interface BundleContent {
  sha256: string;
  mediaType: string;
  size: number;
  /** Where the blob store keeps it; default `sha256/<hex>`. */
  blobKey?: string;
}

/** How fresh a version is for one requirement of one control, at `asOf`. */
export interface RequirementFreshness {
  controlId: string;
  requirementId: string;
  /** When it stops counting as fresh; absent when it never does. */
  freshUntil?: string;
  stale: boolean;
}

/** An artifact version included in the bundle. */
export interface BundleVersion extends VersionRef {
  kind: string;
  title?: string;
  url?: string;
  owner?: string;
  collectedAt: string;
  effectiveAt?: string;
  expiresAt?: string;
  /** The catalogue's SHA-256 of the version's canonical JSON. */
  contentHash?: string;
  tombstone?: boolean;
  /** Bytes to bag; without it the bag holds a JSON record of the version and its attributes. */
  content?: BundleContent;
  attributes?: Record<string, unknown>;
  freshness: readonly RequirementFreshness[];
  /** Ids of the controls this version supports. */
  controls: readonly string[];
}

export interface StaleRef extends VersionRef {
  expiredAt?: string;
}

export interface RequirementExplanation {
  id: string;
  description: string;
  satisfied: boolean;
  satisfiedBy: readonly VersionRef[];
  stale: readonly StaleRef[];
  /** What is still missing, in words; absent when nothing is. */
  missing?: string;
}

/**
 * `annex-a`: an Annex A control or objective; `clauses`: a clause (4 to 10) of the management
 * system, scored like a control.
 */
export type LibraryPart = 'annex-a' | 'clauses';

/** The library of a control or objective: as it says, else from its id (Annex A ids start with `A.`). */
export const libraryOf = (item: { id: string; library?: LibraryPart }): LibraryPart =>
  item.library ?? (item.id.startsWith('A.') ? 'annex-a' : 'clauses');

export interface BundleControl {
  id: string;
  title: string;
  objectiveId: string;
  /** Absent in bundles made before clauses were scored (then it follows from the id). */
  library?: LibraryPart;
  status: ControlStatus;
  /** 0 to 100. */
  coverage: number;
  present?: number;
  fresh?: number;
  nextExpiryAt?: string;
  explanation: { summary: string; requirements: readonly RequirementExplanation[] };
}

export interface BundleObjective {
  id: string;
  title: string;
  library?: LibraryPart;
}

/** A library file the controls were scored with (the Annex A controls, the clauses 4 to 10). */
export interface BundleLibrary {
  id: string;
  version: string;
}

/** One line of the Statement of Applicability. */
export interface ApplicabilityEntry {
  controlId: string;
  applicable: boolean;
  /** Required when the control is excluded. */
  justification?: string;
  approvedBy?: string;
  approvedAt?: string;
  reviewDueAt?: string;
}

export type GapPriority = 'high' | 'medium' | 'low';

export interface BundleGap {
  controlId: string;
  status: 'partially_compliant' | 'not_compliant';
  priority: GapPriority;
  ownerRole: string;
  dueAt: string;
  missing: readonly { requirementId: string; description: string }[];
}

/** A KPI of the management system (clause 9.1) as the scorer had computed it by `asOf`. */
export interface BundleKpi {
  id: string;
  title: string;
  /** What it measures, e.g. `controls_compliant_share`. */
  metric: string;
  unit: 'percent' | 'days' | 'count';
  /** Null when there was nothing to measure. */
  value: number | null;
  target: { op: 'gte' | 'lte'; value: number };
  met: boolean | null;
  /** Since when the value had been what it was at `asOf`. */
  since: string;
  note: string;
  /** ISO 8601 duration between reviews of the KPI by people. */
  reviewCadence: string;
  lastReviewedAt?: string;
  /** Absent when the KPI was never reviewed. */
  nextReviewAt?: string;
  /** Earlier values, newest first. */
  history: readonly { since: string; value: number | null; met: boolean | null }[];
}

/** The audit log's head at export time: the entry everything before it is chained to. */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/** Everything an export puts in the bag, apart from the content bytes themselves. */
export interface BundleInput {
  organisation: string;
  workspace: string;
  /** The instant the bundle describes (ISO 8601 with a zone); also its only timestamp. */
  asOf: string;
  /** What made it, e.g. "aims-evidence-mesh 0.1.0". */
  toolVersion: string;
  library?: { id: string; version: string };
  /** Every library file scored (Annex A, the clauses); absent when only `library` was. */
  libraries?: readonly BundleLibrary[];
  objectives: readonly BundleObjective[];
  versions: readonly BundleVersion[];
  controls: readonly BundleControl[];
  applicability: readonly ApplicabilityEntry[];
  gaps: readonly BundleGap[];
  /** The KPIs of the workspace at asOf; absent when the export has none to say. */
  kpis?: readonly BundleKpi[];
  auditChainHead: AuditChainHead | null;
}

/** Opens a version's content as a stream; undefined when the store does not have it. */
export type ContentOpener = (
  content: BundleContent,
) => Promise<Readable | AsyncIterable<Uint8Array> | undefined>;
