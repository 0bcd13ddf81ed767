import type { Actor, Catalogue, KpiValueWrite } from '@aims/catalogue';
import { computeKpis, type Evaluation, type KpiDefinition, type ScorableArtifact } from '@aims/scoring';

const actor: Actor = { type: 'service', id: 'scorer' };

/**
 * Kinds the KPIs read besides the evaluation: review records (KPI reports, management reviews),
 * audit findings and their corrective actions, production model versions and their runs.
 */
const KPI_KINDS = new Set([
  'record.document',
  'audit.finding',
  'audit.corrective-action',
  'ml.model-version',
  'ml.run',
]);

/**
 * Computes each workspace's KPIs after every evaluation and records them in the catalogue's KPI
 * history. Keeps the current versions of the kinds KPIs read in memory (loaded when the scorer
 * warms, then kept current from the changed topic).
 */
export class KpiTracker {
  readonly #evidence = new Map<string, Map<string, ScorableArtifact>>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly definitionsFor: (workspace: string) => readonly KpiDefinition[],
  ) {}

  /** The current versions of a workspace (tombstones included: they remove what they shadow). */
  load(workspace: string, artifacts: readonly (ScorableArtifact & { workspace: string })[]): void {
    this.#evidence.set(workspace, new Map());
    for (const artifact of artifacts) this.upsert(artifact);
  }

  upsert(artifact: ScorableArtifact & { workspace: string }): void {
    if (!KPI_KINDS.has(artifact.kind)) return;
    const held = this.#evidence.get(artifact.workspace) ?? new Map<string, ScorableArtifact>();
    this.#evidence.set(artifact.workspace, held);
    const known = held.get(artifact.key);
    if (known && known.version > artifact.version) return;
    if (artifact.tombstone) held.delete(artifact.key);
    else held.set(artifact.key, artifact);
  }

  /** Computes the workspace's KPIs over an evaluation and its open gaps at `at`, and stores them. */
  async record(
    workspace: string,
    evaluation: Evaluation,
    openGaps: readonly { openedAt: string }[],
    at: Date,
  ): Promise<void> {
    const definitions = this.definitionsFor(workspace);
    if (definitions.length === 0) return;
    const values = computeKpis(definitions, {
      evaluation,
      openGaps,
      artifacts: this.#evidence.get(workspace)?.values() ?? [],
      now: at,
    });
    const computedAt = at.toISOString();
    await this.catalogue.putKpiValues(
      values.map((value): KpiValueWrite => {
        const { kpiId, ...rest } = value;
        return { workspace, kpiId, ...rest, computedAt };
      }),
      actor,
    );
  }
}
