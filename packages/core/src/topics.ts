/** Kafka topic names; the payload of each is described in contracts/events. */
export const TOPICS = Object.freeze({
  rawEvidence: 'aims.evidence.raw.v1',
  artifactChanged: 'aims.artifact.changed.v1',
  controlScored: 'aims.control.scored.v1',
  harvestRun: 'aims.harvest.run.v1',
} as const);

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** The dead-letter topic of a topic: `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Headers every dead-lettered message carries (see docs/data-model.md). */
export const DLQ_HEADERS = Object.freeze({
  stage: 'aims-stage',
  errorCode: 'aims-error-code',
  errorMessage: 'aims-error-message',
  originalTopic: 'aims-original-topic',
  originalPartition: 'aims-original-partition',
  originalOffset: 'aims-original-offset',
} as const);

/** Message key of aims.control.scored.v1. */
export function controlScoreKey(workspace: string, controlId: string): string {
  return `${workspace}/${controlId}`;
}

/** Message key of aims.harvest.run.v1. */
export function harvestRunKey(workspace: string, instance: string): string {
  return `${workspace}/${instance}`;
}

/** The names a deployment uses for the four pipeline topics (the contract names, or prefixed). */
export interface TopicNames {
  readonly raw: string;
  readonly changed: string;
  readonly scored: string;
  readonly harvestRuns: string;
}

/** The contract names, unprefixed. */
export const defaultTopics: TopicNames = Object.freeze({
  raw: TOPICS.rawEvidence,
  changed: TOPICS.artifactChanged,
  scored: TOPICS.controlScored,
  harvestRuns: TOPICS.harvestRun,
});

/**
 * Topic names of an isolated environment: `<prefix>.aims.evidence.raw.v1` and so on. Two
 * environments on one Kafka cluster use two prefixes, and their consumer groups are prefixed the
 * same way (`prefixedGroupId`), so they share neither partitions nor group membership.
 */
export function prefixedTopics(prefix: string): TopicNames {
  return {
    raw: `${prefix}.${defaultTopics.raw}`,
    changed: `${prefix}.${defaultTopics.changed}`,
    scored: `${prefix}.${defaultTopics.scored}`,
    harvestRuns: `${prefix}.${defaultTopics.harvestRuns}`,
  };
}

/** The topic names for an optional prefix (none: the contract names). */
export function topicNamesFor(prefix: string | undefined): TopicNames {
  return prefix ? prefixedTopics(prefix) : defaultTopics;
}

/** A consumer group id in an environment: `<prefix>.<groupId>`, or the id itself without a prefix. */
export function prefixedGroupId(prefix: string | undefined, groupId: string): string {
  return prefix ? `${prefix}.${groupId}` : groupId;
}
