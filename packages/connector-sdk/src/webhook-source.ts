import type { RecordDraft } from './record.js';

/** An incoming webhook delivery as the gateway received it. */
export interface WebhookDelivery {
  /** Exact bytes of the body; signatures cover them. */
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
}

/** A request, from a delivery, to re-read part of a source soon: one slice and its streams (none: all). */
export interface WebhookRefresh {
  slice: string;
  streams: readonly string[];
}

/** Records a delivery carries, and the parts of the source it asks to re-read by a harvest. */
export interface WebhookMapping {
  drafts: RecordDraft[];
  refresh: WebhookRefresh[];
}

/**
 * How one source system's webhooks are verified and turned into record drafts. A connector that
 * takes webhooks carries one in its registry entry, parsing the instance's config with its own
 * schema, so a webhook and a harvest of the same object make the same record.
 */
export interface WebhookSource {
  /** Route segment and connector id, e.g. `github`. */
  readonly connector: string;
  readonly collectorVersion: string;
  /** Throws when the delivery is not signed with `secret`; the error never contains the secret. */
  verify(delivery: WebhookDelivery, secret: string): void | Promise<void>;
  /** What a verified delivery means; `config` is the instance's resolved connector config. */
  map(body: unknown, delivery: WebhookDelivery, config: unknown): WebhookMapping;
}

/** Header value by case-insensitive name (first value of a repeated header). */
export function headerOf(headers: WebhookDelivery['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
