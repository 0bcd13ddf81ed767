import type { Catalogue } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import type { ArtifactVersion } from '@aims/core';
import type { AiSystemEntry, ControlLibrary, Evaluation, ScoringContext } from '@aims/scoring';

/** Every current artifact of the workspace, tombstones included (they shadow older versions). */
export async function currentArtifacts(catalogue: Catalogue, workspace: string): Promise<ArtifactVersion[]> {
  const artifacts: ArtifactVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalogue.listArtifacts(
      { workspace, includeTombstoned: true },
      cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor },
    );
    artifacts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return artifacts;
}

/** What the scorer knows besides the artifacts: the configured AI systems and each source's last read. */
export async function contextOf(catalogue: Catalogue, config: WorkspaceConfig): Promise<ScoringContext> {
  const sourceReads = new Map<string, string>();
  for (const run of await catalogue.listHarvestRuns(config.workspace, { limit: 1_000 })) {
    if ((run.status !== 'succeeded' && run.status !== 'partial') || run.finishedAt === undefined) continue;
    const known = sourceReads.get(run.instance);
    if (known === undefined || run.finishedAt > known) sourceReads.set(run.instance, run.finishedAt);
  }
  const aiSystems = config.aiSystems.map((system) => {
    const entry: Record<string, string> = {};
    for (const [field, value] of Object.entries(system)) if (typeof value === 'string') entry[field] = value;
    return entry as unknown as AiSystemEntry;
  });
  return { inventory: { aiSystems }, sourceReads };
}

/** The controls scored now over the catalogue's current artifacts, as the scorer would score them. */
export async function evaluateNow(
  catalogue: Catalogue,
  config: WorkspaceConfig,
  library: ControlLibrary,
  now: Date,
): Promise<{ evaluation: Evaluation; artifacts: number }> {
  const { evaluate } = await import('@aims/scoring');
  const artifacts = await currentArtifacts(catalogue, config.workspace);
  const context = await contextOf(catalogue, config);
  const evaluation = evaluate(library, artifacts, now.toISOString(), { context });
  return { evaluation, artifacts: artifacts.filter((artifact) => !artifact.tombstone).length };
}
