import type { Actor, Catalogue, GapRecord } from '@aims/catalogue';
import { advanceGaps, type Evaluation, type TrackedGap } from '@aims/scoring';

const actor: Actor = { type: 'service', id: 'scorer' };

/** The scope of a set of gaps: the workspace itself, or one AI system's view of it. */
const scopeKey = (workspace: string, aiSystem: string | undefined) => `${workspace}\u0000${aiSystem ?? ''}`;

function toRecord(workspace: string, gap: TrackedGap): GapRecord {
  return { workspace, ...gap } as GapRecord;
}

function toTracked(record: GapRecord): TrackedGap {
  const { workspace: _workspace, ...gap } = record;
  return gap as TrackedGap;
}

/**
 * Keeps the open gaps of each scope in memory (loaded once from the catalogue) and moves them
 * forward after each evaluation, storing what opened, changed or closed.
 */
export class GapTracker {
  readonly #open = new Map<string, readonly TrackedGap[]>();
  readonly #loaded = new Set<string>();

  constructor(private readonly catalogue: Catalogue) {}

  /** Loads the open gaps of a workspace (all its scopes). */
  async warm(workspace: string): Promise<void> {
    if (this.#loaded.has(workspace)) return;
    const open = await this.catalogue.listGaps(workspace, { state: 'open' });
    const byScope = new Map<string, TrackedGap[]>();
    for (const record of open) {
      const key = scopeKey(workspace, record.aiSystem);
      byScope.set(key, [...(byScope.get(key) ?? []), toTracked(record)]);
    }
    for (const [key, gaps] of byScope) this.#open.set(key, gaps);
    this.#loaded.add(workspace);
  }

  /** The open gaps of one scope (the workspace's own without `aiSystem`), as last advanced. */
  openOf(workspace: string, aiSystem?: string): readonly TrackedGap[] {
    return this.#open.get(scopeKey(workspace, aiSystem)) ?? [];
  }

  /** Advances one scope's gaps to an evaluation; returns when to look again without new evidence. */
  async advance(
    workspace: string,
    aiSystem: string | undefined,
    evaluation: Evaluation,
    now: Date,
  ): Promise<string | undefined> {
    const key = scopeKey(workspace, aiSystem);
    const transition = advanceGaps(evaluation, this.#open.get(key) ?? [], {
      now,
      ...(aiSystem === undefined ? {} : { aiSystem }),
    });
    if (transition.changed.length > 0)
      await this.catalogue.putGaps(
        transition.changed.map((gap) => toRecord(workspace, gap)),
        actor,
      );
    this.#open.set(key, transition.open);
    return transition.nextCheckAt;
  }
}
