import type { DeadLetterRecord } from '@aims/core';
import type { DeliveredMessage, EventBus, PublishReceipt } from './port.js';
import { DEAD_LETTER_HEADERS, deadLetterTopic } from './port.js';

export interface DeadLetterReason {
  /** The processing stage that failed, e.g. `normaliser.validate`. */
  stage: string;
  error: DeadLetterRecord['error'];
  attempts?: number;
}

/** Builds the dead-letter record (dead-letter.v1 schema) for a message that could not be processed. */
export function deadLetterRecord(
  message: DeliveredMessage,
  reason: DeadLetterReason,
  now: Date = new Date(),
): DeadLetterRecord {
  const text = message.value.toString('utf8');
  const decodes = Buffer.from(text, 'utf8').equals(message.value);
  const record: DeadLetterRecord = {
    originalTopic: message.topic,
    originalPartition: message.partition,
    originalOffset: message.offset,
    key: message.key,
    stage: reason.stage,
    error: reason.error,
    failedAt: now.toISOString(),
    value: decodes
      ? { encoding: 'utf8', data: text }
      : { encoding: 'base64', data: message.value.toString('base64') },
  };
  if (reason.attempts !== undefined) record.attempts = reason.attempts;
  return record;
}

/** Headers of a dead letter; the error message is cut to 1,000 characters. */
export function deadLetterHeaders(
  message: DeliveredMessage,
  reason: DeadLetterReason,
): Record<string, string> {
  return {
    [DEAD_LETTER_HEADERS.stage]: reason.stage,
    [DEAD_LETTER_HEADERS.errorCode]: reason.error.code,
    [DEAD_LETTER_HEADERS.errorMessage]: reason.error.message.slice(0, 1_000),
    [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
    [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
  };
}

export interface DeadLetterItem {
  message: DeliveredMessage;
  reason: DeadLetterReason;
}

/**
 * Publishes failed messages to `<original topic>.dlq`, keyed by the original key, and resolves
 * once the bus acknowledged them. Commit the original batch only after this resolved.
 */
export async function publishDeadLetters(bus: EventBus, items: DeadLetterItem[]): Promise<PublishReceipt[]> {
  const byTopic = new Map<string, DeadLetterItem[]>();
  for (const item of items) {
    const topic = deadLetterTopic(item.message.topic);
    const list = byTopic.get(topic) ?? [];
    list.push(item);
    byTopic.set(topic, list);
  }
  const receipts: PublishReceipt[] = [];
  for (const [topic, list] of byTopic) {
    const messages = list.map(({ message, reason }) => ({
      key: message.key,
      value: JSON.stringify(deadLetterRecord(message, reason)),
      headers: deadLetterHeaders(message, reason),
    }));
    receipts.push(...(await bus.publishBatch(topic, messages)));
  }
  return receipts;
}
