/**
 * EventBus port: keyed topics, consumer groups, batch handlers, manual offset commits.
 * Adapters: Kafka (`KafkaEventBus`) and in-process (`EmbeddedEventBus`). Both give the same
 * guarantees: per-partition order (partition chosen by key hash), at-least-once delivery, and a
 * batch's offsets are committed only after its handler resolved. A handler that throws, or a
 * consumer that stops before commit, makes the batch (from the last committed offset) come again.
 */

/** Header values are strings; adapters drop undefined values. */
export type MessageHeaders = Record<string, string>;

/** A message to publish. `key` picks the partition (same key, same partition, same order). */
export interface OutgoingMessage {
  key: string | null;
  value: Buffer | string;
  headers?: MessageHeaders;
}

/** A message as delivered to a consumer. */
export interface DeliveredMessage {
  topic: string;
  partition: number;
  /** Offset as a decimal string (Kafka offsets are 64-bit). */
  offset: string;
  key: string | null;
  value: Buffer;
  headers: MessageHeaders;
  /** Milliseconds since epoch, as a decimal string. */
  timestamp: string;
}

/** Messages of one topic partition, in offset order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: DeliveredMessage[];
  /** Offset the partition's next message will get, when the adapter knows it (for lag). */
  highWatermark?: string;
}

export interface BatchContext {
  /** Tells the broker the consumer is alive; call it during long batches. */
  heartbeat(): Promise<void>;
  /** Aborted when the subscription is stopping; the batch will not be committed if unfinished. */
  signal: AbortSignal;
}

/** Resolve to commit the whole batch; throw to have it delivered again. */
export type BatchHandler = (batch: MessageBatch, context: BatchContext) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Where a group without committed offsets starts. Default true (earliest). */
  fromBeginning?: boolean;
  /** Partitions handled at the same time by this member. Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Upper bound of messages per handler call (the embedded adapter; Kafka bounds by bytes). */
  maxBatchSize?: number;
}

export interface Subscription {
  readonly groupId: string;
  /** Stops fetching, waits for running handlers, commits what finished, leaves the group. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  /** Default: the adapter's `defaultPartitions`. */
  partitions?: number;
  /** Kafka only. Default: the adapter's `defaultReplicationFactor` (1 unless configured). */
  replicationFactor?: number;
}

export interface PublishReceipt {
  topic: string;
  partition: number;
  /** Offset of the first message of this publish in that partition, when the adapter knows it. */
  baseOffset?: string;
}

export interface EventBus {
  /** Creates missing topics (existing ones are left as they are). */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /**
   * Publishes all messages; resolves only after every message is durably acknowledged
   * (Kafka: acks=-1, idempotent producer). Order per key is preserved.
   */
  publishBatch(topic: string, messages: OutgoingMessage[]): Promise<PublishReceipt[]>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Resolves when the bus answers now (Kafka: the cluster describes itself within `timeoutMs`,
   * default 2 s); throws BusUnavailableError naming why when it does not. For readiness checks.
   */
  ping?(timeoutMs?: number): Promise<void>;
  /** Stops every subscription and disconnects. */
  close(): Promise<void>;
}

/** Dead-letter topic name and headers, as defined in @aims/core (docs/data-model.md). */
export { DLQ_HEADERS as DEAD_LETTER_HEADERS, dlqTopic as deadLetterTopic } from '@aims/core';
