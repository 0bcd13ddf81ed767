import type { EventBus, OutgoingMessage } from '@aims/bus';

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
 * Collects messages into `publishBatch` calls. `publish` resolves only once the broker
 * acknowledged the batch holding the message, so a caller that awaited every publish before
 * saving a cursor never saves a cursor ahead of unacknowledged records.
 */
export class BatchingPublisher {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  /** Messages acknowledged so far. */
  acknowledged = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly topic: string,
    options: BatchingPublisherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.lingerMs = options.lingerMs ?? 5;
  }

  publish(message: OutgoingMessage): Promise<void> {
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
        this.topic,
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
