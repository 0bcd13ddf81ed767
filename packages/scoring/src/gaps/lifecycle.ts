import { createHash } from 'node:crypto';
import type { ControlResult, Evaluation, EvidenceRef } from '../engine/types.js';
import { toMillis } from '../time.js';
import { type Gap, type GapPriority, type GapRequirement, gapReport } from './report.js';

export type GapReason = 'not_compliant' | 'partially_compliant' | 'expiring';

/** What a tracked gap is about, as of its last update. */
export interface GapDetail {
  readonly title: string;
  readonly objectiveId: string;
  readonly status: ControlResult['status'];
  readonly coverage: number;
  readonly tags: readonly string[];
  readonly priorityScore: number;
  readonly missing: readonly GapRequirement[];
  /** For an expiring gap: when coverage drops and the evidence that expires first. */
  readonly expiring?: { readonly at: string; readonly evidence: readonly EvidenceRef[] };
}

/**
 * A gap of one control, from when it opened to when it closed. Its id and openedAt never change;
 * dueAt only moves earlier (when the gap escalates or its priority rises).
 */
export interface TrackedGap {
  readonly id: string;
  readonly controlId: string;
  /** Set when the gap belongs to one AI system's view rather than to the whole workspace. */
  readonly aiSystem?: string;
  readonly state: 'open' | 'closed';
  readonly reason: GapReason;
  readonly priority: GapPriority;
  readonly ownerRole: string;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly closedAt?: string;
  readonly updatedAt: string;
  readonly detail: GapDetail;
}

export interface GapLifecycleOptions {
  readonly now: string | Date | number;
  /** Scope of these gaps (an AI system), recorded on each and mixed into their ids. */
  readonly aiSystem?: string;
  /** Days to close a gap, by priority. Defaults: high 30, medium 60, low 90. */
  readonly dueDays?: Partial<Record<GapPriority, number>>;
  /** Compliant controls whose coverage drops within this many days get an expiring gap. Default 30. */
  readonly expiringWithinDays?: number;
}

export interface GapTransition {
  /** Gaps opened, changed or closed by this evaluation (to store). */
  readonly changed: readonly TrackedGap[];
  /** Every gap open after it, in library order. */
  readonly open: readonly TrackedGap[];
  /** When a compliant control next enters its expiring window (evaluate again then). */
  readonly nextCheckAt?: string;
}

const DAY_MS = 86_400_000;
const DEFAULT_DUE_DAYS: Record<GapPriority, number> = { high: 30, medium: 60, low: 90 };

function gapId(controlId: string, aiSystem: string | undefined, openedAt: string): string {
  const digest = createHash('sha256')
    .update(`${aiSystem ?? ''}/${controlId}/${openedAt}`)
    .digest('hex')
    .slice(0, 10);
  return `${controlId}-${digest}`;
}

/** The evidence of a control whose freshness ends first (what renewing would keep it compliant). */
function firstToExpire(control: ControlResult): EvidenceRef[] {
  const refs = control.requirements.flatMap((requirement) => requirement.satisfiedBy);
  const earliest = refs.reduce<string | undefined>(
    (min, ref) =>
      ref.expiresAt !== undefined && (min === undefined || ref.expiresAt < min) ? ref.expiresAt : min,
    undefined,
  );
  return earliest === undefined ? [] : refs.filter((ref) => ref.expiresAt === earliest);
}

interface Needed {
  readonly reason: GapReason;
  readonly priority: GapPriority;
  readonly ownerRole: string;
  readonly due: number;
  readonly detail: GapDetail;
}

function needFromGap(
  gap: Gap,
  control: ControlResult,
  openedMs: number,
  dueDays: Record<GapPriority, number>,
): Needed {
  return {
    reason: gap.status,
    priority: gap.priority,
    ownerRole: gap.ownerRole,
    due: openedMs + dueDays[gap.priority] * DAY_MS,
    detail: {
      title: control.title,
      objectiveId: control.objectiveId,
      status: control.status,
      coverage: control.coverage,
      tags: control.tags,
      priorityScore: gap.priorityScore,
      missing: gap.missing,
    },
  };
}

function needFromExpiry(control: ControlResult, dropsAt: string): Needed {
  const evidence = firstToExpire(control);
  const owner =
    control.requirements.find((requirement) =>
      requirement.satisfiedBy.some((ref) => evidence.some((e) => e.key === ref.key)),
    )?.ownerRole ??
    control.requirements[0]?.ownerRole ??
    'unassigned';
  return {
    reason: 'expiring',
    priority: 'medium',
    ownerRole: owner,
    due: Date.parse(dropsAt),
    detail: {
      title: control.title,
      objectiveId: control.objectiveId,
      status: control.status,
      coverage: control.coverage,
      tags: control.tags,
      priorityScore: 0,
      missing: [],
      expiring: { at: dropsAt, evidence },
    },
  };
}

/**
 * Moves the gaps of one scope forward to a new evaluation. A gap opens when a control falls below
 * compliant, or when a compliant control's evidence expires within the expiring window; it keeps
 * its id, openedAt and (never later) dueAt while it stays open, and closes when the control is
 * compliant again (or excluded). Pure: the same inputs give the same transition.
 */
export function advanceGaps(
  evaluation: Evaluation,
  previous: readonly TrackedGap[],
  options: GapLifecycleOptions,
): GapTransition {
  const nowMs = toMillis(options.now, 'now');
  const now = new Date(nowMs).toISOString();
  const dueDays = { ...DEFAULT_DUE_DAYS, ...options.dueDays };
  const windowMs = (options.expiringWithinDays ?? 30) * DAY_MS;
  const report = new Map(gapReport(evaluation, { now: nowMs }).gaps.map((gap) => [gap.controlId, gap]));
  const openByControl = new Map(
    previous.filter((gap) => gap.state === 'open').map((gap) => [gap.controlId, gap]),
  );
  const changed: TrackedGap[] = [];
  const open: TrackedGap[] = [];
  let nextCheck = Number.POSITIVE_INFINITY;

  for (const control of evaluation.controls) {
    const current = openByControl.get(control.controlId);
    const openedMs = current ? Date.parse(current.openedAt) : nowMs;
    const gap = report.get(control.controlId);
    let need: Needed | undefined;
    if (gap) need = needFromGap(gap, control, openedMs, dueDays);
    else if (control.status === 'compliant' && control.coverageDropsAt !== undefined) {
      const drops = Date.parse(control.coverageDropsAt);
      if (drops - windowMs <= nowMs) need = needFromExpiry(control, control.coverageDropsAt);
      else nextCheck = Math.min(nextCheck, drops - windowMs);
    }
    if (!need) {
      if (current) changed.push({ ...current, state: 'closed', closedAt: now, updatedAt: now });
      continue;
    }
    const due = current ? Math.min(Date.parse(current.dueAt), need.due) : need.due;
    const next: TrackedGap = {
      id: current?.id ?? gapId(control.controlId, options.aiSystem, now),
      controlId: control.controlId,
      ...(options.aiSystem === undefined ? {} : { aiSystem: options.aiSystem }),
      state: 'open',
      reason: need.reason,
      priority: need.priority,
      ownerRole: need.ownerRole,
      openedAt: current?.openedAt ?? now,
      dueAt: new Date(due).toISOString(),
      updatedAt: now,
      detail: need.detail,
    };
    open.push(next);
    if (!current || !sameGap(current, next)) changed.push(next);
    else open[open.length - 1] = current;
  }
  // A gap of a control the library no longer has is closed too.
  const known = new Set(evaluation.controls.map((control) => control.controlId));
  for (const gap of openByControl.values())
    if (!known.has(gap.controlId)) changed.push({ ...gap, state: 'closed', closedAt: now, updatedAt: now });
  return {
    changed,
    open,
    ...(Number.isFinite(nextCheck) ? { nextCheckAt: new Date(nextCheck).toISOString() } : {}),
  };
}

/** Equal but for updatedAt: nothing worth storing changed. */
function sameGap(a: TrackedGap, b: TrackedGap): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}
