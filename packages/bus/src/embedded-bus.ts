import { EmbeddedGroup, type EmbeddedMember, type PartitionLog } from './embedded-group.js';
import {
  BusClosedError,
  BusUnavailableError,
  InvalidSubscriptionError,
  UnknownTopicError,
} from './errors.js';
import { partitionForKey } from './partition.js';
import type {
  DeliveredMessage,
  EventBus,
  MessageBatch,
  OutgoingMessage,
  PublishReceipt,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from './port.js';

export interface EmbeddedEventBusOptions {
  /** Partitions of topics created without an explicit count. Default 3. */
  defaultPartitions?: number;
  /** Create unknown topics on publish or subscribe (like Kafka's auto-create). Default false. */
  autoCreateTopics?: boolean;
  /** Messages per handler call when the subscription does not say. Default 500. */
  maxBatchSize?: number;
  /** Told about every handler failure; the batch is retried after a backoff. */
  onHandlerError?: (error: unknown, batch: MessageBatch) => void;
  /**
   * Messages committed by every group are dropped once at least this many can go. Default 1,000.
   * Groups joining later start at the oldest message kept.
   */
  compactAfter?: number;
}

/** Append-only in-memory log per topic partition, shared by all groups of this bus. */
export class EmbeddedEventBus implements EventBus {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, EmbeddedGroup>();
  private readonly roundRobin = new Map<string, number>();
  private closed = false;
  private readonly defaultPartitions: number;
  private readonly autoCreate: boolean;
  private readonly maxBatchSize: number;
  private readonly onHandlerError: ((error: unknown, batch: MessageBatch) => void) | undefined;
  private readonly compactAfter: number;

  constructor(options: EmbeddedEventBusOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 3;
    this.autoCreate = options.autoCreateTopics ?? false;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.onHandlerError = options.onHandlerError;
    this.compactAfter = Math.max(1, options.compactAfter ?? 1_000);
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    this.assertOpen('ensure topics');
    for (const spec of topics) this.createTopic(spec.topic, spec.partitions ?? this.defaultPartitions);
  }

  async publishBatch(topic: string, messages: OutgoingMessage[]): Promise<PublishReceipt[]> {
    this.assertOpen('publish');
    const log = this.topicLog(topic);
    const first = new Map<number, number>();
    const now = String(Date.now());
    for (const message of messages) {
      const partition = this.choosePartition(topic, message.key, log.length);
      const { base, entries } = log[partition] as PartitionLog;
      if (!first.has(partition)) first.set(partition, base + entries.length);
      entries.push({
        topic,
        partition,
        offset: String(base + entries.length),
        key: message.key,
        value:
          typeof message.value === 'string' ? Buffer.from(message.value, 'utf8') : Buffer.from(message.value),
        headers: { ...(message.headers ?? {}) },
        timestamp: now,
      });
    }
    for (const group of this.groups.values()) group.wake();
    return [...first].map(([partition, offset]) => ({ topic, partition, baseOffset: String(offset) }));
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen('subscribe');
    if (options.topics.length === 0) throw new InvalidSubscriptionError('no topics given');
    if (!options.groupId) throw new InvalidSubscriptionError('groupId is empty');
    for (const topic of options.topics) this.topicLog(topic);
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = new EmbeddedGroup(options.groupId, {
        partitionsOf: (topic) => this.topics.get(topic) ?? [],
        onCommit: (topic, partition) => this.compact(topic, partition),
        onHandlerError: this.onHandlerError,
      });
      this.groups.set(options.groupId, group);
    }
    const member: EmbeddedMember = group.join({
      topics: [...options.topics],
      handler: options.handler,
      concurrency: Math.max(1, options.partitionsConsumedConcurrently ?? 1),
      maxBatchSize: Math.max(1, options.maxBatchSize ?? this.maxBatchSize),
      fromBeginning: options.fromBeginning ?? true,
    });
    const joined = group;
    return { groupId: options.groupId, stop: () => joined.leave(member) };
  }

  /** In process, the bus answers while it is open. */
  async ping(): Promise<void> {
    if (this.closed) throw new BusUnavailableError('the embedded bus is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.groups.values()].map((group) => group.stopAll()));
  }

  /** Committed offset (next offset to read) of a group for a partition; for tests and metrics. */
  committedOffset(groupId: string, topic: string, partition: number): number | undefined {
    return this.groups.get(groupId)?.committed(topic, partition);
  }

  /** End offset of a partition: messages ever published to it. */
  partitionLength(topic: string, partition: number): number {
    const log = this.topics.get(topic)?.[partition];
    return log ? log.base + log.entries.length : 0;
  }

  /** Messages still held in memory for a partition (after retention). */
  retainedMessages(topic: string, partition: number): number {
    return this.topics.get(topic)?.[partition]?.entries.length ?? 0;
  }

  /**
   * Drops messages that every group reading the topic has committed (like Kafka retention, so a
   * long-running process does not keep its whole history). Groups pin what they have not read.
   */
  private compact(topic: string, partition: number): void {
    const log = this.topics.get(topic)?.[partition];
    if (!log) return;
    let low = Number.POSITIVE_INFINITY;
    for (const group of this.groups.values()) {
      const committed = group.committed(topic, partition);
      if (committed !== undefined) low = Math.min(low, committed);
    }
    const drop = low - log.base;
    if (!Number.isFinite(drop) || drop < this.compactAfter) return;
    log.entries = log.entries.slice(drop);
    log.base += drop;
  }

  private createTopic(topic: string, partitions: number): PartitionLog[] {
    const existing = this.topics.get(topic);
    if (existing) return existing;
    const log = Array.from({ length: Math.max(1, partitions) }, () => ({
      base: 0,
      entries: [] as DeliveredMessage[],
    }));
    this.topics.set(topic, log);
    return log;
  }

  private topicLog(topic: string): PartitionLog[] {
    const log = this.topics.get(topic);
    if (log) return log;
    if (!this.autoCreate) throw new UnknownTopicError(topic);
    return this.createTopic(topic, this.defaultPartitions);
  }

  private choosePartition(topic: string, key: string | null, partitions: number): number {
    if (key !== null) return partitionForKey(key, partitions);
    const next = this.roundRobin.get(topic) ?? 0;
    this.roundRobin.set(topic, next + 1);
    return next % partitions;
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new BusClosedError(operation);
  }
}
