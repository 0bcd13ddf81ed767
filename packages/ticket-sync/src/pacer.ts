/**
 * Paces requests to one Jira site: all of them wait while the site asked us to back off
 * (Retry-After on a 429 or 503 pauses every caller, not just the one that was refused), and
 * optionally no more than `perSecond` start in any second.
 */
export class RequestPacer {
  #pausedUntil = 0;
  #nextSlot = 0;
  readonly #interval: number;

  constructor(
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> },
    perSecond?: number,
  ) {
    this.#interval = perSecond === undefined ? 0 : 1_000 / perSecond;
  }

  /** Resolves when the next request may start. */
  async ready(): Promise<void> {
    // Wait out the pause once; again only if it was extended while we slept.
    for (let waited = 0; this.#pausedUntil > waited; ) {
      waited = this.#pausedUntil;
      const ms = waited - this.clock.now();
      if (ms <= 0) break;
      await this.clock.sleep(ms);
    }
    if (this.#interval === 0) return;
    const now = this.clock.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + this.#interval;
    if (slot > now) await this.clock.sleep(slot - now);
  }

  /** Holds every request back for `ms` from now (the site's Retry-After). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.clock.now() + ms);
  }
}
