import type { RawEvidenceRecord } from './core-types.js';
import { ConnectorError } from './errors.js';

/** Keeps up to `maxInFlight` emits running; `drain()` resolves once all of them resolved. */
export class Emitter {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  private failed = false;

  constructor(
    private readonly emit: (record: RawEvidenceRecord) => Promise<void>,
    private readonly maxInFlight: number,
  ) {}

  async push(record: RawEvidenceRecord): Promise<void> {
    this.throwIfFailed();
    const promise: Promise<void> = Promise.resolve()
      .then(() => this.emit(record))
      .catch((error: unknown) => {
        if (!this.failed) {
          this.failed = true;
          this.failure = error;
        }
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (!this.failed) return;
    const message = this.failure instanceof Error ? this.failure.message : String(this.failure);
    throw new ConnectorError('emit_failed', `emitting a record failed: ${message}`, {
      cause: this.failure,
      retriable: true,
    });
  }
}
