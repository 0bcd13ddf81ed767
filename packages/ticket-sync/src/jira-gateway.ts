import { toJiraError } from '@aims/connector-jira';
import { type AttemptOutcome, decideRetry, defaultRetryPolicy, type RetryPolicy } from '@aims/connector-sdk';
import { HttpException, Version3Client } from 'jira.js';
import { RequestPacer } from './pacer.js';

/** Whether a request reads from Jira or changes something there. */
export type RequestKind = 'read' | 'write';

/** One HTTP request sent to Jira (a retry is another request). */
export interface JiraRequestEvent {
  kind: RequestKind;
  /** What the request is for, e.g. `ticket search`, `ticket create`. */
  operation: string;
  /** 1 for the first try. */
  attempt: number;
}

export interface JiraGatewayOptions {
  baseUrl: string;
  email: string;
  apiToken: string;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Client-side ceiling on requests started per second. */
  requestsPerSecond?: number;
  onRequest?: (event: JiraRequestEvent) => void;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
}

/** Requests sent, retried and refused for rate limits during one sync. */
export interface RequestStats {
  reads: number;
  writes: number;
  retries: number;
  /** Responses 429 (or 503) that asked us to wait. */
  throttled: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Status and headers of a failed HTTP exchange; undefined when no response came back. */
function responseOf(error: unknown): { status: number; headers: Record<string, string> } | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const response = (error.cause as { response?: { status?: unknown; headers?: Record<string, unknown> } })
    ?.response;
  if (typeof response?.status !== 'number') return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {}))
    if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = String(value);
  return { status: response.status, headers };
}

/**
 * jira.js behind one pacer for the site, bounded retries that honour Retry-After (a 429 or 503
 * holds every request back, not just the refused one), and errors without credentials
 * (`toJiraError` keeps Jira's messages, never the request or its Authorization header).
 */
export class JiraGateway {
  readonly raw: Version3Client;
  readonly stats: RequestStats = { reads: 0, writes: 0, retries: 0, throttled: 0 };
  readonly #secrets: string[];
  readonly #policy: RetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #pacer: RequestPacer;
  readonly #onRequest: ((event: JiraRequestEvent) => void) | undefined;

  constructor(options: JiraGatewayOptions) {
    this.#secrets = [
      options.apiToken,
      Buffer.from(`${options.email}:${options.apiToken}`).toString('base64'),
    ];
    this.#policy = { ...defaultRetryPolicy, maxAttempts: 6, ...options.retry };
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
    this.#pacer = new RequestPacer({ now: this.#now, sleep: this.#sleep }, options.requestsPerSecond);
    this.#onRequest = options.onRequest;
    this.raw = new Version3Client({
      host: options.baseUrl,
      authentication: { basic: { email: options.email, apiToken: options.apiToken } },
      baseRequestConfig: { timeout: options.timeoutMs ?? 30_000 },
    });
  }

  /** Secret values to keep out of messages (the token, and the Basic credential made from it). */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** A read (GET, or a search POST); retried on rate limits, 5xx and network errors. */
  read<T>(operation: string, fn: (client: Version3Client) => Promise<T>): Promise<T> {
    return this.#call('read', operation, true, fn);
  }

  /**
   * A write. `idempotent` writes (an edit) are retried like reads; others (a create, a comment)
   * only when Jira refused them unprocessed (429, 503), so a retry never makes a second ticket.
   */
  write<T>(operation: string, fn: (client: Version3Client) => Promise<T>, idempotent = false): Promise<T> {
    return this.#call('write', operation, idempotent, fn);
  }

  async #call<T>(
    kind: RequestKind,
    operation: string,
    idempotent: boolean,
    fn: (client: Version3Client) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await this.#pacer.ready();
      this.stats[kind === 'read' ? 'reads' : 'writes'] += 1;
      this.#onRequest?.({ kind, operation, attempt });
      try {
        return await fn(this.raw);
      } catch (error) {
        const response = responseOf(error);
        const outcome: AttemptOutcome = response ?? { error };
        const throttled = response !== undefined && (response.status === 429 || response.status === 503);
        const decision = decideRetry(attempt, outcome, this.#now(), this.#policy);
        if (throttled) this.stats.throttled += 1;
        if (!decision.retry || (!idempotent && !throttled))
          throw toJiraError(error, operation, this.#secrets);
        this.stats.retries += 1;
        // A throttled answer holds back every request to the site; the retry waits in the pacer.
        if (throttled) this.#pacer.pause(decision.delayMs);
        else await this.#sleep(decision.delayMs);
      }
    }
  }
}
