import { createHash } from 'node:crypto';
import { scrubText, scrubValue, type UpsertDraft } from '@aims/connector-sdk';
import type { MlflowConfig } from './config.js';
import {
  datasetContent,
  experimentContent,
  modelCardContent,
  modelVersionContent,
  runContent,
} from './content.js';
import {
  type MlflowExperiment,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowRun,
  tagMap,
} from './payloads.js';

type MappingConfig = Pick<
  MlflowConfig,
  | 'trackingUri'
  | 'approvalTag'
  | 'approvedByTag'
  | 'approvedAtTag'
  | 'evaluationRunTag'
  | 'validationTag'
  | 'productionAliases'
  | 'intendedUseTag'
  | 'limitationsTag'
  | 'aiSystemTag'
  | 'datasetLicenseTag'
>;

const iso = (ms: number | undefined): string | null =>
  ms === undefined || ms === 0 ? null : new Date(ms).toISOString();
const truthy = new Set(['true', 'yes', 'approved', '1']);

function aiSystems(tags: Record<string, string>, tagName: string): { aiSystems?: string[] } {
  const ids = (tags[tagName] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return ids.length === 0 ? {} : { aiSystems: [...new Set(ids)].sort() };
}

export const experimentExternalId = (id: string) => `experiment:${id}`;
export const runExternalId = (id: string) => `run:${id}`;
export const modelVersionExternalId = (model: string, version: string) => `model:${model}:version:${version}`;
export const modelCardExternalId = (model: string) => `model:${model}:card`;
export const datasetExternalId = (name: string, digest: string) => `dataset:${name}@${digest}`;

/** Tags as attributes: credentials some carry (a token in a git URL) are redacted. */
const tagsOf = (list: ReadonlyArray<{ key: string; value: string }>) => scrubValue(tagMap(list));

export function experimentToDraft(exp: MlflowExperiment, config: MappingConfig): UpsertDraft {
  const tags = tagsOf(exp.tags);
  const updated = iso(exp.last_update_time);
  return {
    externalId: experimentExternalId(exp.experiment_id),
    kind: 'ml.experiment',
    title: exp.name,
    url: `${config.trackingUri}/#/experiments/${encodeURIComponent(exp.experiment_id)}`,
    ...(updated === null ? {} : { sourceRevision: String(exp.last_update_time), effectiveAt: updated }),
    ...aiSystems(tags, config.aiSystemTag),
    attributes: {
      experimentId: exp.experiment_id,
      name: exp.name,
      lifecycleStage: exp.lifecycle_stage,
      tags,
    },
    ...experimentContent(exp),
  };
}

/**
 * Dataset `source` is often JSON (`{"uri": ...}`); keep the location, not the wrapper, without
 * the credentials a URL may carry (a presigned URL's signature).
 */
export function datasetLocation(source: string | undefined): string | null {
  const location = locationOf(source);
  return location === null ? null : scrubText(location);
}

function locationOf(source: string | undefined): string | null {
  if (source === undefined || source === '') return null;
  try {
    const parsed = JSON.parse(source) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      for (const key of ['uri', 'url', 'path', 'table_name']) {
        const value = (parsed as Record<string, unknown>)[key];
        if (typeof value === 'string' && value !== '') return value;
      }
    }
  } catch {
    // Not JSON: the source is the location itself.
  }
  return source;
}

/** The datasets a run logged (runs/log-inputs), as provenance. */
export function runDatasets(run: MlflowRun): Array<{
  name: string;
  digest: string;
  source: string | null;
  sourceType: string | null;
}> {
  return run.inputs.dataset_inputs.map((input) => ({
    name: input.dataset.name,
    digest: input.dataset.digest,
    source: datasetLocation(input.dataset.source),
    sourceType: input.dataset.source_type ?? null,
  }));
}

const NO_LICENCE = new Set(['', 'unknown', 'none', 'n/a', 'noassertion']);

/** A licence as tagged; null when the tag is missing or says nothing ("unknown", "n/a"). */
function statedLicence(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  return NO_LICENCE.has(text.toLowerCase()) ? null : text;
}

/** Whether a version serves production: a production alias, or the (legacy) Production stage. */
export function isProduction(
  version: MlflowModelVersion,
  aliases: readonly string[],
  config: Pick<MlflowConfig, 'productionAliases'>,
): boolean {
  return (
    version.current_stage === 'Production' ||
    aliases.some((alias) => config.productionAliases.includes(alias.toLowerCase()))
  );
}

export interface RunDrafts {
  run: UpsertDraft;
  datasets: UpsertDraft[];
}

/** A run and the datasets it consumed (provenance); metrics that are not finite numbers are left out. */
export function runToDrafts(run: MlflowRun, artifacts: readonly string[], config: MappingConfig): RunDrafts {
  const { info, data } = run;
  const tags = tagsOf(data.tags);
  const metrics: Record<string, number> = {};
  for (const m of data.metrics) {
    const value = typeof m.value === 'number' ? m.value : Number(m.value);
    if (Number.isFinite(value)) metrics[m.key] = value;
  }
  const datasets = runDatasets(run);
  const licences = new Map(
    run.inputs.dataset_inputs.map((input) => [
      `${input.dataset.name}@${input.dataset.digest}`,
      statedLicence(tagMap(input.tags)[config.datasetLicenseTag]),
    ]),
  );
  const endTime = iso(info.end_time);
  const startTime = iso(info.start_time);
  const owner = tags['mlflow.user'] || info.user_id || undefined;
  const systems = aiSystems(tags, config.aiSystemTag);
  const runDraft: UpsertDraft = {
    externalId: runExternalId(info.run_id),
    kind: 'ml.run',
    title: info.run_name ?? tags['mlflow.runName'] ?? info.run_id,
    url: `${config.trackingUri}/#/experiments/${encodeURIComponent(info.experiment_id)}/runs/${encodeURIComponent(info.run_id)}`,
    ...(owner === undefined ? {} : { owner }),
    ...((endTime ?? startTime) === null ? {} : { effectiveAt: (endTime ?? startTime) as string }),
    ...systems,
    attributes: {
      runId: info.run_id,
      experimentId: info.experiment_id,
      status: info.status,
      startTime,
      endTime,
      params: tagMap(data.params),
      metrics,
      tags,
      datasets,
      artifacts: [...artifacts].sort(),
    },
    ...runContent(run, artifacts),
  };
  const inputs = new Map(
    run.inputs.dataset_inputs.map((input) => [`${input.dataset.name}@${input.dataset.digest}`, input]),
  );
  const datasetDrafts = datasets.map<UpsertDraft>((d) => ({
    externalId: datasetExternalId(d.name, d.digest),
    kind: 'ml.dataset',
    title: d.name,
    sourceRevision: d.digest,
    ...systems,
    attributes: {
      name: d.name,
      digest: d.digest,
      source: d.source,
      sourceType: d.sourceType,
      license: licences.get(`${d.name}@${d.digest}`) ?? null,
    },
    ...contentOfInput(inputs.get(`${d.name}@${d.digest}`)),
  }));
  return { run: runDraft, datasets: datasetDrafts };
}

/**
 * A model version with its approval, production status, evaluation link and outcome (tags), and
 * for a production version the datasets its source run logged (lineage; empty when none).
 */
export function modelVersionToDraft(
  version: MlflowModelVersion,
  model: MlflowRegisteredModel,
  config: MappingConfig,
  lineage?: ReturnType<typeof runDatasets>,
): UpsertDraft {
  const tags = tagsOf(version.tags);
  const aliases =
    version.aliases ?? model.aliases.filter((a) => a.version === version.version).map((a) => a.alias);
  const approved = truthy.has((tags[config.approvalTag] ?? '').trim().toLowerCase());
  const approvedBy = tags[config.approvedByTag];
  const approvedAt = tags[config.approvedAtTag];
  const updated = iso(version.last_updated_timestamp);
  const stage =
    version.current_stage === undefined || version.current_stage === 'None' ? null : version.current_stage;
  return {
    externalId: modelVersionExternalId(version.name, version.version),
    kind: 'ml.model-version',
    title: `${version.name} v${version.version}`,
    url: `${config.trackingUri}/#/models/${encodeURIComponent(version.name)}/versions/${encodeURIComponent(version.version)}`,
    ...(version.last_updated_timestamp === undefined
      ? {}
      : { sourceRevision: String(version.last_updated_timestamp) }),
    ...(updated === null ? {} : { effectiveAt: updated }),
    ...aiSystems({ ...tagMap(model.tags), ...tags }, config.aiSystemTag),
    attributes: {
      model: version.name,
      version: version.version,
      aliases: [...aliases].sort(),
      stage,
      status: version.status,
      tags,
      description: version.description || null,
      sourceRunId: version.run_id || null,
      production: isProduction(version, aliases, config),
      evaluationRunId: tags[config.evaluationRunTag] || null,
      validationStatus: tags[config.validationTag] || null,
      approved,
      ...(approved && approvedBy !== undefined ? { approvedBy } : {}),
      ...(approved && approvedAt !== undefined && DATE.test(approvedAt) ? { approvedAt } : {}),
      ...(lineage === undefined ? {} : { datasets: lineage }),
    },
    ...modelVersionContent(version, aliases, lineage),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A model card from the registered model's card tags; none when both are empty. The model's
 * description is kept as such: a description is not a statement of intended use.
 */
export function modelCardToDraft(
  model: MlflowRegisteredModel,
  config: MappingConfig,
): UpsertDraft | undefined {
  const tags = tagMap(model.tags);
  const intendedUse = tags[config.intendedUseTag] || null;
  const limitations = tags[config.limitationsTag] || null;
  if (intendedUse === null && limitations === null) return undefined;
  const updated = iso(model.last_updated_timestamp);
  return {
    externalId: modelCardExternalId(model.name),
    kind: 'ml.model-card',
    title: `${model.name} model card`,
    url: `${config.trackingUri}/#/models/${encodeURIComponent(model.name)}`,
    ...(updated === null ? {} : { effectiveAt: updated }),
    ...aiSystems(tags, config.aiSystemTag),
    attributes: {
      model: model.name,
      intendedUse,
      limitations,
      path: null,
      description: model.description || null,
    },
    ...modelCardContent(model, { intendedUse, limitations }),
  };
}

/** The content of a dataset input, when the run still lists it. */
function contentOfInput(input: MlflowRun['inputs']['dataset_inputs'][number] | undefined) {
  return input === undefined ? {} : datasetContent(input);
}

/**
 * Short digest of a draft, kept in cursors to skip unchanged objects and spot deletions. Content
 * counts by its digest (the bytes themselves are left out).
 */
export function fingerprint(draft: UpsertDraft): string {
  const { body: _bytes, ...described } = draft;
  return createHash('sha256').update(JSON.stringify(described)).digest('hex').slice(0, 16);
}
