import { type DraftContent, jsonContent } from '@aims/connector-sdk';
import {
  type MlflowExperiment,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowRun,
  tagMap,
} from './payloads.js';

// The content each MLflow artifact stores: canonical JSON of what the tracking server answered,
// in its own vocabulary (times as RFC 3339). The SDK's jsonContent redacts credentials that tags
// or dataset sources may carry (tokens in git URLs, presigned S3 URLs).

const iso = (ms: number | undefined): string | null =>
  ms === undefined || ms === 0 ? null : new Date(ms).toISOString();

export function experimentContent(exp: MlflowExperiment): DraftContent {
  return jsonContent({
    experimentId: exp.experiment_id,
    name: exp.name,
    lifecycleStage: exp.lifecycle_stage,
    artifactLocation: exp.artifact_location ?? null,
    createdAt: iso(exp.creation_time),
    lastUpdatedAt: iso(exp.last_update_time),
    tags: tagMap(exp.tags),
  });
}

/** A dataset input of a run: the dataset with its source, profile and schema, and the input's tags. */
function datasetInput(input: MlflowRun['inputs']['dataset_inputs'][number]) {
  const d = input.dataset;
  return {
    name: d.name,
    digest: d.digest,
    sourceType: d.source_type ?? null,
    source: d.source ?? null,
    profile: d.profile ?? null,
    schema: d.schema ?? null,
    tags: tagMap(input.tags),
  };
}

/** Params, every logged metric value (with time and step), tags, dataset inputs and artifact paths. */
export function runContent(run: MlflowRun, artifacts: readonly string[]): DraftContent {
  const { info, data } = run;
  return jsonContent({
    runId: info.run_id,
    experimentId: info.experiment_id,
    runName: info.run_name ?? null,
    user: info.user_id || null,
    status: info.status,
    lifecycleStage: info.lifecycle_stage,
    startTime: iso(info.start_time),
    endTime: iso(info.end_time),
    artifactUri: info.artifact_uri ?? null,
    params: tagMap(data.params),
    metrics: data.metrics.map((m) => ({
      key: m.key,
      value: m.value,
      timestamp: iso(m.timestamp),
      step: m.step ?? null,
    })),
    tags: tagMap(data.tags),
    datasetInputs: run.inputs.dataset_inputs.map(datasetInput),
    artifacts: [...artifacts].sort(),
  });
}

/**
 * One dataset as MLflow describes it: source, profile and schema. The input's tags (training or
 * evaluation context) belong to the run that logged it, and are in the run's content: a dataset
 * logged by several runs is the same content.
 */
export function datasetContent(input: MlflowRun['inputs']['dataset_inputs'][number]): DraftContent {
  const { tags: _ofTheRun, ...dataset } = datasetInput(input);
  return jsonContent(dataset);
}

/** A model version as the registry holds it, with its aliases and, for production, its lineage. */
export function modelVersionContent(
  version: MlflowModelVersion,
  aliases: readonly string[],
  lineage: unknown,
): DraftContent {
  return jsonContent({
    name: version.name,
    version: version.version,
    createdAt: iso(version.creation_timestamp),
    lastUpdatedAt: iso(version.last_updated_timestamp),
    user: version.user_id || null,
    stage: version.current_stage ?? null,
    aliases: [...aliases].sort(),
    status: version.status,
    statusMessage: version.status_message || null,
    description: version.description || null,
    source: version.source ?? null,
    runId: version.run_id || null,
    tags: tagMap(version.tags),
    ...(lineage === undefined ? {} : { lineage }),
  });
}

/** The registered model's card: its description, every tag (the card tags among them) and aliases. */
export function modelCardContent(
  model: MlflowRegisteredModel,
  card: { intendedUse: unknown; limitations: unknown },
): DraftContent {
  return jsonContent({
    model: model.name,
    description: model.description || null,
    intendedUse: card.intendedUse,
    limitations: card.limitations,
    createdAt: iso(model.creation_timestamp),
    lastUpdatedAt: iso(model.last_updated_timestamp),
    tags: tagMap(model.tags),
    aliases: model.aliases.map((a) => ({ alias: a.alias, version: a.version })),
  });
}
