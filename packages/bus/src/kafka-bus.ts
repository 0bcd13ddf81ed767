import { type Admin, Kafka, type KafkaConfig, logLevel, Partitioners, type Producer } from 'kafkajs';
import {
  BusClosedError,
  BusUnavailableError,
  InvalidSubscriptionError,
  PublishError,
  TopicSetupError,
} from './errors.js';
import { type KafkaConsumerTuning, KafkaSubscription } from './kafka-subscription.js';
import type {
  EventBus,
  MessageBatch,
  OutgoingMessage,
  PublishReceipt,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from './port.js';

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId?: string;
  /** Partitions of topics created without an explicit count. Default 6. */
  defaultPartitions?: number;
  /**
   * Replication factor of topics created without an explicit one. Default 1; -1 lets the broker
   * apply its `default.replication.factor` (the production choice: set it to 3 on the cluster).
   */
  defaultReplicationFactor?: number;
  /** kafkajs log level. Default 'error'. */
  logLevel?: KafkaLogLevel;
  /** Passed to kafkajs (connectionTimeout, ssl, sasl, retry...). */
  kafka?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logLevel'>;
  /** Consumer fetch tuning; defaults favour throughput with at most 100 ms extra latency. */
  consumer?: KafkaConsumerTuning;
  /** Told about every handler failure; the batch is retried after a backoff. */
  onHandlerError?: (error: unknown, batch: MessageBatch) => void;
}

/**
 * Waits until every partition of the topics has a leader. A broker that just created a topic (or
 * just restarted) may answer "unknown topic" for a while; kafkajs's own wait gives up on that.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw new TopicSetupError(topics, error);
    }
    if (Date.now() > deadline) throw new TopicSetupError(topics, new Error('partitions have no leader yet'));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `work`, or a rejection saying what did not finish within `ms`. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms ${what}`)), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const LOG_LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** EventBus on Kafka through kafkajs: idempotent producer with acks=-1, batch consumers. */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  /** The admin client of `ping`, kept between pings; dropped after a failed one. */
  private pingAdmin: Promise<Admin> | undefined;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closed = false;

  constructor(private readonly options: KafkaEventBusOptions) {
    this.kafka = new Kafka({
      ...options.kafka,
      brokers: options.brokers,
      clientId: options.clientId ?? 'aims',
      logLevel: LOG_LEVELS[options.logLevel ?? 'error'],
    });
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    this.assertOpen('ensure topics');
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((spec) => !existing.has(spec.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions ?? this.options.defaultPartitions ?? 6,
          replicationFactor: spec.replicationFactor ?? this.options.defaultReplicationFactor ?? 1,
        })),
      });
      await waitForLeaders(
        admin,
        missing.map((spec) => spec.topic),
      );
    });
  }

  async publishBatch(topic: string, messages: OutgoingMessage[]): Promise<PublishReceipt[]> {
    this.assertOpen('publish');
    if (messages.length === 0) return [];
    const producer = await this.connectedProducer();
    try {
      const metadata = await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic,
            messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers ?? {} })),
          },
        ],
      });
      return metadata.map((m) => {
        const receipt: PublishReceipt = { topic: m.topicName, partition: m.partition };
        if (m.baseOffset !== undefined) receipt.baseOffset = m.baseOffset;
        return receipt;
      });
    } catch (error) {
      throw new PublishError(topic, error);
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen('subscribe');
    if (options.topics.length === 0) throw new InvalidSubscriptionError('no topics given');
    if (!options.groupId) throw new InvalidSubscriptionError('groupId is empty');
    const subscription = new KafkaSubscription(this.kafka, options, {
      tuning: this.options.consumer ?? {},
      onHandlerError: this.options.onHandlerError,
      onStopped: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      this.subscriptions.delete(subscription);
      await subscription.stop();
      throw error;
    }
    return subscription;
  }

  /**
   * Asks the cluster to describe itself (one admin connection, kept between pings, no retries):
   * resolves when a broker answered within `timeoutMs` (default 2 s).
   */
  async ping(timeoutMs = 2_000): Promise<void> {
    if (this.closed) throw new BusUnavailableError('the bus is closed');
    if (!this.pingAdmin) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      this.pingAdmin = admin.connect().then(() => admin);
    }
    const connected = this.pingAdmin;
    try {
      const admin = await within(connected, timeoutMs, 'connecting to the brokers');
      const cluster = await within(admin.describeCluster(), timeoutMs, 'describing the cluster');
      if (cluster.brokers.length === 0) throw new Error('the cluster lists no brokers');
    } catch (error) {
      // A broken connection is not reused: the next ping connects afresh.
      if (this.pingAdmin === connected) this.pingAdmin = undefined;
      void connected.then((admin) => admin.disconnect()).catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new BusUnavailableError(`${this.options.brokers.join(',')}: ${reason}`, error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const admin = this.pingAdmin;
    this.pingAdmin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => {
        this.producer = undefined;
      });
    }
    return this.producer;
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new BusClosedError(operation);
  }
}
