import type { BundleControl, BundleGap, BundleInput, BundleKpi, BundleVersion } from '@aims/bundle';
import type { Catalogue, GapRecord } from '@aims/catalogue';
import type { ArtifactVersion } from '@aims/core';
import {
  type AiSystemEntry,
  type ControlLibrary,
  type ControlResult,
  evaluate,
  freshnessOf,
  gapReport,
  kpisOrDefault,
  type RequirementResult,
  type ScoringContext,
} from '@aims/scoring';
import type { ExportRequest } from './request.js';

/** An AI system of the configured inventory (structurally, `@aims/config`'s AiSystemConfig). */
export interface InventoryInput {
  id: string;
  name?: string | undefined;
  purpose?: string | undefined;
  owner?: string | undefined;
  role?: 'provider' | 'producer' | 'user' | undefined;
  lifecycleStage?: string | undefined;
}

export interface CollectDeps {
  catalogue: Catalogue;
  library: ControlLibrary;
  workspace: string;
  organisation: string;
  toolVersion: string;
  inventory: readonly InventoryInput[];
  /**
   * The KPIs of the workspace config (structurally, `@aims/config`'s `kpis:`), whose recorded
   * values the bundle carries in this order; absent, the default set (`DEFAULT_KPIS`).
   */
  kpis?: readonly { id: string }[] | undefined;
}

/** The entry as scoring takes it: optional fields present or absent, never undefined. */
function entryOf(input: InventoryInput): AiSystemEntry {
  const entry: Record<string, string> = { id: input.id };
  for (const [field, value] of Object.entries(input)) if (typeof value === 'string') entry[field] = value;
  return entry as unknown as AiSystemEntry;
}

const DAY_MS = 86_400_000;
const DUE_DAYS = { high: 30, medium: 60, low: 90 } as const;

/** Every live version current at asOf, restricted to the requested AI systems. */
async function versionsAt(deps: CollectDeps, request: ExportRequest): Promise<ArtifactVersion[]> {
  const versions: ArtifactVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.catalogue.listVersionsAsOf(
      deps.workspace,
      request.asOf,
      cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor },
    );
    for (const version of page.items) {
      if (version.tombstone) continue;
      if (request.aiSystems && !version.aiSystems.some((id) => request.aiSystems?.includes(id))) continue;
      versions.push(version);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return versions;
}

/** The scoring context as it stood at asOf: the inventory and the sources' last reads by then. */
async function contextAt(deps: CollectDeps, asOf: string): Promise<ScoringContext> {
  const sourceReads = new Map<string, string>();
  for (const run of await deps.catalogue.listHarvestRunsFinishedBy(deps.workspace, asOf, { limit: 5_000 })) {
    if ((run.status !== 'succeeded' && run.status !== 'partial') || run.finishedAt === undefined) continue;
    const known = sourceReads.get(run.instance);
    if (known === undefined || run.finishedAt > known) sourceReads.set(run.instance, run.finishedAt);
  }
  return { inventory: { aiSystems: deps.inventory.map(entryOf) }, sourceReads };
}

function missingText(requirement: RequirementResult): string | undefined {
  if (requirement.satisfied) return undefined;
  const note = requirement.note ? ` (${requirement.note})` : '';
  if (requirement.counts === 'against')
    return `${requirement.description.replace(/\.$/, '')}: evidence counts against the control${note}.`;
  return `Needs ${requirement.missingCount} more fresh ${requirement.kinds.join(' or ')} (${requirement.description.replace(/\.$/, '')})${note}.`;
}

function summaryOf(control: ControlResult): string {
  if (control.status === 'not_applicable')
    return `Excluded: ${control.notApplicable?.justification ?? ''}`.trim();
  const met = control.requirements.filter((requirement) => requirement.satisfied).length;
  const essential = control.unmetEssential?.length
    ? `; essential requirement not met: ${control.unmetEssential.join(', ')}`
    : '';
  return `${control.status.replaceAll('_', ' ')}: ${met} of ${control.requirements.length} requirements met, coverage ${control.coverage}%${essential}.`;
}

function bundleControl(control: ControlResult): BundleControl {
  const out: BundleControl = {
    id: control.controlId,
    title: control.title,
    objectiveId: control.objectiveId,
    library: control.library,
    status: control.status,
    coverage: control.coverage,
    present: control.present,
    fresh: control.fresh,
    explanation: {
      summary: summaryOf(control),
      requirements: control.requirements.map((requirement) => {
        const missing = missingText(requirement);
        return {
          id: requirement.requirementId,
          description: requirement.description,
          satisfied: requirement.satisfied,
          satisfiedBy: requirement.satisfiedBy.map((ref) => ({ key: ref.key, version: ref.version })),
          stale: requirement.stale.map((ref) => ({
            key: ref.key,
            version: ref.version,
            expiredAt: ref.expiredAt,
          })),
          ...(missing === undefined ? {} : { missing }),
        };
      }),
    },
  };
  if (control.nextExpiryAt !== undefined) out.nextExpiryAt = control.nextExpiryAt;
  return out;
}

/** Keys each control's explanation cites. */
function citedBy(controls: readonly ControlResult[]): Set<string> {
  const keys = new Set<string>();
  for (const control of controls)
    for (const requirement of control.requirements) {
      for (const ref of requirement.satisfiedBy) keys.add(ref.key);
      for (const ref of requirement.stale) keys.add(ref.key);
    }
  return keys;
}

/** Entries of each KPI's history the bundle carries (the one current at asOf and those before it). */
const KPI_HISTORY = 50;

/** The KPIs as the scorer had recorded them by asOf: each one's value then, and the values before. */
async function kpisAt(deps: CollectDeps, asOf: string): Promise<BundleKpi[]> {
  const entries = await deps.catalogue.listKpiValues(deps.workspace, { asOf, limit: KPI_HISTORY + 1 });
  const byKpi = new Map<string, typeof entries>();
  for (const entry of entries) byKpi.set(entry.kpiId, [...(byKpi.get(entry.kpiId) ?? []), entry]);
  const ids = kpisOrDefault(deps.kpis).map((k) => k.id);
  return ids.flatMap((id) => {
    const [current, ...before] = byKpi.get(id) ?? [];
    if (!current) return [];
    const kpi: BundleKpi = {
      id,
      title: current.title,
      metric: current.metric,
      unit: current.unit,
      value: current.value,
      target: current.target,
      met: current.met,
      since: current.since,
      note: current.note,
      reviewCadence: current.reviewCadence,
      history: before.map((entry) => ({ since: entry.since, value: entry.value, met: entry.met })),
    };
    if (current.lastReviewedAt !== undefined) kpi.lastReviewedAt = current.lastReviewedAt;
    if (current.nextReviewAt !== undefined) kpi.nextReviewAt = current.nextReviewAt;
    return [kpi];
  });
}

/** The gap of each control open at asOf (opened before, not closed by then). */
async function gapsOpenAt(deps: CollectDeps, asOf: string): Promise<Map<string, GapRecord>> {
  const open = new Map<string, GapRecord>();
  for (const gap of await deps.catalogue.listGaps(deps.workspace)) {
    if (gap.aiSystem !== undefined || gap.openedAt > asOf) continue;
    if (gap.closedAt !== undefined && gap.closedAt <= asOf) continue;
    open.set(gap.controlId, gap);
  }
  return open;
}

/**
 * Everything the bundle says about the workspace at `request.asOf`: the versions current then,
 * the controls scored over them at that instant, the Statement of Applicability, the open gaps,
 * the KPIs as last computed by then and the audit chain head. Built only from what was recorded by then, so two exports of the
 * same instant and filters describe the same state.
 */
export async function collectBundleInput(deps: CollectDeps, request: ExportRequest): Promise<BundleInput> {
  const { library, asOf } = { library: deps.library, asOf: request.asOf };
  const versions = await versionsAt(deps, request);
  const context = await contextAt(deps, asOf);
  const evaluation = evaluate(library, versions, asOf, { context });
  const wanted = request.controls ? new Set(request.controls) : undefined;
  const controls = evaluation.controls.filter((control) => !wanted || wanted.has(control.controlId));
  const cited = citedBy(controls);
  const included = wanted ? versions.filter((version) => cited.has(version.key)) : versions;
  const bundleVersions: BundleVersion[] = included.map((version) => {
    const freshness = freshnessOf(library, version, asOf, context).filter(
      (entry) => entry.counts === 'for' && (!wanted || wanted.has(entry.controlId)),
    );
    const out: BundleVersion = {
      key: version.key,
      version: version.version,
      kind: version.kind,
      collectedAt: version.collectedAt,
      effectiveAt: version.effectiveAt,
      contentHash: version.contentHash,
      attributes: version.attributes,
      freshness: freshness.map((entry) => ({
        controlId: entry.controlId,
        requirementId: entry.requirementId,
        stale: entry.stale,
        ...(entry.freshUntil === undefined ? {} : { freshUntil: entry.freshUntil }),
      })),
      controls: [
        ...new Set(freshness.filter((entry) => !entry.stale).map((entry) => entry.controlId)),
      ].sort(),
    };
    if (version.title !== undefined) out.title = version.title;
    if (version.url !== undefined) out.url = version.url;
    if (version.owner !== undefined) out.owner = version.owner;
    if (version.expiresAt !== undefined) out.expiresAt = version.expiresAt;
    if (version.content?.blobKey !== undefined)
      out.content = { ...version.content, blobKey: version.content.blobKey };
    return out;
  });
  const stored = await gapsOpenAt(deps, asOf);
  const gaps: BundleGap[] = gapReport({ ...evaluation, controls }, { now: asOf }).gaps.map((gap) => {
    const openedAt = stored.get(gap.controlId)?.openedAt;
    const dueAt =
      openedAt === undefined
        ? gap.dueAt
        : new Date(Date.parse(openedAt) + DUE_DAYS[gap.priority] * DAY_MS).toISOString();
    return {
      controlId: gap.controlId,
      status: gap.status,
      priority: gap.priority,
      ownerRole: gap.ownerRole,
      dueAt,
      missing: gap.missing.map((m) => ({ requirementId: m.requirementId, description: m.description })),
    };
  });
  const head = await deps.catalogue.auditHeadAt(asOf);
  const kpis = await kpisAt(deps, asOf);
  return {
    organisation: deps.organisation,
    workspace: deps.workspace,
    asOf,
    toolVersion: deps.toolVersion,
    library: { id: library.id, version: library.version },
    // The Annex A controls and the clauses 4 to 10, when both were scored.
    ...(library.sources.length > 1
      ? { libraries: library.sources.map((source) => ({ id: source.id, version: source.version })) }
      : {}),
    objectives: library.objectives.map((objective) => ({
      id: objective.id,
      title: objective.title,
      library: objective.library,
    })),
    versions: bundleVersions,
    controls: controls.map(bundleControl),
    // The Statement of Applicability covers the Annex A controls; clauses always apply.
    applicability: library.controls
      .filter((control) => control.library === 'annex-a' && (!wanted || wanted.has(control.id)))
      .map((control) => {
        if (!control.notApplicable) return { controlId: control.id, applicable: true };
        const exclusion = control.notApplicable as typeof control.notApplicable & {
          approvedBy?: string;
          approvedAt?: string;
          reviewBy?: string;
        };
        return {
          controlId: control.id,
          applicable: false,
          justification: exclusion.justification,
          ...(exclusion.approvedBy === undefined ? {} : { approvedBy: exclusion.approvedBy }),
          ...(exclusion.approvedAt === undefined ? {} : { approvedAt: exclusion.approvedAt }),
          ...(exclusion.reviewBy === undefined ? {} : { reviewDueAt: exclusion.reviewBy }),
        };
      }),
    gaps,
    kpis,
    auditChainHead: head ? { seq: head.seq, hash: head.entryHash } : null,
  };
}
