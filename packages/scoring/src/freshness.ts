import { checkArtifact } from './engine/artifacts.js';
import { planFor } from './engine/plan.js';
import type { TimingContext } from './engine/timing.js';
import type { ScorableArtifact, StaleReason } from './engine/types.js';
import { resolveContext, type ScoringContext } from './inventory/context.js';
import { countsFor } from './inventory/members.js';
import type { ControlLibrary, ForEachScope } from './library/model.js';
import { toIso, toMillis } from './time.js';

/** How one requirement of an applicable control treats one artifact version it selects. */
export interface VersionFreshness {
  readonly controlId: string;
  readonly requirementId: string;
  /** The anyOf alternative that selects the version. */
  readonly alternativeId?: string;
  /** 'against' for counter-evidence (maxCount): it counts against the control rather than for it. */
  readonly counts: 'for' | 'against';
  /**
   * In favour: when the version stops being fresh; absent when it never does; its effectiveAt when
   * it never was fresh (a missing date, an unreadable source, a source never read).
   */
  readonly freshUntil?: string;
  /** In favour: not fresh at now. Against: always false (see countsNow). */
  readonly stale: boolean;
  readonly reason?: StaleReason;
  readonly message?: string;
  /** Against: whether it counts against the control at now, and from when (absent: from the start). */
  readonly countsNow?: boolean;
  readonly countsFrom?: string;
  /** forEach: the scope and the members the version counts for. */
  readonly forEach?: ForEachScope;
  readonly members?: readonly string[];
}

export type FreshnessVersion = ScorableArtifact;

/**
 * The one freshness model: for an artifact version, every requirement (of applicable controls)
 * whose kind and predicates select it, with the expiry and staleness the engines use for it.
 * A tombstone is stale for every requirement that selects it. Pure.
 */
export function freshnessOf(
  library: ControlLibrary,
  version: FreshnessVersion,
  now: string | Date | number,
  context?: ScoringContext,
): VersionFreshness[] {
  const nowMs = toMillis(now, 'now');
  const resolved = resolveContext(context);
  return selecting(library, version, { reads: resolved.reads, applyReads: true }, nowMs);
}

/** freshnessOf with a given timing context (expiresAtFor leaves last-read limits out). */
export function selecting(
  library: ControlLibrary,
  version: FreshnessVersion,
  timing: TimingContext,
  nowMs: number,
): VersionFreshness[] {
  const held = checkArtifact(version);
  const plan = planFor(library);
  const out: VersionFreshness[] = [];
  for (const rule of plan.byKind.get(version.kind) ?? []) {
    if (!rule.matches(version)) continue;
    const { requirement } = rule.slot;
    const scope = requirement.forEach;
    const base = {
      controlId: plan.controls[rule.slot.controlIndex]?.control.id ?? '',
      requirementId: requirement.id,
      ...(requirement.anyOf ? { alternativeId: rule.rule.id } : {}),
      counts: rule.against ? ('against' as const) : ('for' as const),
      ...(scope ? { forEach: scope, members: countsFor(scope, version) } : {}),
    };
    if (version.tombstone) {
      out.push({ ...base, stale: true, reason: 'tombstone', ...(rule.against ? { countsNow: false } : {}) });
      continue;
    }
    const entry = rule.entry(held, timing);
    if (rule.against) {
      const countsFrom = toIso(entry.exp);
      out.push({
        ...base,
        stale: false,
        countsNow: entry.exp <= nowMs,
        ...(countsFrom ? { countsFrom } : {}),
      });
      continue;
    }
    const freshUntil = entry.exp === Number.NEGATIVE_INFINITY ? version.effectiveAt : toIso(entry.exp);
    const stale = entry.exp <= nowMs;
    out.push({
      ...base,
      ...(freshUntil === undefined ? {} : { freshUntil }),
      stale,
      ...(stale ? { reason: entry.reason ?? 'window' } : {}),
      ...(stale && entry.message !== undefined ? { message: entry.message } : {}),
    });
  }
  return out;
}
