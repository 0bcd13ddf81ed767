import {
  defaultTopics,
  type MessagePublisher,
  publish,
  type RawEvidenceRecord,
  topicCatalogue,
  topicNamesFor,
} from '@aims/core';

/**
 * Where the API sends the evidence it collects itself (internal audits, findings, corrective
 * actions): the raw evidence topic, as connectors and webhooks do, so the normaliser versions,
 * hashes and audit-logs them like any other evidence.
 */
export interface EvidenceSink {
  /** Validates the records against the raw topic's contract and resolves once they are acknowledged. */
  publish(records: readonly RawEvidenceRecord[]): Promise<void>;
}

/** A sink over an event bus (`EventBus` of `@aims/bus` fits): the raw topic, checked by its contract. */
export function rawEvidenceSink(bus: MessagePublisher, rawTopic: string = defaultTopics.raw): EvidenceSink {
  const topic = topicCatalogue({ ...defaultTopics, raw: rawTopic }).raw;
  return { publish: (records) => publish(bus, topic, records) };
}

/** The raw evidence topic's name under a topic prefix (TOPIC_PREFIX), for services that create it. */
export function rawEvidenceTopic(topicPrefix?: string): string {
  return topicNamesFor(topicPrefix).raw;
}
