import type { AiSystemScoreRecord, AiSystemSummary } from '@aims/catalogue';
import type { ArtifactVersion } from '@aims/core';
import {
  AUDIT_KINDS,
  type ControlLibrary,
  type Evaluation,
  IncrementalScorer,
  type ScoringContext,
} from '@aims/scoring';

/** An AI system of the configured inventory (structurally, `@aims/config`'s AiSystemConfig). */
export interface InventoryEntry {
  id: string;
  name?: string | undefined;
  purpose?: string | undefined;
  owner?: string | undefined;
  role?: 'provider' | 'producer' | 'user' | undefined;
  lifecycleStage?: string | undefined;
}

type Scorable = Pick<
  ArtifactVersion,
  'key' | 'version' | 'kind' | 'contentHash' | 'effectiveAt' | 'attributes' | 'tombstone' | 'aiSystems'
>;

/**
 * Audit records that name no AI system: they count for every system (an audit's findings name the
 * systems of its scope, and a finding without any concerns them all).
 */
const sharedByAll = (artifact: Scorable): boolean =>
  !artifact.tombstone && AUDIT_KINDS.has(artifact.kind) && artifact.aiSystems.length === 0;

/**
 * The library scored over each AI system's own evidence (the versions that name it), kept
 * incrementally next to the workspace's scorer. Every system of the inventory has a scope, and so
 * does every system that evidence names (flagged as not in the inventory).
 */
export class AiSystemScopes {
  readonly #scorers = new Map<string, IncrementalScorer>();
  /** Systems each live artifact counts for now, to move it when its links change. */
  readonly #linked = new Map<string, readonly string[]>();
  readonly #counts = new Map<string, number>();
  /** Current versions that count for every system (see sharedByAll), by key. */
  readonly #shared = new Map<string, Scorable>();
  readonly #inventory: ReadonlyMap<string, InventoryEntry>;

  #context: ScoringContext | undefined;

  constructor(
    readonly library: ControlLibrary,
    inventory: readonly InventoryEntry[],
    context?: ScoringContext,
  ) {
    this.#context = context;
    this.#inventory = new Map(inventory.map((entry) => [entry.id, entry]));
    for (const entry of inventory) this.#scope(entry.id);
  }

  /** Replaces the state with the current versions of a workspace (tombstones included). */
  load(artifacts: readonly Scorable[]): void {
    const bySystem = new Map<string, Scorable[]>();
    this.#shared.clear();
    for (const artifact of artifacts) {
      if (artifact.tombstone) continue;
      if (sharedByAll(artifact)) {
        this.#shared.set(artifact.key, artifact);
        continue;
      }
      this.#linked.set(artifact.key, artifact.aiSystems);
      for (const id of artifact.aiSystems) {
        const list = bySystem.get(id);
        if (list) list.push(artifact);
        else bySystem.set(id, [artifact]);
      }
    }
    const shared = [...this.#shared.values()];
    for (const [id, list] of bySystem) {
      this.#scope(id).load([...list, ...shared]);
      this.#counts.set(id, list.length);
    }
    if (shared.length > 0)
      for (const [id, scorer] of this.#scorers) if (!bySystem.has(id)) scorer.load(shared);
  }

  /** Applies a new current version; returns the systems whose evidence changed. */
  upsert(artifact: Scorable): string[] {
    const before = this.#linked.get(artifact.key) ?? [];
    const touched = new Set<string>();
    if (sharedByAll(artifact)) {
      for (const id of before) this.#counts.set(id, (this.#counts.get(id) ?? 1) - 1);
      this.#linked.delete(artifact.key);
      this.#shared.set(artifact.key, artifact);
      for (const [id, scorer] of this.#scorers) if (scorer.upsert(artifact)) touched.add(id);
      return [...touched];
    }
    const after = artifact.tombstone ? [] : artifact.aiSystems;
    if (this.#shared.delete(artifact.key)) {
      for (const [id, scorer] of this.#scorers)
        if (!after.includes(id) && scorer.remove(artifact.key)) touched.add(id);
    }
    for (const id of before) {
      if (after.includes(id)) continue;
      if (this.#scope(id).remove(artifact.key)) this.#counts.set(id, (this.#counts.get(id) ?? 1) - 1);
      touched.add(id);
    }
    for (const id of after) {
      const scorer = this.#scope(id);
      if (scorer.upsert(artifact)) touched.add(id);
      if (!before.includes(id)) this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
    }
    if (after.length > 0) this.#linked.set(artifact.key, after);
    else this.#linked.delete(artifact.key);
    return [...touched];
  }

  /** Ids of every system with a scope, sorted. */
  get systems(): string[] {
    return [...this.#scorers.keys()].sort();
  }

  evaluateAt(id: string, now: Date): Evaluation {
    return this.#scope(id).evaluateAt(now);
  }

  /** The inventory and source reads changed: every system is scored with the new context. */
  setContext(context: ScoringContext): void {
    this.#context = context;
    for (const scorer of this.#scorers.values()) scorer.setContext(context);
  }

  /** Whether the last evaluateAt of this system recomputed any control. */
  recomputedLast(id: string): boolean {
    return this.#scope(id).lastRecomputed.length > 0;
  }

  /** The record the API reads for one system, from its evaluation. */
  recordOf(workspace: string, id: string, evaluation: Evaluation): AiSystemScoreRecord {
    const entry = this.#inventory.get(id);
    const { overall } = evaluation;
    const summary: AiSystemSummary = {
      id,
      name: entry?.name ?? id,
      inInventory: entry !== undefined,
      artifactCount: this.#counts.get(id) ?? 0,
      coverage: overall.coverage,
      compliant: overall.compliant,
      partiallyCompliant: overall.partiallyCompliant,
      notCompliant: overall.notCompliant,
      notApplicable: overall.notApplicable,
    };
    for (const field of ['purpose', 'owner', 'role', 'lifecycleStage'] as const) {
      const value = entry?.[field];
      if (value !== undefined) (summary as unknown as Record<string, unknown>)[field] = value;
    }
    return { workspace, summary, scoredAt: evaluation.evaluatedAt, detail: evaluation };
  }

  #scope(id: string): IncrementalScorer {
    let scorer = this.#scorers.get(id);
    if (!scorer) {
      scorer = new IncrementalScorer(this.library, this.#context ? { context: this.#context } : {});
      for (const artifact of this.#shared.values()) scorer.upsert(artifact);
      this.#scorers.set(id, scorer);
    }
    return scorer;
  }
}
