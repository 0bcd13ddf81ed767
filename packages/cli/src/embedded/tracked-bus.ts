import type {
  EventBus,
  OutgoingMessage,
  PublishReceipt,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from '@aims/bus';

interface Consumer {
  topics: readonly string[];
  /** Messages of its topics published before it subscribed without fromBeginning: never delivered. */
  baseline: number;
  handled: number;
  running: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An event bus that counts what is published to each topic and what each subscription has
 * handled, so a process that publishes and consumes in itself knows when every consumer has
 * taken in everything (`settled`). Everything else goes to the bus it wraps.
 */
export class TrackedBus implements EventBus {
  readonly #inner: EventBus;
  readonly #published = new Map<string, number>();
  readonly #consumers: Consumer[] = [];
  readonly #onPublish: ((topic: string, count: number) => void) | undefined;

  constructor(inner: EventBus, onPublish?: (topic: string, count: number) => void) {
    this.#inner = inner;
    this.#onPublish = onPublish;
  }

  ensureTopics(topics: TopicSpec[]): Promise<void> {
    return this.#inner.ensureTopics(topics);
  }

  async publishBatch(topic: string, messages: OutgoingMessage[]): Promise<PublishReceipt[]> {
    const receipts = await this.#inner.publishBatch(topic, messages);
    this.#published.set(topic, (this.#published.get(topic) ?? 0) + messages.length);
    this.#onPublish?.(topic, messages.length);
    return receipts;
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer: Consumer = {
      topics: [...options.topics],
      baseline: options.fromBeginning === false ? this.#publishedTo(options.topics) : 0,
      handled: 0,
      running: 0,
    };
    this.#consumers.push(consumer);
    return this.#inner.subscribe({
      ...options,
      handler: async (batch, context) => {
        consumer.running++;
        try {
          await options.handler(batch, context);
          consumer.handled += batch.messages.length;
        } finally {
          consumer.running--;
        }
      },
    });
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  /** True when no handler runs and every subscription has handled all that was published to it. */
  get idle(): boolean {
    return this.#consumers.every(
      (consumer) =>
        consumer.running === 0 && consumer.handled >= this.#publishedTo(consumer.topics) - consumer.baseline,
    );
  }

  /** Resolves to true once the bus is idle, or to false when it is not within `timeoutMs`. */
  async settled(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.idle) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  #publishedTo(topics: readonly string[]): number {
    return topics.reduce((sum, topic) => sum + (this.#published.get(topic) ?? 0), 0);
  }
}
