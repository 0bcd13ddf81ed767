import type { ControlStatus, Totals } from '../engine/types.js';
import type { ForEachScope, LibraryPart } from '../library/model.js';

/** The person behind an owner role (structurally, `@aims/config`'s OwnerConfig). */
export interface OwnerInput {
  readonly name: string;
  readonly email?: string | undefined;
}

/** Who answers for a requirement: its owner role and the person the config maps to it, if any. */
export interface ForecastOwner {
  readonly role: string;
  /** False when the workspace maps nobody to the role. */
  readonly assigned: boolean;
  readonly name?: string;
  readonly email?: string;
}

/** A control or clause that will not be compliant at the forecast date. */
export interface ForecastControl {
  readonly controlId: string;
  readonly title: string;
  readonly objectiveId: string;
  readonly library: LibraryPart;
  /** Its status at the forecast date, if no new evidence arrives. */
  readonly status: ControlStatus;
  readonly coverage: number;
  /** Its status and coverage now. */
  readonly statusNow: ControlStatus;
  readonly coverageNow: number;
  /** Essential requirements not met at the forecast date. */
  readonly unmetEssential?: readonly string[];
}

/** One piece of evidence to act on before the forecast date, for one requirement. */
export interface ForecastRenewal {
  /**
   * `renew`: fresh now, stale by the forecast date (a review, an approval or a report falls due);
   * `resolve`: counter-evidence whose grace time ends before then (a ticket about to be overdue).
   */
  readonly action: 'renew' | 'resolve';
  readonly artifactKey: string;
  readonly version: number;
  readonly kind: string;
  readonly title?: string;
  /** The evidence's own owner as its source states it (a document's owner). */
  readonly artifactOwner?: string;
  readonly controlId: string;
  readonly library: LibraryPart;
  readonly requirementId: string;
  /** The requirement's description. */
  readonly requirement: string;
  readonly alternativeId?: string;
  /** When it stops counting as fresh (`renew`), or starts counting against the control (`resolve`). */
  readonly expiresAt: string;
  readonly ownerRole: string;
  readonly owner: ForecastOwner;
  readonly forEach?: ForEachScope;
  /** forEach: the members (AI systems, repositories, ...) the evidence counts for. */
  readonly members?: readonly string[];
  /** The requirement is met now and will not be at the forecast date (for one of these members). */
  readonly breaksRequirement: boolean;
}

/** Totals of each library: the Annex A controls and the clauses 4 to 10. */
export interface LibraryTotals {
  readonly annexA: Totals;
  readonly clauses: Totals;
}

/** What the controls and clauses will look like at `at` if no new evidence arrives. */
export interface Forecast {
  /** When the forecast was made (the current state it starts from). */
  readonly evaluatedAt: string;
  /** The instant forecast. */
  readonly at: string;
  readonly library: { readonly id: string; readonly version: string; readonly overlays: readonly string[] };
  /** Totals at the forecast date, and now. */
  readonly totals: LibraryTotals;
  readonly totalsNow: LibraryTotals;
  /** Applicable controls and clauses that will not be compliant then, in library order. */
  readonly notCompliant: readonly ForecastControl[];
  /** Evidence to renew (or resolve) before then, by expiry, then artifact key, control, requirement. */
  readonly renew: readonly ForecastRenewal[];
}

/** What a forecast is made for. */
export interface ForecastRequest {
  /** The current time the forecast starts from. */
  readonly now: string | Date | number;
  /** The instant to forecast; after now. */
  readonly at: string | Date | number;
  /** People behind the library's owner roles (config `owners:`). */
  readonly owners?: Readonly<Record<string, OwnerInput>> | undefined;
}
