/**
 * Delivery ids already processed (`X-GitHub-Delivery`, Jira's `X-Atlassian-Webhook-Identifier`),
 * so a redelivered webhook is answered without publishing its records again.
 */
export interface DeliveryLog {
  /** Whether the id was recorded within the window. */
  has(id: string): Promise<boolean>;
  /** Records the id for the window. */
  add(id: string): Promise<void>;
}

/** A delivery log in memory: ids expire after `windowMs`; at most `max` are kept (oldest dropped). */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly max = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async has(id: string): Promise<boolean> {
    const at = this.#seen.get(id);
    if (at === undefined) return false;
    if (this.clock() - at < this.windowMs) return true;
    this.#seen.delete(id);
    return false;
  }

  async add(id: string): Promise<void> {
    this.#seen.delete(id);
    this.#seen.set(id, this.clock());
    // Maps keep insertion order: the first entries are the oldest.
    for (const [oldest, at] of this.#seen) {
      if (this.#seen.size <= this.max && this.clock() - at < this.windowMs) break;
      this.#seen.delete(oldest);
    }
  }
}
