import type { BatchContext, DeadLetterItem, EventBus, MessageBatch, Subscription } from '@aims/bus';
import { publishDeadLetters } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { AimsError, dlqTopic, publish, type TopicNames, topicCatalogue } from '@aims/core';
import type { Logger } from 'pino';
import { changedEventsOf } from './changes.js';
import { type DecodeRules, decodeRawMessage } from './decode.js';
import { type ExpiryRule, toWrite } from './mapping.js';
import { recoverCreated } from './replay.js';
import { type Accepted, storeAccepted } from './store.js';

export interface NormaliserOptions {
  bus: EventBus;
  catalogue: Catalogue;
  /** Topic names (`defaultTopics`, or `prefixedTopics(prefix)` for an isolated environment). */
  topics: TopicNames;
  /** Consumer group id; every instance of the normaliser uses the same one (prefix it per environment). */
  groupId: string;
  rules: DecodeRules;
  /** `expiresAt` of a version from the control library's freshness window (scoring's `expiresAtFor`). */
  expiresAt: ExpiryRule;
  logger: Logger;
  /** Partitions processed at the same time by this instance (default 6). */
  partitionsConsumedConcurrently?: number;
  now?: () => Date;
  /** Called after a batch is durable and its events acknowledged, before its offsets are committed. */
  onBatchDone?: (stats: BatchStats) => void;
}

export interface BatchStats {
  topic: string;
  partition: number;
  messages: number;
  changed: number;
  deadLettered: number;
}

export interface Normaliser {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The batch handler, exposed for tests that drive it directly. */
  handleBatch(batch: MessageBatch, context: BatchContext): Promise<void>;
}

/** Thrown when the subscription stops mid-batch, so the batch is left uncommitted and comes again. */
export class BatchAbortedError extends AimsError {
  constructor(topic: string, partition: number) {
    super('batch_aborted', `normaliser stopping: batch of ${topic}[${partition}] left uncommitted`, {
      retriable: true,
    });
  }
}

/**
 * The normaliser: a consumer group on the raw topic that validates, maps and catalogues records
 * and announces every new version on the changed topic before its offsets are committed.
 */
export function createNormaliser(options: NormaliserOptions): Normaliser {
  const { bus, catalogue, logger } = options;
  const typed = topicCatalogue(options.topics);
  const topics = options.topics;
  const now = options.now ?? (() => new Date());
  let subscription: Subscription | undefined;

  async function handleBatch(batch: MessageBatch, context: BatchContext): Promise<void> {
    const accepted: Accepted[] = [];
    const dead: DeadLetterItem[] = [];
    for (const message of batch.messages) {
      const decoded = decodeRawMessage(message.value, options.rules);
      if (!decoded.ok) {
        dead.push({ message, reason: decoded.reason });
        continue;
      }
      const mapped = toWrite(decoded.record, options.expiresAt);
      if (mapped.ok) accepted.push({ message, record: decoded.record, write: mapped.write });
      else dead.push({ message, reason: mapped.reason });
    }
    const stored =
      accepted.length > 0
        ? await recoverCreated(catalogue, await storeAccepted(catalogue, accepted, dead, logger))
        : [];
    if (context.signal.aborted) throw new BatchAbortedError(batch.topic, batch.partition);
    const changed = changedEventsOf(stored, now());
    for (const { message, reason } of dead) {
      logger.warn(
        {
          partition: message.partition,
          offset: message.offset,
          stage: reason.stage,
          code: reason.error.code,
        },
        `record dead-lettered: ${reason.error.message}`,
      );
    }
    // Both are acknowledged before the handler resolves, so before the offsets are committed. A
    // crash earlier replays the batch; the catalogue's idempotence makes the replay a no-op.
    await Promise.all([
      dead.length > 0 ? publishDeadLetters(bus, dead) : undefined,
      changed.length > 0 ? publish(bus, typed.changed, changed) : undefined,
    ]);
    options.onBatchDone?.({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.length,
      changed: changed.length,
      deadLettered: dead.length,
    });
  }

  return {
    handleBatch,
    async start() {
      await bus.ensureTopics([
        { topic: topics.raw },
        { topic: dlqTopic(topics.raw) },
        { topic: topics.changed },
      ]);
      subscription = await bus.subscribe({
        groupId: options.groupId,
        topics: [topics.raw],
        handler: handleBatch,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 6,
      });
      logger.info({ groupId: options.groupId, topic: topics.raw }, 'normaliser consuming');
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
    },
  };
}
