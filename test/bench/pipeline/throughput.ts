import type { EventBus, SubscribeOptions } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import type { TopicNames as PipelineTopics } from '@aims/core';
import { contractDecodeRules, createNormaliser, type ExpiryRule } from '@aims/normaliser';
import { silentLogger } from '@aims/service-kit';

/** Wraps a bus so the first handler call of any subscription is timed (like the raw consumer's first batch). */
function timedBus(bus: EventBus, onFirstBatch: () => void): EventBus {
  let seen = false;
  return new Proxy(bus, {
    get(target, prop, receiver) {
      if (prop !== 'subscribe') return Reflect.get(target, prop, receiver);
      return (options: SubscribeOptions) =>
        target.subscribe({
          ...options,
          handler: (batch, context) => {
            if (!seen) {
              seen = true;
              onFirstBatch();
            }
            return options.handler(batch, context);
          },
        });
    },
  });
}

/**
 * Runs the normaliser over `expected` raw records already in the raw topic and returns records per
 * second from its first batch until the last artifact-changed event was acknowledged (the
 * artifacts are committed in PostgreSQL before that).
 */
export async function pipelineRate(options: {
  bus: EventBus;
  catalogue: Catalogue;
  topics: PipelineTopics;
  expected: number;
  expiresAt: ExpiryRule;
}): Promise<{ perSecond: number; changed: number; deadLettered: number }> {
  let firstAt = 0;
  let changed = 0;
  let deadLettered = 0;
  let finish: (at: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const normaliser = createNormaliser({
    bus: timedBus(options.bus, () => {
      firstAt = performance.now();
    }),
    catalogue: options.catalogue,
    topics: options.topics,
    groupId: `bench-normaliser-${Date.now()}`,
    rules: contractDecodeRules({ knownConnectors: ['github'] }),
    expiresAt: options.expiresAt,
    logger: silentLogger(),
    partitionsConsumedConcurrently: 6,
    onBatchDone: (stats) => {
      changed += stats.changed;
      deadLettered += stats.deadLettered;
      if (changed + deadLettered >= options.expected) finish(performance.now());
    },
  });
  await normaliser.start();
  const endAt = await finished;
  await normaliser.stop();
  return { perSecond: Math.round(options.expected / ((endAt - firstAt) / 1000)), changed, deadLettered };
}
