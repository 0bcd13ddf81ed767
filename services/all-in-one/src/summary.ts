import type { Catalogue, HarvestRunRecord } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import type { SkippedItem } from '@aims/core';
import type { ControlLibrary } from '@aims/scoring';

export interface StartSummary {
  workspace: string;
  artifactsBySource: Array<{ instance: string; artifacts: number }>;
  objectives: Array<{
    objectiveId: string;
    title: string;
    compliant: number;
    partiallyCompliant: number;
    notCompliant: number;
    notApplicable: number;
  }>;
  topGaps: Array<{ controlId: string; title: string; priority: string; dueAt: string; owner: string }>;
  openGaps: number;
  skipped: Array<{ instance: string } & Pick<SkippedItem, 'path' | 'line' | 'error'>>;
  runs: Array<Pick<HarvestRunRecord, 'instance' | 'status'>>;
}

const RANK = { high: 1, medium: 2, low: 3 } as const;

/** What the catalogue holds after the first harvest, for the start-up summary. */
export async function buildSummary(input: {
  config: WorkspaceConfig;
  catalogue: Catalogue;
  library: ControlLibrary;
  runs: readonly HarvestRunRecord[];
}): Promise<StartSummary> {
  const { config, catalogue, library } = input;
  const workspace = config.workspace;
  const bySource = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await catalogue.listArtifacts(
      { workspace },
      cursor ? { limit: 1000, cursor } : { limit: 1000 },
    );
    for (const item of page.items)
      bySource.set(item.sourceInstance, (bySource.get(item.sourceInstance) ?? 0) + 1);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const scores = new Map(
    (await catalogue.getScores(workspace)).map((score) => [score.controlId, score.status]),
  );
  const objectives = library.objectives.map((objective) => {
    const statuses = objective.controlIds.map((id) => scores.get(id));
    const count = (status: string) => statuses.filter((s) => s === status).length;
    return {
      objectiveId: objective.id,
      title: objective.title,
      compliant: count('compliant'),
      partiallyCompliant: count('partially_compliant'),
      notCompliant: count('not_compliant'),
      notApplicable: count('not_applicable'),
    };
  });
  const gaps = (await catalogue.listGaps(workspace, { state: 'open' }))
    .filter((gap) => gap.aiSystem === undefined)
    .sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.dueAt.localeCompare(b.dueAt));
  const topGaps = gaps.slice(0, 5).map((gap) => {
    const person = config.owners[gap.ownerRole];
    return {
      controlId: gap.controlId,
      title: (gap.detail as { title?: string }).title ?? gap.controlId,
      priority: gap.priority,
      dueAt: gap.dueAt,
      owner: person ? `${person.name} (${gap.ownerRole})` : `unassigned (${gap.ownerRole})`,
    };
  });
  return {
    workspace,
    artifactsBySource: [...bySource].sort().map(([instance, artifacts]) => ({ instance, artifacts })),
    objectives,
    topGaps,
    openGaps: gaps.length,
    skipped: input.runs.flatMap((run) =>
      (run.skipped ?? []).map((item) => {
        const entry: StartSummary['skipped'][number] = { instance: run.instance, error: item.error };
        if (item.path !== undefined) entry.path = item.path;
        if (item.line !== undefined) entry.line = item.line;
        return entry;
      }),
    ),
    runs: input.runs.map((run) => ({ instance: run.instance, status: run.status })),
  };
}

/** The summary as a few lines of plain text for the terminal. */
export function formatSummary(summary: StartSummary): string {
  const lines: string[] = [];
  const total = summary.artifactsBySource.reduce((sum, source) => sum + source.artifacts, 0);
  lines.push(`First harvest of workspace "${summary.workspace}": ${total} artifacts`);
  for (const source of summary.artifactsBySource)
    lines.push(`  ${source.instance.padEnd(24)} ${source.artifacts}`);
  for (const run of summary.runs)
    if (run.status !== 'succeeded') lines.push(`  ${run.instance}: run ${run.status}`);
  lines.push('', 'Controls by objective (compliant / partial / not compliant / excluded):');
  for (const o of summary.objectives) {
    const figures = `${o.compliant} / ${o.partiallyCompliant} / ${o.notCompliant} / ${o.notApplicable}`;
    lines.push(`  ${o.objectiveId.padEnd(6)} ${o.title.slice(0, 52).padEnd(52)} ${figures}`);
  }
  lines.push('', `Top gaps (${summary.openGaps} open):`);
  if (summary.topGaps.length === 0) lines.push('  none');
  for (const gap of summary.topGaps)
    lines.push(
      `  ${gap.controlId.padEnd(8)} ${gap.priority.padEnd(6)} due ${gap.dueAt.slice(0, 10)}  ${gap.owner}  ${gap.title}`,
    );
  if (summary.skipped.length > 0) {
    lines.push('', `Files that could not be read (${summary.skipped.length}):`);
    for (const item of summary.skipped) {
      // Connectors name the object in their messages; say where only when they did not.
      const where =
        item.path !== undefined && !item.error.message.includes(item.path) ? `${item.path}: ` : '';
      lines.push(`  ${item.instance}: ${where}${item.error.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
