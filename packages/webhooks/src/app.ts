import { randomUUID } from 'node:crypto';
import type { BlobStore } from '@aims/blobs';
import type { EventBus } from '@aims/bus';
import type { WorkspaceConfig } from '@aims/config';
import { type ContentStores, storeDraftContent, toRawRecord } from '@aims/connector-sdk';
import {
  defaultTopics,
  type EncodedMessage,
  encodeMessage,
  isAimsError,
  isSecretField,
  topicCatalogue,
} from '@aims/core';
import { blobContentStore, blobStreamedContentStore } from '@aims/harvester';
import type { RefreshHint } from '@aims/scheduler';
import express, { type Express, type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { type DeliveryLog, MemoryDeliveryLog } from './deliveries.js';
import { errorBody, WebhookError } from './errors.js';
import { headerOf, type WebhookDelivery, type WebhookMapping, type WebhookSource } from './source.js';

export interface WebhookAppOptions {
  bus: EventBus;
  /** The raw evidence topic. */
  rawTopic: string;
  config: WorkspaceConfig;
  sources: readonly WebhookSource[];
  /** Webhook secret of an instance (from its `webhookSecretEnv`), or undefined when it has none. */
  secretFor(instance: string): string | undefined;
  /** Resolved connector config of an instance, given to the source's mapping. */
  connectorConfigFor(instance: string): unknown;
  /**
   * Enqueues a harvest of what a delivery asked to re-read (the scheduler's `refresh`). Without
   * it, refresh hints wait for the next scheduled harvest. A failure is logged and the delivery
   * still answers 202: its records are already published.
   */
  requestRefresh?(instance: string, hints: readonly RefreshHint[]): Promise<unknown>;
  logger: Logger;
  /** Largest accepted body (default 5 MB, GitHub's cap is 25 MB but evidence events are small). */
  maxBodyBytes?: number;
  /** Largest raw record (default the raw topic's, 256 KiB; keep it equal to the normaliser's). */
  maxRecordBytes?: number;
  /** Longest wait for the broker before answering 503 (default 8 s, inside GitHub's 10 s). */
  publishTimeoutMs?: number;
  /** Delivery ids already processed; default: in memory for `config.webhooks.dedupWindow`. */
  deliveries?: DeliveryLog;
  /**
   * Where evidence content goes (as in a harvest: by SHA-256, stored once). Without it, records
   * describe their content without storing it.
   */
  blobs?: BlobStore;
  now?: () => Date;
}

function deliveryOf(req: Request): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    headers: req.headers,
    query: req.query as WebhookDelivery['query'],
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One answer for an unknown instance, an instance without a secret and a bad signature. */
function rejected(cause?: unknown): WebhookError {
  return new WebhookError('invalid_signature', 'webhook rejected: the signature does not verify', { cause });
}

/** The delivery id the sender gives, for deduplication and logs. */
function deliveryIdOf(delivery: WebhookDelivery): string | undefined {
  return (
    headerOf(delivery.headers, 'x-github-delivery') ??
    headerOf(delivery.headers, 'x-atlassian-webhook-identifier')
  );
}

/**
 * The webhook gateway as an app: `GET /healthz`, the webhook routes, and 404 for anything else.
 */
export function createWebhookApp(options: WebhookAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(createWebhookRouter(options));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such route' } });
  });
  return app;
}

/**
 * `POST /webhooks/:connector/:instance`, mountable in any express app (the all-in-one serves it
 * beside the API). Keeps the raw body for signature checks, verifies it (an unknown instance, one
 * without a secret and a bad signature get the same 401, so instance names do not leak), skips
 * deliveries already processed, maps the event with the instance's own connector config,
 * validates every record with the raw topic's contract (the check the harvest path's records go
 * through, so nothing is accepted that the normaliser would dead-letter), publishes them and
 * answers 202 once the broker acknowledged them. Rejections are logged without the payload.
 */
export function createWebhookRouter(options: WebhookAppOptions): Router {
  const { bus, config, logger } = options;
  const deliveries = options.deliveries ?? new MemoryDeliveryLog(config.webhooks?.dedupWindow ?? 86_400_000);
  const now = options.now ?? (() => new Date());
  const publishTimeoutMs = options.publishTimeoutMs ?? 8_000;
  const sources = new Map(options.sources.map((s) => [s.connector, s]));
  const rawTopic = topicCatalogue(
    { ...defaultTopics, raw: options.rawTopic },
    options.maxRecordBytes === undefined ? {} : { maxRecordBytes: options.maxRecordBytes },
  ).raw;
  const stores: ContentStores | undefined = options.blobs
    ? {
        storeContent: blobContentStore(options.blobs),
        storeStreamedContent: blobStreamedContentStore(options.blobs),
      }
    : undefined;

  /** The instance's secrets (its webhook secret, its config's secret fields): never stored as content. */
  function secretsOf(instance: string): string[] {
    const found: string[] = [];
    const secret = options.secretFor(instance);
    if (secret) found.push(secret);
    const visit = (value: unknown, key?: string) => {
      if (typeof value === 'string') {
        if (key !== undefined && isSecretField(key) && value.length >= 8) found.push(value);
      } else if (Array.isArray(value)) {
        for (const item of value) visit(item);
      } else if (value && typeof value === 'object')
        for (const [name, inner] of Object.entries(value)) visit(inner, name);
    };
    visit(options.connectorConfigFor(instance));
    return found;
  }

  /** True when a refresh harvest was enqueued; never throws (the delivery is already published). */
  async function requestRefresh(instance: string, hints: readonly RefreshHint[]): Promise<boolean> {
    if (hints.length === 0 || !options.requestRefresh) return false;
    try {
      await withTimeout(
        options.requestRefresh(instance, hints),
        publishTimeoutMs,
        () => new Error(`the job queue did not accept the refresh within ${publishTimeoutMs} ms`),
      );
      return true;
    } catch (error) {
      logger.warn(
        { err: error, instance, slices: hints.map((h) => h.slice) },
        'refresh harvest not enqueued; the next scheduled harvest covers it',
      );
      return false;
    }
  }
  const router = express.Router();
  router.post(
    '/webhooks/:connector/:instance',
    express.raw({ type: () => true, limit: options.maxBodyBytes ?? 5 * 1024 * 1024 }),
    async (req, res) => {
      const { connector, instance } = req.params as { connector: string; instance: string };
      const source = sources.get(connector);
      const configured = config.connectors.find((c) => c.instance === instance && c.enabled);
      const delivery = deliveryOf(req);
      const deliveryId = deliveryIdOf(delivery);
      const refuse = (why: string, cause?: unknown): never => {
        logger.warn({ connector, instance, deliveryId, why }, 'webhook rejected');
        throw rejected(cause);
      };
      const secret = options.secretFor(instance);
      if (!source || !configured || configured.connector !== connector) refuse('unknown instance');
      if (!source || !secret) return refuse('no webhook secret configured');
      try {
        await source.verify(delivery, secret);
      } catch (cause) {
        refuse(cause instanceof Error ? cause.message : 'signature check failed', cause);
      }
      const dedupId = deliveryId === undefined ? undefined : `${connector}/${instance}/${deliveryId}`;
      if (dedupId !== undefined && (await deliveries.has(dedupId))) {
        logger.info({ connector, instance, deliveryId }, 'webhook delivery already processed');
        res.status(200).json({ accepted: 0, refreshQueued: false, duplicate: true });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(delivery.rawBody.toString('utf8'));
      } catch (cause) {
        throw new WebhookError('malformed_json', 'webhook body is not valid JSON', { cause });
      }
      let mapping: WebhookMapping;
      try {
        mapping = source.map(body, delivery, options.connectorConfigFor(instance));
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        logger.warn({ connector, instance, deliveryId, err: reason }, 'webhook rejected');
        throw new WebhookError('unprocessable_event', `webhook event could not be mapped: ${reason}`, {
          cause,
        });
      }
      const observedAt = now();
      const secrets = secretsOf(instance);
      const messages: EncodedMessage[] = [];
      for (const draft of mapping.drafts) {
        let record = toRawRecord(draft, {
          workspace: config.workspace,
          connector,
          instance,
          collectorVersion: source.collectorVersion,
          observedAt,
          recordId: randomUUID(),
        });
        if (
          stores &&
          draft.op === 'upsert' &&
          (draft.content !== undefined || draft.streamed !== undefined)
        ) {
          const { content, withheld } = await storeDraftContent(draft, stores, secrets);
          if (withheld !== undefined)
            logger.warn(
              { connector, instance, externalId: draft.externalId },
              `content withheld: ${withheld}`,
            );
          const { content: _described, ...rest } = record;
          record = content === undefined ? rest : { ...rest, content };
        }
        // The raw topic's contract, as for harvested records: refused here, before the 202.
        try {
          messages.push(encodeMessage(rawTopic, record));
        } catch (cause) {
          const reason = isAimsError(cause) ? cause.message : String(cause);
          logger.warn({ connector, instance, deliveryId, err: reason }, 'webhook rejected');
          throw new WebhookError(
            'unprocessable_event',
            `webhook event maps to an invalid record ${record.externalId}: ${reason}`,
            { cause, ...(isAimsError(cause) && cause.details ? { details: cause.details } : {}) },
          );
        }
      }
      if (messages.length > 0)
        await withTimeout(bus.publishBatch(rawTopic.name, messages), publishTimeoutMs, () => {
          return new WebhookError(
            'broker_unavailable',
            `the event bus did not acknowledge within ${publishTimeoutMs} ms; retry the delivery`,
            { retriable: true },
          );
        });
      if (dedupId !== undefined) await deliveries.add(dedupId);
      const refreshQueued = await requestRefresh(instance, mapping.refresh);
      logger.info(
        { connector, instance, deliveryId, records: messages.length, refreshQueued },
        'webhook accepted',
      );
      res.status(202).json({ accepted: messages.length, refreshQueued });
    },
  );
  router.use('/webhooks', errorBody(logger));
  return router;
}
