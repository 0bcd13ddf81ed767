import type { Evaluation, RequirementResult } from '../engine/types.js';
import type { AnnexCTag } from '../library/model.js';
import { toMillis } from '../time.js';

export type GapPriority = 'high' | 'medium' | 'low';

export interface GapOptions {
  /** Due dates count from here; defaults to the evaluation time. */
  readonly now?: string | Date | number;
  /** Days to close a gap, by priority. Defaults: high 30, medium 60, low 90. */
  readonly dueDays?: Partial<Record<GapPriority, number>>;
  /** Extra weight per Annex C tag. Defaults: security, fairness and transparency 0.5 each. */
  readonly riskTagWeights?: Partial<Record<AnnexCTag, number>>;
  /** Minimum priority score for high and medium. Defaults: high 4, medium 2. */
  readonly thresholds?: { readonly high: number; readonly medium: number };
}

export interface GapRequirement {
  readonly requirementId: string;
  readonly description: string;
  readonly kinds: readonly string[];
  readonly ownerRole: string;
  readonly weight: number;
  readonly minCount: number;
  readonly presentCount: number;
  readonly freshCount: number;
  readonly staleCount: number;
  readonly missingCount: number;
}

export interface Gap {
  readonly controlId: string;
  readonly title: string;
  readonly objectiveId: string;
  readonly status: 'partially_compliant' | 'not_compliant';
  readonly coverage: number;
  readonly tags: readonly AnnexCTag[];
  readonly priority: GapPriority;
  /** Missing requirement weight times (1 + risk tag weights); higher is more urgent. */
  readonly priorityScore: number;
  /** Owner role of the heaviest missing requirement. */
  readonly ownerRole: string;
  readonly dueAt: string;
  readonly missing: readonly GapRequirement[];
}

export interface GapReport {
  readonly generatedAt: string;
  readonly evaluatedAt: string;
  readonly library: Evaluation['library'];
  readonly counts: Readonly<Record<GapPriority, number>>;
  /** Most urgent first. */
  readonly gaps: readonly Gap[];
}

const DEFAULT_DUE_DAYS: Record<GapPriority, number> = { high: 30, medium: 60, low: 90 };
const DEFAULT_RISK_TAGS: Partial<Record<AnnexCTag, number>> = {
  security: 0.5,
  fairness: 0.5,
  transparency: 0.5,
};
const DAY_MS = 86_400_000;
const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Share of a requirement still missing, from its coverage: 1 with no evidence, 0.5 with only stale
 * evidence, the mean over members for forEach, and 1 for counter-evidence that counts against.
 */
function shortfall(requirement: RequirementResult): number {
  return 1 - requirement.coverage / 100;
}

/** Every applicable control that is not compliant, prioritised by missing weight and risk tags. */
export function gapReport(evaluation: Evaluation, options: GapOptions = {}): GapReport {
  const now = toMillis(options.now ?? evaluation.evaluatedAt, 'now');
  const dueDays = { ...DEFAULT_DUE_DAYS, ...options.dueDays };
  const riskTags = { ...DEFAULT_RISK_TAGS, ...options.riskTagWeights };
  const thresholds = options.thresholds ?? { high: 4, medium: 2 };
  const ranked = evaluation.controls.flatMap((control, order) => {
    if (control.status !== 'partially_compliant' && control.status !== 'not_compliant') return [];
    const unmet = control.requirements.filter((requirement) => !requirement.satisfied);
    const missingWeight = unmet.reduce(
      (sum, requirement) => sum + requirement.weight * shortfall(requirement),
      0,
    );
    const risk = 1 + control.tags.reduce((sum, tag) => sum + (riskTags[tag] ?? 0), 0);
    const priorityScore = round2(missingWeight * risk);
    const priority: GapPriority =
      priorityScore >= thresholds.high ? 'high' : priorityScore >= thresholds.medium ? 'medium' : 'low';
    const heaviest = unmet.reduce<RequirementResult | undefined>(
      (best, requirement) =>
        !best || requirement.weight * shortfall(requirement) > best.weight * shortfall(best)
          ? requirement
          : best,
      undefined,
    );
    const gap: Gap = {
      controlId: control.controlId,
      title: control.title,
      objectiveId: control.objectiveId,
      status: control.status,
      coverage: control.coverage,
      tags: control.tags,
      priority,
      priorityScore,
      ownerRole: heaviest?.ownerRole ?? 'unassigned',
      dueAt: new Date(now + dueDays[priority] * DAY_MS).toISOString(),
      missing: unmet.map((requirement) => ({
        requirementId: requirement.requirementId,
        description: requirement.description,
        kinds: requirement.kinds,
        ownerRole: requirement.ownerRole,
        weight: requirement.weight,
        minCount: requirement.minCount,
        presentCount: requirement.presentCount,
        freshCount: requirement.freshCount,
        staleCount: requirement.staleCount,
        missingCount: requirement.missingCount,
      })),
    };
    return [{ gap, order }];
  });
  ranked.sort((a, b) => b.gap.priorityScore - a.gap.priorityScore || a.order - b.order);
  const gaps = ranked.map(({ gap }) => gap);
  const counts = { high: 0, medium: 0, low: 0 };
  for (const gap of gaps) counts[gap.priority]++;
  return {
    generatedAt: new Date(now).toISOString(),
    evaluatedAt: evaluation.evaluatedAt,
    library: evaluation.library,
    counts,
    gaps,
  };
}
