import { versionJson } from './encoded.js';
import type {
  ArtifactChangedEvent,
  ControlScoredEvent,
  HarvestRunEvent,
  RawEvidenceRecord,
} from './generated/events.js';
import { artifactKey } from './key.js';
import { controlScoreKey, defaultTopics, harvestRunKey, TOPICS, type TopicNames } from './topics.js';
import {
  type CheckResult,
  checkArtifactChanged,
  checkControlScored,
  checkHarvestRun,
  checkRawRecord,
} from './validation.js';

const SCHEMA_BASE = 'https://schemas.aims-evidence-mesh.dev/events/';

/** Largest raw evidence record accepted on the raw topic: 256 KiB (content lives in the blob store). */
export const RAW_RECORD_MAX_BYTES = 256 * 1024;

/**
 * What one topic carries: its contract name, the JSON Schema of its payload (contracts/events),
 * the compiled validator of that schema, the message key of a value and its JSON encoding.
 */
export interface TopicContract<T> {
  /** The contract name, e.g. `aims.evidence.raw.v1`. */
  readonly contract: string;
  /** `$id` of the payload schema in contracts/events. */
  readonly schemaId: string;
  /** The generated validator of that schema (kind attributes included where the payload has them). */
  readonly check: (value: unknown) => CheckResult<T>;
  /** The message key: it picks the partition, so every value of one key stays in order. */
  readonly key: (value: T) => string;
  /** JSON text of a valid value. */
  readonly encode: (value: T) => string;
  /** Largest encoded value in bytes, when the topic has a limit. */
  readonly maxBytes?: number;
}

/** A topic contract under the name one deployment uses for it (the contract name or a prefixed one). */
export interface TypedTopic<T> extends TopicContract<T> {
  readonly name: string;
}

/** The payload type of a topic. */
export type PayloadOf<T> = T extends TopicContract<infer P> ? P : never;

/** The artifact is spliced in as the catalogue already encoded it for its row, not encoded again. */
function encodeChanged(event: ArtifactChangedEvent): string {
  const { artifact, ...rest } = event;
  const head = JSON.stringify(rest);
  const artifactText = versionJson(artifact);
  return head === '{}' ? `{"artifact":${artifactText}}` : `${head.slice(0, -1)},"artifact":${artifactText}}`;
}

/** The contracts of the pipeline topics, by role. */
export const TOPIC_CONTRACTS = Object.freeze({
  raw: {
    contract: TOPICS.rawEvidence,
    schemaId: `${SCHEMA_BASE}raw-evidence.v1.schema.json`,
    check: checkRawRecord,
    key: (record: RawEvidenceRecord) =>
      artifactKey({
        workspace: record.workspace,
        instance: record.source.instance,
        externalId: record.externalId,
      }),
    encode: (record: RawEvidenceRecord) => JSON.stringify(record),
    maxBytes: RAW_RECORD_MAX_BYTES,
  } satisfies TopicContract<RawEvidenceRecord>,
  changed: {
    contract: TOPICS.artifactChanged,
    schemaId: `${SCHEMA_BASE}artifact-changed.v1.schema.json`,
    check: checkArtifactChanged,
    key: (event: ArtifactChangedEvent) => event.artifact.key,
    encode: encodeChanged,
  } satisfies TopicContract<ArtifactChangedEvent>,
  scored: {
    contract: TOPICS.controlScored,
    schemaId: `${SCHEMA_BASE}control-scored.v1.schema.json`,
    check: checkControlScored,
    key: (event: ControlScoredEvent) => controlScoreKey(event.workspace, event.controlId),
    encode: (event: ControlScoredEvent) => JSON.stringify(event),
  } satisfies TopicContract<ControlScoredEvent>,
  harvestRuns: {
    contract: TOPICS.harvestRun,
    schemaId: `${SCHEMA_BASE}harvest-run.v1.schema.json`,
    check: checkHarvestRun,
    key: (run: HarvestRunEvent) => harvestRunKey(run.workspace, run.instance),
    encode: (run: HarvestRunEvent) => JSON.stringify(run),
  } satisfies TopicContract<HarvestRunEvent>,
});

/** Every pipeline topic, typed by its payload, under the names a deployment uses. */
export interface TopicCatalogue {
  readonly raw: TypedTopic<RawEvidenceRecord>;
  readonly changed: TypedTopic<ArtifactChangedEvent>;
  readonly scored: TypedTopic<ControlScoredEvent>;
  readonly harvestRuns: TypedTopic<HarvestRunEvent>;
}

export interface TopicCatalogueOptions {
  /** Limit of a raw record (default `RAW_RECORD_MAX_BYTES`); keep it equal to the normaliser's. */
  maxRecordBytes?: number;
}

/** The typed topics for a deployment's topic names (default: the contract names). */
export function topicCatalogue(
  names: TopicNames = defaultTopics,
  options: TopicCatalogueOptions = {},
): TopicCatalogue {
  const { raw, changed, scored, harvestRuns } = TOPIC_CONTRACTS;
  return {
    raw: { ...raw, name: names.raw, maxBytes: options.maxRecordBytes ?? raw.maxBytes },
    changed: { ...changed, name: names.changed },
    scored: { ...scored, name: names.scored },
    harvestRuns: { ...harvestRuns, name: names.harvestRuns },
  };
}
