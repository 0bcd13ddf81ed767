import type { ControlLibrary } from '../library/model.js';
import { toMillis } from '../time.js';
import { checkArtifact, type Held, supersedes } from './artifacts.js';
import { compareEntries, type Entry } from './entries.js';
import { type Plan, planFor } from './plan.js';
import { StatsAccumulator } from './stats.js';
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

/** Sorted matching entries per slot for the live (non-tombstoned) artifacts. */
export function buildEntries(plan: Plan, latest: Iterable<Held>): Entry[][] {
  const entries: Entry[][] = plan.slots.map(() => []);
  for (const { artifact, effectiveMs } of latest) {
    if (artifact.tombstone) continue;
    const slots = plan.byKind.get(artifact.kind);
    if (!slots) continue;
    for (const slot of slots) {
      if (!slot.matches(artifact)) continue;
      (entries[slot.index] as Entry[]).push({
        exp: slot.expiry(artifact.kind, effectiveMs),
        key: artifact.key,
        artifact,
      });
    }
  }
  for (const list of entries) list.sort(compareEntries);
  return entries;
}

/**
 * Scores every control of the library against the artifacts at time now. Pure: the same inputs
 * give the same result whatever the order of artifacts. When a key appears more than once the
 * highest version counts; tombstoned artifacts never count. One pass, no sorting: each
 * requirement keeps counts and its few most relevant matches.
 */
export function evaluate(
  library: ControlLibrary,
  artifacts: Iterable<ScorableArtifact>,
  now: string | Date | number,
  options: EvaluateOptions = {},
): Evaluation {
  const nowMs = toMillis(now, 'now');
  const limit = options.explainLimit ?? DEFAULT_EXPLAIN_LIMIT;
  const plan = planFor(library);
  const stats = plan.slots.map((slot) => new StatsAccumulator(nowMs, slot.requirement.minCount, limit));
  for (const { artifact, effectiveMs } of latestByKey(artifacts).values()) {
    if (artifact.tombstone) continue;
    for (const slot of plan.byKind.get(artifact.kind) ?? []) {
      if (slot.matches(artifact)) {
        (stats[slot.index] as StatsAccumulator).add(
          slot.expiry(artifact.kind, effectiveMs),
          artifact.key,
          artifact,
        );
      }
    }
  }
  const controls = plan.controls.map(
    (planned) => scoreControl(planned, (slot) => stats[slot.index] as StatsAccumulator).result,
  );
  return assembleEvaluation(library, controls, nowMs);
}
