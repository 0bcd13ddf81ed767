import { FindingRegister } from '../findings/register.js';
import {
  changedReads,
  type ResolvedContext,
  resolveContext,
  type ScoringContext,
} from '../inventory/context.js';
import { countsFor } from '../inventory/members.js';
import { Universe } from '../inventory/universe.js';
import type { ControlLibrary, ForEachScope } from '../library/model.js';
import { toMillis } from '../time.js';
import { checkArtifact, type Held, supersedes } from './artifacts.js';
import { latestByKey } from './evaluate.js';
import { EvidenceIndex, type Touch } from './evidence-index.js';
import { MemberTable } from './member-table.js';
import { type Plan, planFor } from './plan.js';
import { type ScoreSource, scoreMember } from './requirement.js';
import { DEFAULT_EXPLAIN_LIMIT, type ScoredControl, scoreControl } from './summarise.js';
import type { TimingContext } from './timing.js';
import { assembleEvaluation } from './totals.js';
import type { EvaluateOptions, Evaluation, EvidenceChange, ScorableArtifact } from './types.js';

/**
 * Scoring state kept between changes. Each rule keeps its matching artifacts sorted by expiry
 * (per member too under forEach), so the fresh count at any time is a binary search. A change
 * touches only the rules that select the artifact's kind and re-evaluates only their controls
 * (plus controls whose cached result has passed an expiry, and forEach controls whose inventory
 * changed); within a forEach requirement only members whose evidence changed or expired are
 * rescored. It always agrees with evaluate() over the same artifacts and context.
 */
export class IncrementalScorer {
  readonly library: ControlLibrary;
  readonly #plan: Plan;
  readonly #limit: number;
  #context: ResolvedContext;
  #timing: TimingContext;
  #held = new Map<string, Held>();
  readonly #index: EvidenceIndex;
  #universe: Universe;
  readonly #members: (MemberTable | undefined)[];
  readonly #cache: (ScoredControl | undefined)[];
  readonly #dirty: Uint8Array;
  #evaluations = 0;
  #recomputed: string[] = [];
  #findings = new FindingRegister();
  readonly #controlIndex: ReadonlyMap<string, number>;
  #findingTouched: string[] = [];

  constructor(library: ControlLibrary, options: EvaluateOptions = {}) {
    this.library = library;
    this.#plan = planFor(library);
    this.#limit = options.explainLimit ?? DEFAULT_EXPLAIN_LIMIT;
    this.#context = resolveContext(options.context);
    this.#timing = { reads: this.#context.reads, applyReads: true };
    this.#index = new EvidenceIndex(this.#plan);
    this.#universe = new Universe(this.#context.configured);
    this.#members = this.#plan.slots.map((slot) =>
      slot.requirement.forEach ? new MemberTable() : undefined,
    );
    this.#cache = this.#plan.controls.map(() => undefined);
    this.#controlIndex = new Map(this.#plan.controls.map((planned) => [planned.control.id, planned.index]));
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

  /** The context in use. */
  get context(): ScoringContext | undefined {
    return this.#context.source;
  }

  /**
   * Controls whose findings the last upsert or remove changed (an audit finding or corrective
   * action names them), beside those whose requirements select its kind.
   */
  get lastFindingControls(): readonly string[] {
    return this.#findingTouched;
  }

  /** Ids of the applicable controls with a requirement that selects kind. */
  controlsSelecting(kind: string): string[] {
    const ids = new Set<string>();
    for (const rule of this.#plan.byKind.get(kind) ?? []) {
      ids.add(this.#plan.controls[rule.slot.controlIndex]?.control.id ?? '');
    }
    return [...ids];
  }

  /**
   * Replaces the inventory and source reads. Controls with forEach requirements over a scope
   * whose configured members changed, and controls with last-read limits when reads changed, are
   * marked for re-evaluation.
   */
  setContext(context: ScoringContext | undefined): void {
    const next = resolveContext(context);
    const readsChanged = changedReads(this.#context, next);
    this.#context = next;
    this.#timing = { reads: next.reads, applyReads: true };
    for (const scope of this.#universe.configure(next.configured)) this.#resetScope(scope);
    if (!readsChanged) return;
    for (const rule of this.#plan.readingRules) {
      this.#index.rebuild(rule, this.#held.values(), this.#timing);
      this.#members[rule.slot.index]?.reset();
      this.#dirty[rule.slot.controlIndex] = 1;
    }
  }

  /** Replaces all state with these artifacts in one pass (faster than many upserts). */
  load(artifacts: Iterable<ScorableArtifact>): void {
    this.#held = latestByKey(artifacts);
    this.#universe = new Universe(this.#context.configured);
    for (const { artifact } of this.#held.values()) if (!artifact.tombstone) this.#universe.count(artifact);
    this.#universe.rebuildAll();
    this.#index.load(this.#held.values(), this.#timing);
    this.#findings = new FindingRegister();
    for (const { artifact } of this.#held.values()) if (!artifact.tombstone) this.#findings.add(artifact);
    for (const members of this.#members) members?.reset();
    this.#cache.fill(undefined);
  }

  /**
   * Applies a new artifact version. Older versions than the one held are ignored; a tombstone
   * removes the artifact from scoring. Returns true when the state changed.
   */
  upsert(artifact: ScorableArtifact): boolean {
    const next = checkArtifact(artifact);
    const current = this.#held.get(artifact.key);
    this.#findingTouched = [];
    if (current && !supersedes(artifact, current.artifact)) return false;
    if (current) this.#detach(current);
    this.#held.set(artifact.key, next);
    this.#attach(next);
    return true;
  }

  /** Forgets an artifact entirely (an older version may then be upserted again). */
  remove(key: string): boolean {
    const current = this.#held.get(key);
    this.#findingTouched = [];
    if (!current) return false;
    this.#held.delete(key);
    this.#detach(current);
    return true;
  }

  /**
   * Matching evidence whose time falls in (from, to]: in favour, versions that are fresh at `from`
   * and go stale by `to` (at their expiry, with the reason); against, versions that start counting
   * against their control in between. One entry per rule (a requirement, or one of its anyOf
   * alternatives) of the applicable controls, in time order per rule.
   */
  changesBetween(from: string | Date | number, to: string | Date | number): EvidenceChange[] {
    const fromMs = toMillis(from, 'from');
    const toMs = toMillis(to, 'to');
    const changes: EvidenceChange[] = [];
    for (const rule of this.#plan.rules) {
      const { requirement } = rule.slot;
      const controlId = this.#plan.controls[rule.slot.controlIndex]?.control.id ?? '';
      for (const entry of this.#index.between(rule, fromMs, toMs)) {
        const scope = requirement.forEach;
        changes.push({
          controlId,
          requirementId: requirement.id,
          ...(requirement.anyOf ? { alternativeId: rule.rule.id } : {}),
          counts: rule.against ? 'against' : 'for',
          at: new Date(entry.exp).toISOString(),
          ...(rule.against || entry.reason === undefined ? {} : { reason: entry.reason }),
          artifact: entry.artifact,
          ...(scope ? { forEach: scope, members: countsFor(scope, entry.artifact) } : {}),
        });
      }
    }
    return changes;
  }

  /** The evaluation at now, recomputing only controls that changed or crossed an expiry. */
  evaluateAt(now: string | Date | number): Evaluation {
    const nowMs = toMillis(now, 'now');
    const recomputed: string[] = [];
    const source = this.#source(nowMs);
    for (const planned of this.#plan.controls) {
      const cached = this.#cache[planned.index];
      if (
        cached &&
        this.#dirty[planned.index] === 0 &&
        nowMs >= cached.validFrom &&
        nowMs < cached.validUntil
      )
        continue;
      const scored = scoreControl(planned, source);
      // Open nonconformities cap the control; the cap lasts as long as the evidence result does.
      this.#cache[planned.index] = { ...scored, result: this.#findings.apply(scored.result) };
      this.#dirty[planned.index] = 0;
      this.#evaluations++;
      recomputed.push(planned.control.id);
    }
    this.#recomputed = recomputed;
    const results = this.#cache.map((scored) => (scored as ScoredControl).result);
    return assembleEvaluation(this.library, results, nowMs, this.#universe.inventory());
  }

  #source(now: number): ScoreSource {
    const limit = this.#limit;
    return {
      now,
      stats: (rule) => this.#index.stats(rule, now, limit),
      members: (slot, scope) =>
        (this.#members[slot.index] as MemberTable).totals(this.#universe.members(scope), now, (member) =>
          scoreMember(slot, member, (rule) => this.#index.memberStats(rule, member.id, now, limit)),
        ),
    };
  }

  readonly #touch: Touch = (rule, members) => {
    this.#dirty[rule.slot.controlIndex] = 1;
    const cache = this.#members[rule.slot.index];
    if (cache) for (const member of members) cache.dirty.add(member);
  };

  #membersChanged(changes: readonly { scope: ForEachScope; id: string }[], joined: boolean): void {
    for (const { scope, id } of changes) {
      for (const slot of this.#plan.forEach.get(scope) ?? []) {
        this.#dirty[slot.controlIndex] = 1;
        (this.#members[slot.index] as MemberTable).member(id, joined);
      }
    }
  }

  #resetScope(scope: ForEachScope): void {
    for (const slot of this.#plan.forEach.get(scope) ?? []) {
      this.#members[slot.index]?.reset();
      this.#dirty[slot.controlIndex] = 1;
    }
  }

  #attach(held: Held): void {
    if (held.artifact.tombstone) return;
    this.#membersChanged(this.#universe.add(held.artifact), true);
    this.#index.attach(held, this.#timing, this.#touch);
    this.#findingsChanged(this.#findings.add(held.artifact));
  }

  #detach(held: Held): void {
    if (held.artifact.tombstone) return;
    this.#membersChanged(this.#universe.remove(held.artifact), false);
    this.#index.detach(held, this.#timing, this.#touch);
    this.#findingsChanged(this.#findings.remove(held.artifact.key));
  }

  /** Controls named by a finding that changed (or whose audit or corrective action did) are rescored. */
  #findingsChanged(controlIds: readonly string[]): void {
    for (const id of controlIds) {
      const index = this.#controlIndex.get(id);
      if (index === undefined) continue;
      this.#dirty[index] = 1;
      if (!this.#findingTouched.includes(id)) this.#findingTouched.push(id);
    }
  }
}
