import { AimsError } from '@aims/core';

/** Base class of every error the bus raises; `code` is stable and snake_case. */
export class BusError extends AimsError {}

export class BusClosedError extends BusError {
  constructor(operation: string) {
    super('bus_closed', `cannot ${operation}: the event bus is closed`);
  }
}

export class UnknownTopicError extends BusError {
  constructor(topic: string) {
    super('unknown_topic', `topic "${topic}" does not exist; create it with ensureTopics first`);
  }
}

export class InvalidSubscriptionError extends BusError {
  constructor(reason: string) {
    super('invalid_subscription', `invalid subscription: ${reason}`);
  }
}

export class PublishError extends BusError {
  constructor(topic: string, cause: unknown) {
    super('publish_failed', `publishing to topic "${topic}" failed`, { cause, retriable: true });
  }
}

export class TopicSetupError extends BusError {
  constructor(topics: string[], cause: unknown) {
    super('topic_setup_failed', `topics ${topics.join(', ')} did not become ready within the timeout`, {
      cause,
      retriable: true,
    });
  }
}

/** The bus did not answer a ping (readiness): the brokers are unreachable, or too slow. */
export class BusUnavailableError extends BusError {
  constructor(reason: string, cause?: unknown) {
    super('bus_unavailable', `the event bus is not reachable: ${reason}`, { cause, retriable: true });
  }
}

/** Wait before the next try of a failed batch: 100 ms doubling up to 5 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), 5_000);
}
