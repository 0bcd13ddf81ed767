import { AimsError } from '@aims/core';
import type { Redis } from 'ioredis';

/** Too many failed authentications from one client address. */
export class TooManyAuthFailuresError extends AimsError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too_many_auth_failures',
      `too many failed authentications from this address; try again in ${retryAfterSeconds} s`,
      { retriable: true },
    );
  }
}

/** Counts failed authentications per client address within a window. */
export interface AuthFailureLimiter {
  /** Seconds until the client may try again, or undefined when it may now. */
  blockedFor(client: string): Promise<number | undefined>;
  recordFailure(client: string): Promise<void>;
}

export interface LimiterOptions {
  /** Failures allowed per window before the address is refused. Default 20. */
  max?: number;
  /** Default 60 s. */
  windowMs?: number;
}

/** In one process (the embedded mode and a single API instance). */
export class MemoryAuthFailureLimiter implements AuthFailureLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #max: number;
  readonly #windowMs: number;

  constructor(
    options: LimiterOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.#max = options.max ?? 20;
    this.#windowMs = options.windowMs ?? 60_000;
  }

  async blockedFor(client: string): Promise<number | undefined> {
    const window = this.#windows.get(client);
    if (!window) return undefined;
    const left = window.start + this.#windowMs - this.clock();
    if (left <= 0) {
      this.#windows.delete(client);
      return undefined;
    }
    return window.count >= this.#max ? Math.ceil(left / 1000) : undefined;
  }

  async recordFailure(client: string): Promise<void> {
    const now = this.clock();
    const window = this.#windows.get(client);
    if (!window || window.start + this.#windowMs <= now) this.#windows.set(client, { start: now, count: 1 });
    else window.count++;
    if (this.#windows.size > 100_000) this.#windows.delete(this.#windows.keys().next().value as string);
  }
}

/** Shared by every API instance through Redis (the distributed mode): one counter per address and window. */
export class RedisAuthFailureLimiter implements AuthFailureLimiter {
  readonly #max: number;
  readonly #windowMs: number;

  constructor(
    private readonly redis: Redis,
    options: LimiterOptions & { prefix?: string } = {},
  ) {
    this.#max = options.max ?? 20;
    this.#windowMs = options.windowMs ?? 60_000;
    this.prefix = options.prefix ?? 'aims:auth-failures:';
  }

  private readonly prefix: string;

  async blockedFor(client: string): Promise<number | undefined> {
    const key = this.prefix + client;
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (count === null || Number(count) < this.#max || ttl <= 0) return undefined;
    return Math.ceil(ttl / 1000);
  }

  async recordFailure(client: string): Promise<void> {
    const key = this.prefix + client;
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.pexpire(key, this.#windowMs);
  }
}
