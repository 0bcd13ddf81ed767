import type { AiSystemSummary } from '@aims/catalogue';
import type { ApiSchema } from '@aims/core';
import type { ApiContext } from '../context.js';
import { UnknownAiSystemError } from '../errors.js';

/** Every AI system the API knows: the configured inventory, then those only evidence names. */
export async function knownAiSystems(ctx: ApiContext): Promise<Map<string, ApiSchema<'AiSystem'>>> {
  const scored = new Map(
    (await ctx.catalogue.listAiSystemSummaries(ctx.workspace)).map((summary) => [summary.id, summary]),
  );
  const systems = new Map<string, ApiSchema<'AiSystem'>>();
  for (const entry of ctx.aiSystems ?? []) {
    const summary = scored.get(entry.id);
    systems.set(entry.id, summary ? view(summary) : view(fromEntry(entry)));
  }
  for (const [id, summary] of scored)
    if (!systems.has(id)) systems.set(id, view({ ...summary, inInventory: false }));
  return new Map([...systems].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Throws 404 unknown_ai_system unless the inventory or the evidence knows the system. */
export async function requireAiSystem(ctx: ApiContext, id: string | undefined): Promise<void> {
  if (id === undefined) return;
  if ((ctx.aiSystems ?? []).some((entry) => entry.id === id)) return;
  const scored = await ctx.catalogue.listAiSystemSummaries(ctx.workspace);
  if (scored.some((summary) => summary.id === id)) return;
  // Named by evidence the scorer has not scored yet.
  const named = await ctx.catalogue.listArtifacts({ workspace: ctx.workspace, aiSystem: id }, { limit: 1 });
  if (named.items.length === 0) throw new UnknownAiSystemError(id);
}

function emptySummary(id: string): AiSystemSummary {
  return {
    id,
    inInventory: true,
    artifactCount: 0,
    coverage: null,
    compliant: 0,
    partiallyCompliant: 0,
    notCompliant: 0,
    notApplicable: 0,
  };
}

/** A configured system the scorer has not scored yet: no evidence, no figures. */
function fromEntry(entry: NonNullable<ApiContext['aiSystems']>[number]): AiSystemSummary {
  const summary = emptySummary(entry.id);
  if (entry.name !== undefined) summary.name = entry.name;
  if (entry.purpose !== undefined) summary.purpose = entry.purpose;
  if (entry.owner !== undefined) summary.owner = entry.owner;
  if (entry.role !== undefined) summary.role = entry.role;
  if (entry.lifecycleStage !== undefined) summary.lifecycleStage = entry.lifecycleStage;
  return summary;
}

function view(summary: AiSystemSummary): ApiSchema<'AiSystem'> {
  const system: ApiSchema<'AiSystem'> = {
    id: summary.id,
    name: summary.name ?? summary.id,
    inInventory: summary.inInventory,
    artifactCount: summary.artifactCount,
  };
  if (summary.purpose !== undefined) system.purpose = summary.purpose;
  if (summary.owner !== undefined) system.owner = summary.owner;
  if (summary.role !== undefined) system.role = summary.role;
  if (summary.lifecycleStage !== undefined) system.lifecycleStage = summary.lifecycleStage;
  if (summary.coverage !== null) {
    system.coverage = summary.coverage;
    system.totals = {
      controls: summary.compliant + summary.partiallyCompliant + summary.notCompliant + summary.notApplicable,
      compliant: summary.compliant,
      partiallyCompliant: summary.partiallyCompliant,
      notCompliant: summary.notCompliant,
      notApplicable: summary.notApplicable,
      coverage: summary.coverage,
    };
  }
  return system;
}
