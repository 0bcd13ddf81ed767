import { IncrementalScorer } from '../engine/incremental.js';
import type { Evaluation, EvidenceChange, ScorableArtifact } from '../engine/types.js';
import { ScoringInputError } from '../errors.js';
import { freshnessOf } from '../freshness.js';
import type { ScoringContext } from '../inventory/context.js';
import type { ControlLibrary } from '../library/model.js';
import { toMillis } from '../time.js';
import { assembleForecast } from './assemble.js';
import type { Forecast, ForecastRequest } from './types.js';

/**
 * The context as it will stand at a later instant if harvests keep their rhythm: each source's last
 * successful read moved on by the same time, so a source read on schedule stays fresh and one that
 * is failing stays stale. The forecast is about evidence that must be renewed by people, not about
 * connectors that run by themselves.
 */
function contextLater(context: ScoringContext | undefined, byMs: number): ScoringContext | undefined {
  if (!context?.sourceReads || context.sourceReads.size === 0) return context;
  const sourceReads = new Map<string, string>();
  for (const [instance, at] of context.sourceReads)
    sourceReads.set(instance, new Date(Date.parse(at) + byMs).toISOString());
  return { ...context, sourceReads };
}

/** One rule's identity: control, requirement and anyOf alternative. */
const ruleId = (of: { controlId: string; requirementId: string; alternativeId?: string }): string =>
  `${of.controlId}\u0000${of.requirementId}\u0000${of.alternativeId ?? ''}`;

function readingRules(library: ControlLibrary): Set<string> {
  const ids = new Set<string>();
  for (const control of library.controls)
    for (const requirement of control.requirements)
      for (const rule of requirement.rules) {
        if (rule.maxCount !== undefined || Object.keys(rule.lastReadWithin).length === 0) continue;
        const alternativeId = requirement.anyOf ? rule.id : undefined;
        ids.add(
          ruleId({
            controlId: control.id,
            requirementId: requirement.id,
            ...(alternativeId === undefined ? {} : { alternativeId }),
          }),
        );
      }
  return ids;
}

/**
 * The evidence of a workspace (or of one AI system) kept for forecasts: an IncrementalScorer over
 * the current versions, so a forecast is two evaluations at an instant and a look at the matches
 * whose expiry falls in between, rather than a pass over every artifact. Keep it current with
 * upsert and remove; `forecast(...)` equals the pure `forecast()` over the same versions.
 */
export class ForecastModel {
  readonly library: ControlLibrary;
  readonly #scorer: IncrementalScorer;
  #context: ScoringContext | undefined;
  /** Rules (control, requirement, alternative) in favour whose freshness depends on source reads. */
  readonly #reading: ReadonlySet<string>;

  constructor(library: ControlLibrary, options: { context?: ScoringContext | undefined } = {}) {
    this.library = library;
    this.#reading = readingRules(library);
    this.#context = options.context;
    // Forecasts list no explanations, so the scorer keeps none.
    this.#scorer = new IncrementalScorer(library, { context: options.context, explainLimit: 0 });
  }

  /** Replaces every version (one pass). */
  load(artifacts: Iterable<ScorableArtifact>): void {
    this.#scorer.load(artifacts);
  }

  /** Applies a new version; false when it changes nothing (an older or the same version). */
  upsert(artifact: ScorableArtifact): boolean {
    return this.#scorer.upsert(artifact);
  }

  /** Forgets an artifact (it no longer belongs to this model's evidence). */
  remove(key: string): boolean {
    return this.#scorer.remove(key);
  }

  /** Replaces the inventory and the sources' last reads. */
  setContext(context: ScoringContext | undefined): void {
    this.#context = context;
  }

  /** Artifacts counted (live ones). */
  get size(): number {
    return this.#scorer.size;
  }

  /**
   * Which controls and clauses will not be compliant at `request.at` if no new evidence arrives,
   * and the evidence to renew before then with its owner. Throws ScoringInputError (naming `at`)
   * when `at` is not after `now`.
   */
  forecast(request: ForecastRequest): Forecast {
    const now = toMillis(request.now, 'now');
    const at = toMillis(request.at, 'at');
    if (at <= now) {
      throw new ScoringInputError(
        `at (${new Date(at).toISOString()}) must be after now (${new Date(now).toISOString()})`,
        '/at',
      );
    }
    const current: Evaluation = this.#evaluate(this.#context, now);
    const later = contextLater(this.#context, at - now);
    const future = this.#evaluate(later, at);
    const changes = this.#scorer.changesBetween(now, at).filter((change) => this.#renewable(change, now));
    return assembleForecast({
      library: this.library,
      current,
      future,
      changes,
      owners: request.owners,
    });
  }

  /**
   * Whether a change found under the later context is evidence to act on: counter-evidence always;
   * evidence in favour unless its expiry comes from its source's last read (those sources keep
   * being read) or, for a rule with a last-read limit, it is stale already now.
   */
  #renewable(change: EvidenceChange, now: number): boolean {
    if (change.counts === 'against') return true;
    if (change.reason === 'source_not_read') return false;
    if (!this.#reading.has(ruleId(change))) return true;
    return freshnessOf(this.library, change.artifact, now, this.#context).some(
      (entry) => ruleId(entry) === ruleId(change) && !entry.stale,
    );
  }

  #evaluate(context: ScoringContext | undefined, at: number): Evaluation {
    this.#scorer.setContext(context);
    return this.#scorer.evaluateAt(at);
  }
}
