import type { ApiSchema } from '@aims/core';
import {
  type ControlLibrary,
  type ControlResult,
  type Evaluation,
  type GapReport,
  type GapRequirement,
  gapReport,
} from '@aims/scoring';
import type { Scoreboard } from './scoreboard.js';
import { objectiveTallies, tally } from './totals.js';

const PRIORITY_RANK = { high: 1, medium: 2, low: 3 } as const;

/** The scoreboard as the scoring engine's Evaluation, so gaps come from scoring's own gapReport. */
function asEvaluation(library: ControlLibrary, board: Scoreboard): Evaluation {
  const controls: ControlResult[] = board.states.map((state) => {
    const result: ControlResult = {
      controlId: state.control.id,
      title: state.control.title,
      objectiveId: state.control.objectiveId,
      tags: state.control.tags,
      status: state.status,
      coverage: state.coverage,
      present: state.present,
      fresh: state.fresh,
      requirements: state.requirements,
      ...(state.nextExpiryAt === undefined ? {} : { nextExpiryAt: state.nextExpiryAt }),
      ...(state.control.notApplicable === undefined ? {} : { notApplicable: state.control.notApplicable }),
    };
    return result;
  });
  return {
    evaluatedAt: board.scoredAt,
    library: { id: library.id, version: library.version, overlays: library.overlays },
    controls,
    objectives: objectiveTallies(library, board.states),
    overall: tally(board.states),
  };
}

function reasonOf(requirement: GapRequirement): ApiSchema<'GapRequirement'>['reason'] {
  if (requirement.presentCount === 0) return 'missing';
  if (requirement.freshCount === 0) return 'stale';
  return 'insufficient';
}

/** Gaps of the scoreboard, most urgent first; due dates count from now. */
export function gapsOf(library: ControlLibrary, board: Scoreboard, now: Date): GapReport {
  return gapReport(asEvaluation(library, board), { now });
}

export function apiGapReport(report: GapReport): ApiSchema<'GapReport'> {
  return {
    generatedAt: report.generatedAt,
    items: report.gaps.map((gap) => ({
      controlId: gap.controlId,
      title: gap.title,
      status: gap.status,
      priority: PRIORITY_RANK[gap.priority],
      weight: gap.priorityScore,
      riskTags: [...gap.tags],
      ownerRole: gap.ownerRole,
      dueAt: gap.dueAt,
      missing: gap.missing.map((requirement) => ({
        requirementId: requirement.requirementId,
        description: requirement.description,
        reason: reasonOf(requirement),
        ownerRole: requirement.ownerRole,
      })),
    })),
  };
}
