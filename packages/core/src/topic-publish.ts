import { AimsError, type ErrorDetail } from './errors.js';
import type { TypedTopic } from './topic-catalogue.js';
import type { CheckResult } from './validation.js';

/** A keyed message ready for a topic (structurally the event bus's `OutgoingMessage`). */
export interface EncodedMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** What `publish` needs of an event bus: `EventBus` from `@aims/bus` fits. */
export interface MessagePublisher {
  publishBatch(topic: string, messages: EncodedMessage[]): Promise<unknown>;
}

/** A value that does not match its topic's contract; `details` name each offending field. */
export class TopicPayloadError extends AimsError {
  readonly topic: string;

  constructor(topic: string, message: string, details: readonly ErrorDetail[], cause?: unknown) {
    super('invalid_topic_payload', message, { details, cause });
    this.topic = topic;
  }
}

/**
 * Validates a value against its topic's schema and encodes it as a keyed message. Throws
 * TopicPayloadError when the value breaks the contract or its encoding is above the topic's limit.
 */
export function encodeMessage<T>(topic: TypedTopic<T>, value: T): EncodedMessage {
  const checked = topic.check(value);
  if (!checked.ok) {
    throw new TopicPayloadError(
      topic.name,
      `not published to ${topic.name}: ${checked.error.message}`,
      checked.error.details ?? [],
      checked.error,
    );
  }
  const text = topic.encode(value);
  if (topic.maxBytes !== undefined) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > topic.maxBytes) {
      throw new TopicPayloadError(
        topic.name,
        `not published to ${topic.name}: ${bytes} bytes, above the limit of ${topic.maxBytes} bytes`,
        [{ path: '', message: `must be at most ${topic.maxBytes} bytes encoded` }],
      );
    }
  }
  return { key: topic.key(value), value: text };
}

/**
 * Validates, encodes and publishes values to a topic in one batch, resolving once the bus
 * acknowledged them. Nothing is published when any value breaks the contract.
 */
export async function publish<T>(
  bus: MessagePublisher,
  topic: TypedTopic<T>,
  values: T | readonly T[],
): Promise<void> {
  const list = Array.isArray(values) ? (values as readonly T[]) : [values as T];
  if (list.length === 0) return;
  await bus.publishBatch(
    topic.name,
    list.map((value) => encodeMessage(topic, value)),
  );
}

/** Parses and validates one delivered message of a topic; never throws. */
export function decodeMessage<T>(topic: TypedTopic<T>, value: Buffer | string): CheckResult<T> | JsonFailure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (cause) {
    const message = `message on ${topic.name} is not valid JSON: ${(cause as Error).message}`;
    return { ok: false, error: new TopicPayloadError(topic.name, message, [{ path: '', message }], cause) };
  }
  return topic.check(parsed);
}

/** The message was not JSON at all. */
export interface JsonFailure {
  ok: false;
  error: TopicPayloadError;
}
