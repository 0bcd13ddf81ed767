import type { Batch, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { retryDelayMs } from './errors.js';
import type {
  DeliveredMessage,
  MessageBatch,
  MessageHeaders,
  SubscribeOptions,
  Subscription,
} from './port.js';

export interface KafkaConsumerTuning {
  /** Default 10 MiB. */
  maxBytes?: number;
  /** Default 2 MiB. */
  maxBytesPerPartition?: number;
  /** Default 1. */
  minBytes?: number;
  /** Default 100. */
  maxWaitTimeInMs?: number;
  /** Default 30,000. */
  sessionTimeout?: number;
  /** Default 3,000. */
  heartbeatInterval?: number;
}

interface SubscriptionHooks {
  tuning: KafkaConsumerTuning;
  onHandlerError: ((error: unknown, batch: MessageBatch) => void) | undefined;
  onStopped: (subscription: KafkaSubscription) => void;
}

function headersOf(raw: Batch['messages'][number]['headers']): MessageHeaders {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return headers;
}

function toDelivered(batch: Batch): DeliveredMessage[] {
  return batch.messages.map((m) => ({
    topic: batch.topic,
    partition: batch.partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.toString('utf8'),
    value: m.value ?? Buffer.alloc(0),
    headers: headersOf(m.headers),
    timestamp: m.timestamp,
  }));
}

const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

/** One consumer group member: eachBatch, handler, then commit; retries a failed batch in place. */
export class KafkaSubscription implements Subscription {
  readonly groupId: string;
  private readonly consumer: Consumer;
  private readonly abort = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: SubscribeOptions,
    private readonly hooks: SubscriptionHooks,
  ) {
    this.groupId = options.groupId;
    const t = hooks.tuning;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxBytes: t.maxBytes ?? 10 * 1024 * 1024,
      maxBytesPerPartition: t.maxBytesPerPartition ?? 2 * 1024 * 1024,
      minBytes: t.minBytes ?? 1,
      maxWaitTimeInMs: t.maxWaitTimeInMs ?? 100,
      sessionTimeout: t.sessionTimeout ?? 30_000,
      heartbeatInterval: t.heartbeatInterval ?? 3_000,
      // A crashed consumer (e.g. the broker restarted) rejoins unless we are stopping; it resumes
      // from the last committed offset, so nothing is lost.
      retry: { restartOnFailure: async () => !this.abort.signal.aborted },
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, this.options.partitionsConsumedConcurrently ?? 1),
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.abort.abort();
      this.stopping = this.consumer.disconnect().finally(() => this.hooks.onStopped(this));
    }
    return this.stopping;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isStale, resolveOffset } = payload;
    if (batch.isEmpty()) return;
    const all = toDelivered(batch);
    const size = Math.max(1, this.options.maxBatchSize ?? all.length);
    for (let start = 0; start < all.length; start += size) {
      const messages = all.slice(start, start + size);
      const chunk: MessageBatch = {
        topic: batch.topic,
        partition: batch.partition,
        messages,
        highWatermark: batch.highWatermark,
      };
      const done = await this.handleWithRetry(chunk, payload);
      // Commit even while stopping (still a member); a revoked partition is left to its new owner.
      if (!done || isStale()) return;
      const last = messages[messages.length - 1] as DeliveredMessage;
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: nextOffset(last.offset) },
      ]);
      resolveOffset(last.offset);
      await heartbeat();
    }
  }

  /** True when the handler resolved; false when the member stopped or lost the partition first. */
  private async handleWithRetry(batch: MessageBatch, payload: EachBatchPayload): Promise<boolean> {
    const { heartbeat, isRunning, isStale } = payload;
    for (let failures = 1; ; failures += 1) {
      try {
        await this.options.handler(batch, { heartbeat, signal: this.abort.signal });
        return true;
      } catch (error) {
        this.hooks.onHandlerError?.(error, batch);
        if (this.abort.signal.aborted || !isRunning() || isStale()) return false;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(failures)));
        if (this.abort.signal.aborted || !isRunning() || isStale()) return false;
        await heartbeat();
      }
    }
  }
}
