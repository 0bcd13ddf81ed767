/** Longest delay setTimeout accepts; later expiries re-arm on wake-up. */
const maxDelayMs = 2_147_483_647;

/**
 * One timer set at the earliest expiry seen. `arm` keeps the earliest instant; when it fires, the
 * callback runs and the owner arms the next one.
 */
export class ExpiryTimer {
  private timer: NodeJS.Timeout | undefined;
  private at: number | undefined;

  constructor(
    private readonly onExpiry: () => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Earliest armed instant (epoch ms), if any. */
  get armedAt(): number | undefined {
    return this.at;
  }

  arm(instant: string | undefined): void {
    if (instant === undefined) return;
    const at = Date.parse(instant);
    if (Number.isNaN(at) || (this.at !== undefined && this.at <= at)) return;
    this.clear();
    this.at = at;
    const delay = Math.min(Math.max(0, at - this.clock()), maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.at = undefined;
      this.onExpiry();
    }, delay);
    this.timer.unref?.();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.at = undefined;
  }
}
