import type { EventBus, OutgoingMessage } from '@aims/bus';
import { encodeMessage, type TypedTopic } from '@aims/core';

interface Pending {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface BatchingPublisherOptions {
  /** Messages per `publishBatch` call (default 500). */
  maxBatch?: number;
  /** How long a partial batch waits for more messages (default 5 ms). */
  lingerMs?: number;
}

/**
 * Collects the values of one topic into `publishBatch` calls, each value validated and encoded by
 * the topic's contract (`encodeMessage`). `publish` resolves only once the broker acknowledged the
 * batch holding the value, so a caller that awaited every publish before saving a cursor never
 * saves a cursor ahead of unacknowledged records. A value that breaks the contract is refused at
 * once and nothing of it is sent.
 */
export class BatchingPublisher<T> {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  /** Messages acknowledged so far. */
  acknowledged = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly topic: TypedTopic<T>,
    options: BatchingPublisherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.lingerMs = options.lingerMs ?? 5;
  }

  publish(value: T): Promise<void> {
    let message: OutgoingMessage;
    try {
      message = encodeMessage(this.topic, value);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ message, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.send();
      else this.timer ??= setTimeout(() => this.send(), this.lingerMs);
    });
  }

  /** Sends what is pending and waits until every batch sent so far is acknowledged or failed. */
  async flush(): Promise<void> {
    this.send();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const sending = this.bus
      .publishBatch(
        this.topic.name,
        batch.map((p) => p.message),
      )
      .then(
        () => {
          this.acknowledged += batch.length;
          for (const p of batch) p.resolve();
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }
}
