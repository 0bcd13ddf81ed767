import type { BatchHandler, EventBus, OutgoingMessage, SubscribeOptions } from '@aims/bus';
import { DLQ_HEADERS } from '@aims/core';
import type { MeshMetrics } from './metrics.js';

export interface InstrumentBusOptions {
  /** Topic of harvest-run events; finished runs are counted from what is published there. */
  harvestRunsTopic: string;
  /** The stage a consumer group belongs to (default: normaliser or scorer when its id names one). */
  stageOf?: (groupId: string) => string;
}

function defaultStage(groupId: string): string {
  for (const stage of ['normaliser', 'scorer', 'exporter', 'harvester']) {
    if (groupId.includes(stage)) return stage;
  }
  return groupId;
}

/** Counts finished runs and their records from harvest-run events as they are published. */
function countRuns(metrics: MeshMetrics, messages: readonly OutgoingMessage[]): void {
  for (const message of messages) {
    try {
      const run = JSON.parse(String(message.value)) as {
        instance?: string;
        status?: string;
        records?: number;
      };
      if (!run.instance || !run.status || run.status === 'started') continue;
      metrics.harvestRuns.inc({ instance: run.instance, status: run.status });
      if (typeof run.records === 'number')
        metrics.harvestRecords.inc({ instance: run.instance }, run.records);
    } catch {
      // Not ours to judge: the consumer's contract check dead-letters a malformed event.
    }
  }
}

/**
 * The bus, observed: batch durations and sizes per stage, consumer lag per group and partition
 * (from the partition's high-water mark, when the adapter reports it), dead letters per stage,
 * and finished harvest runs. Behaviour is unchanged; metrics never throw into the pipeline.
 */
export function instrumentBus(bus: EventBus, metrics: MeshMetrics, options: InstrumentBusOptions): EventBus {
  const stageOf = options.stageOf ?? defaultStage;
  return {
    ensureTopics: (topics) => bus.ensureTopics(topics),
    close: () => bus.close(),
    // A bus without a ping of its own answers while it is there (readiness asks).
    ping: (timeoutMs) => (bus.ping ? bus.ping(timeoutMs) : Promise.resolve()),
    async publishBatch(topic, messages) {
      const receipts = await bus.publishBatch(topic, messages);
      if (topic === options.harvestRunsTopic) countRuns(metrics, messages);
      if (topic.endsWith('.dlq')) {
        for (const message of messages) {
          const stage = message.headers?.[DLQ_HEADERS.stage] ?? 'unknown';
          const original = message.headers?.[DLQ_HEADERS.originalTopic] ?? topic.slice(0, -'.dlq'.length);
          metrics.deadLetters.inc({ stage, topic: original });
        }
      }
      return receipts;
    },
    subscribe(subscription: SubscribeOptions) {
      const stage = stageOf(subscription.groupId);
      const handler: BatchHandler = async (batch, context) => {
        const end = metrics.batchDuration.startTimer({ stage });
        await subscription.handler(batch, context);
        end();
        metrics.batchMessages.inc({ stage }, batch.messages.length);
        const last = batch.messages.at(-1);
        if (batch.highWatermark !== undefined && last) {
          const behind = BigInt(batch.highWatermark) - BigInt(last.offset) - 1n;
          metrics.consumerLag.set(
            { group: subscription.groupId, topic: batch.topic, partition: String(batch.partition) },
            Number(behind < 0n ? 0n : behind),
          );
        }
      };
      return bus.subscribe({ ...subscription, handler });
    },
  };
}
