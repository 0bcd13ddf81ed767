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
