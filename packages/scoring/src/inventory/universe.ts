import type {
  EvaluationInventory,
  InventoryAiSystem,
  InventoryMember,
  ScorableArtifact,
} from '../engine/types.js';
import type { ForEachScope } from '../library/model.js';
import { changedScopes, FOR_EACH_SCOPES, type ResolvedContext } from './context.js';
import { namersOf, namesOf, scopesNamedBy } from './members.js';

interface ScopeState {
  /** Live artifacts naming each member (incremental use). */
  readonly counts: Map<string, number>;
  /** Members named by evidence, without counts (one-pass use: count, then rebuildAll). */
  readonly seen: Set<string>;
  /** Members sorted by id (configured ones and those named by evidence). */
  sorted: InventoryMember[];
  /** A copy of sorted for evaluations, made when first asked for after a change. */
  snapshot: readonly InventoryMember[] | undefined;
}

/** A member that joined or left a scope. */
export interface MemberChange {
  readonly scope: ForEachScope;
  readonly id: string;
}

const NO_CHANGES: readonly MemberChange[] = Object.freeze([]);

function insertionPoint(sorted: readonly InventoryMember[], id: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as InventoryMember).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The members of every forEach scope: the configured inventory plus members named by live
 * evidence (see members.ts), kept sorted by id as artifacts come and go.
 */
export class Universe {
  #configured: ResolvedContext['configured'];
  readonly #scopes: Record<ForEachScope, ScopeState>;
  #inventory: EvaluationInventory | undefined;

  constructor(configured: ResolvedContext['configured']) {
    this.#configured = configured;
    this.#scopes = {
      aiSystem: { counts: new Map(), seen: new Set(), sorted: [], snapshot: undefined },
      repo: { counts: new Map(), seen: new Set(), sorted: [], snapshot: undefined },
      bucket: { counts: new Map(), seen: new Set(), sorted: [], snapshot: undefined },
      dataset: { counts: new Map(), seen: new Set(), sorted: [], snapshot: undefined },
    };
    for (const scope of FOR_EACH_SCOPES) this.#rebuild(scope);
  }

  /**
   * Notes the members a live artifact names, for a one-pass build: no counts and no order until
   * rebuildAll(); a universe filled this way cannot remove artifacts.
   */
  note(artifact: ScorableArtifact): void {
    const { aiSystems } = artifact;
    if (aiSystems !== undefined && aiSystems.length > 0) {
      const { seen } = this.#scopes.aiSystem;
      for (let i = 0; i < aiSystems.length; i++) seen.add(aiSystems[i] as string);
    }
    const namers = namersOf(artifact.kind);
    for (let i = 0; i < namers.length; i++) {
      const { scope, attribute } = namers[i] as (typeof namers)[number];
      const name = artifact.attributes[attribute];
      if (typeof name === 'string' && name.length > 0) this.#scopes[scope].seen.add(name);
    }
  }

  /** Counts the members a live artifact names without keeping order; call rebuildAll() after. */
  count(artifact: ScorableArtifact): void {
    for (const scope of scopesNamedBy(artifact.kind)) {
      const { counts } = this.#scopes[scope];
      for (const name of namesOf(scope, artifact)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }

  rebuildAll(): void {
    for (const scope of FOR_EACH_SCOPES) this.#rebuild(scope);
  }

  /** Adds a live artifact; returns the members it added. */
  add(artifact: ScorableArtifact): readonly MemberChange[] {
    let changed: MemberChange[] | undefined;
    for (const scope of scopesNamedBy(artifact.kind)) {
      const state = this.#scopes[scope];
      for (const name of namesOf(scope, artifact)) {
        const count = state.counts.get(name) ?? 0;
        state.counts.set(name, count + 1);
        if (count === 0 && !this.#configured[scope].has(name)) {
          state.sorted.splice(insertionPoint(state.sorted, name), 0, { id: name, inInventory: false });
          this.#changed(scope);
          changed = [...(changed ?? []), { scope, id: name }];
        }
      }
    }
    return changed ?? NO_CHANGES;
  }

  /** Removes a live artifact; returns the members it took away. */
  remove(artifact: ScorableArtifact): readonly MemberChange[] {
    let changed: MemberChange[] | undefined;
    for (const scope of scopesNamedBy(artifact.kind)) {
      const state = this.#scopes[scope];
      for (const name of namesOf(scope, artifact)) {
        const count = state.counts.get(name) ?? 0;
        if (count > 1) {
          state.counts.set(name, count - 1);
          continue;
        }
        state.counts.delete(name);
        if (count === 1 && !this.#configured[scope].has(name)) {
          state.sorted.splice(insertionPoint(state.sorted, name), 1);
          this.#changed(scope);
          changed = [...(changed ?? []), { scope, id: name }];
        }
      }
    }
    return changed ?? NO_CHANGES;
  }

  /** Replaces the configured inventory; returns the scopes whose members or entries changed. */
  configure(configured: ResolvedContext['configured']): ForEachScope[] {
    const changed = changedScopes(this.#configured, configured);
    this.#configured = configured;
    for (const scope of changed) this.#rebuild(scope);
    return changed;
  }

  /** Members of a scope sorted by id; read it before the next change. */
  members(scope: ForEachScope): readonly InventoryMember[] {
    return this.#scopes[scope].sorted;
  }

  /** A snapshot of every scope for the evaluation (scopes copied again only after they change). */
  inventory(): EvaluationInventory {
    if (this.#inventory) return this.#inventory;
    const snapshot = (scope: ForEachScope): readonly InventoryMember[] => {
      const state = this.#scopes[scope];
      state.snapshot ??= [...state.sorted];
      return state.snapshot;
    };
    const entries = this.#configured.aiSystem;
    const aiSystems = snapshot('aiSystem').map((member): InventoryAiSystem => {
      const entry = entries.get(member.id);
      if (!entry) return member;
      const { id: _, ...details } = entry;
      return { ...member, ...details };
    });
    this.#inventory = {
      aiSystems,
      repos: snapshot('repo'),
      buckets: snapshot('bucket'),
      datasets: snapshot('dataset'),
      notInInventory: aiSystems.filter((member) => !member.inInventory).map((member) => member.id),
    };
    return this.#inventory;
  }

  #changed(scope: ForEachScope): void {
    this.#scopes[scope].snapshot = undefined;
    this.#inventory = undefined;
  }

  #rebuild(scope: ForEachScope): void {
    const state = this.#scopes[scope];
    const configured = this.#configured[scope];
    const ids = new Set<string>([...configured.keys(), ...state.counts.keys(), ...state.seen]);
    state.sorted = [...ids]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((id) => ({ id, inInventory: configured.has(id) }));
    this.#changed(scope);
  }
}
