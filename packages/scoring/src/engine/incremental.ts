import type { ControlLibrary } from '../library/model.js';
import { toMillis } from '../time.js';
import { checkArtifact, type Held, supersedes } from './artifacts.js';
import { type Entry, insertEntry, removeEntry } from './entries.js';
import { buildEntries, latestByKey } from './evaluate.js';
import { type Plan, planFor } from './plan.js';
import { statsFromSorted } from './stats.js';
import { DEFAULT_EXPLAIN_LIMIT, type ScoredControl, scoreControl } from './summarise.js';
import { assembleEvaluation } from './totals.js';
import type { EvaluateOptions, Evaluation, ScorableArtifact } from './types.js';

/**
 * Scoring state kept between changes. Each requirement keeps its matching artifacts sorted by
 * expiry, so the fresh count at any time is a binary search. A change touches only the requirements
 * that select the artifact's kind, and re-evaluates only their controls (plus controls whose cached
 * result has passed an expiry). It always agrees with evaluate() over the same artifacts.
 */
export class IncrementalScorer {
  readonly library: ControlLibrary;
  readonly #plan: Plan;
  readonly #limit: number;
  #held = new Map<string, Held>();
  #entries: Entry[][];
  #cache: (ScoredControl | undefined)[];
  #dirty: Uint8Array;
  #evaluations = 0;
  #recomputed: string[] = [];

  constructor(library: ControlLibrary, options: EvaluateOptions = {}) {
    this.library = library;
    this.#plan = planFor(library);
    this.#limit = options.explainLimit ?? DEFAULT_EXPLAIN_LIMIT;
    this.#entries = this.#plan.slots.map(() => []);
    this.#cache = this.#plan.controls.map(() => undefined);
    this.#dirty = new Uint8Array(this.#plan.controls.length);
  }

  /** Control evaluations performed so far (each recomputation of one control counts one). */
  get evaluations(): number {
    return this.#evaluations;
  }

  /** Control ids recomputed by the last evaluateAt call. */
  get lastRecomputed(): readonly string[] {
    return this.#recomputed;
  }

  /** Artifacts currently counted (held and not tombstoned). */
  get size(): number {
    let live = 0;
    for (const { artifact } of this.#held.values()) if (!artifact.tombstone) live++;
    return live;
  }

  /** Ids of the applicable controls with a requirement that selects kind. */
  controlsSelecting(kind: string): string[] {
    const ids = new Set<string>();
    for (const slot of this.#plan.byKind.get(kind) ?? []) {
      ids.add(this.#plan.controls[slot.controlIndex]?.control.id ?? '');
    }
    return [...ids];
  }

  /** Replaces all state with these artifacts in one pass (faster than many upserts). */
  load(artifacts: Iterable<ScorableArtifact>): void {
    this.#held = latestByKey(artifacts);
    this.#entries = buildEntries(this.#plan, this.#held.values());
    this.#cache.fill(undefined);
  }

  /**
   * Applies a new artifact version. Older versions than the one held are ignored; a tombstone
   * removes the artifact from scoring. Returns true when the state changed.
   */
  upsert(artifact: ScorableArtifact): boolean {
    const next = checkArtifact(artifact);
    const current = this.#held.get(artifact.key);
    if (current && !supersedes(artifact, current.artifact)) return false;
    if (current) this.#detach(current);
    this.#held.set(artifact.key, next);
    this.#attach(next);
    return true;
  }

  /** Forgets an artifact entirely (an older version may then be upserted again). */
  remove(key: string): boolean {
    const current = this.#held.get(key);
    if (!current) return false;
    this.#held.delete(key);
    this.#detach(current);
    return true;
  }

  /** The evaluation at now, recomputing only controls that changed or crossed an expiry. */
  evaluateAt(now: string | Date | number): Evaluation {
    const nowMs = toMillis(now, 'now');
    const recomputed: string[] = [];
    for (const planned of this.#plan.controls) {
      const cached = this.#cache[planned.index];
      if (
        cached &&
        this.#dirty[planned.index] === 0 &&
        nowMs >= cached.validFrom &&
        nowMs < cached.validUntil
      )
        continue;
      this.#cache[planned.index] = scoreControl(planned, (slot) =>
        statsFromSorted(this.#entries[slot.index] ?? [], nowMs, slot.requirement.minCount, this.#limit),
      );
      this.#dirty[planned.index] = 0;
      this.#evaluations++;
      recomputed.push(planned.control.id);
    }
    this.#recomputed = recomputed;
    const results = this.#cache.map((scored) => (scored as ScoredControl).result);
    return assembleEvaluation(this.library, results, nowMs);
  }

  #attach({ artifact, effectiveMs }: Held): void {
    if (artifact.tombstone) return;
    for (const slot of this.#plan.byKind.get(artifact.kind) ?? []) {
      if (!slot.matches(artifact)) continue;
      insertEntry(this.#entries[slot.index] as Entry[], {
        exp: slot.expiry(artifact.kind, effectiveMs),
        key: artifact.key,
        artifact,
      });
      this.#dirty[slot.controlIndex] = 1;
    }
  }

  #detach({ artifact, effectiveMs }: Held): void {
    if (artifact.tombstone) return;
    for (const slot of this.#plan.byKind.get(artifact.kind) ?? []) {
      const exp = slot.expiry(artifact.kind, effectiveMs);
      if (removeEntry(this.#entries[slot.index] as Entry[], exp, artifact.key, artifact)) {
        this.#dirty[slot.controlIndex] = 1;
      }
    }
  }
}
