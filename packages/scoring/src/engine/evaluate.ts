import { FindingRegister } from '../findings/register.js';
import { resolveContext } from '../inventory/context.js';
import { countsFor } from '../inventory/members.js';
import { Universe } from '../inventory/universe.js';
import type { ControlLibrary } from '../library/model.js';
import { toMillis } from '../time.js';
import { checkArtifact, type Held, supersedes } from './artifacts.js';
import { planFor } from './plan.js';
import { type ScoreSource, scoreMember, totalMembers } from './requirement.js';
import { NO_STATS, StatsAccumulator } from './stats.js';
import { DEFAULT_EXPLAIN_LIMIT, scoreControl } from './summarise.js';
import { assembleEvaluation } from './totals.js';
import type { EvaluateOptions, Evaluation, ScorableArtifact } from './types.js';

/** The latest version per key (tombstones included, so they hide older versions). */
export function latestByKey(artifacts: Iterable<ScorableArtifact>): Map<string, Held> {
  const latest = new Map<string, Held>();
  for (const artifact of artifacts) {
    const held = checkArtifact(artifact);
    const current = latest.get(artifact.key);
    if (!current || supersedes(artifact, current.artifact)) latest.set(artifact.key, held);
  }
  return latest;
}

/**
 * Scores every control of the library against the artifacts at time now, with the inventory and
 * source reads of options.context. Pure: the same inputs give the same result whatever the order
 * of artifacts. When a key appears more than once the highest version counts; tombstoned
 * artifacts never count. Findings of internal audits cap the controls they name while open (see
 * FindingRegister). One pass, no sorting: each rule (and each rule per member) keeps counts
 * and its few most relevant matches.
 */
export function evaluate(
  library: ControlLibrary,
  artifacts: Iterable<ScorableArtifact>,
  now: string | Date | number,
  options: EvaluateOptions = {},
): Evaluation {
  const nowMs = toMillis(now, 'now');
  const limit = options.explainLimit ?? DEFAULT_EXPLAIN_LIMIT;
  const context = resolveContext(options.context);
  const timing = { reads: context.reads, applyReads: true };
  const plan = planFor(library);
  const accumulator = (minCount: number, maxCount?: number) =>
    new StatsAccumulator(nowMs, minCount, limit, maxCount);
  const stats = plan.rules.map(({ rule }) => accumulator(rule.minCount, rule.maxCount));
  const byMember = plan.rules.map(({ slot }) =>
    slot.requirement.forEach ? new Map<string, StatsAccumulator>() : undefined,
  );
  const universe = new Universe(context.configured);
  const findings = new FindingRegister();
  for (const held of latestByKey(artifacts).values()) {
    const { artifact } = held;
    if (artifact.tombstone) continue;
    universe.note(artifact);
    findings.add(artifact);
    for (const rule of plan.byKind.get(artifact.kind) ?? []) {
      if (!rule.matches(artifact)) continue;
      const entry = rule.entry(held, timing);
      (stats[rule.index] as StatsAccumulator).add(entry);
      const members = byMember[rule.index];
      const scope = rule.slot.requirement.forEach;
      if (!members || !scope) continue;
      for (const id of countsFor(scope, artifact)) {
        let memberStats = members.get(id);
        if (!memberStats) {
          memberStats = accumulator(rule.rule.minCount, rule.rule.maxCount);
          members.set(id, memberStats);
        }
        memberStats.add(entry);
      }
    }
  }
  universe.rebuildAll();
  const source: ScoreSource = {
    now: nowMs,
    stats: (rule) => stats[rule.index] as StatsAccumulator,
    members: (slot, scope) =>
      totalMembers(
        universe
          .members(scope)
          .map((member) =>
            scoreMember(slot, member, (rule) => byMember[rule.index]?.get(member.id) ?? NO_STATS),
          ),
      ),
  };
  // Open nonconformities of internal audits cap the controls they name, whatever the evidence says.
  const controls = plan.controls.map((planned) => findings.apply(scoreControl(planned, source).result));
  return assembleEvaluation(library, controls, nowMs, universe.inventory());
}
