import { randomUUID } from 'node:crypto';
import type { EventBus } from '@aims/bus';
import type { WorkspaceConfig } from '@aims/config';
import { toRawRecord } from '@aims/connector-sdk';
import { artifactKey } from '@aims/core';
import express, { type Express, type Request } from 'express';
import type { Logger } from 'pino';
import type { RefreshHint } from '../scheduler/jobs.js';
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
  /** Longest wait for the broker before answering 503 (default 8 s, inside GitHub's 10 s). */
  publishTimeoutMs?: number;
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

/**
 * Express app with `POST /webhooks/:connector/:instance`. Keeps the raw body for signature
 * checks, verifies it, maps the event to raw records, publishes them to the raw topic and
 * answers 202 once the broker acknowledged them.
 */
export function createWebhookApp(options: WebhookAppOptions): Express {
  const { bus, config, logger } = options;
  const now = options.now ?? (() => new Date());
  const publishTimeoutMs = options.publishTimeoutMs ?? 8_000;
  const sources = new Map(options.sources.map((s) => [s.connector, s]));

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
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.post(
    '/webhooks/:connector/:instance',
    express.raw({ type: () => true, limit: options.maxBodyBytes ?? 5 * 1024 * 1024 }),
    async (req, res) => {
      const { connector, instance } = req.params as { connector: string; instance: string };
      const source = sources.get(connector);
      const configured = config.connectors.find((c) => c.instance === instance && c.enabled);
      if (!source || !configured || configured.connector !== connector) {
        throw new WebhookError(
          404,
          'unknown_instance',
          `no enabled ${connector} instance '${instance}' accepts webhooks here`,
        );
      }
      const secret = options.secretFor(instance);
      if (!secret) {
        throw new WebhookError(
          404,
          'webhooks_disabled',
          `instance '${instance}' has no webhook secret configured`,
        );
      }
      const delivery = deliveryOf(req);
      try {
        await source.verify(delivery, secret);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : 'signature check failed';
        throw new WebhookError(401, 'invalid_signature', `webhook signature rejected: ${reason}`, { cause });
      }
      let body: unknown;
      try {
        body = JSON.parse(delivery.rawBody.toString('utf8'));
      } catch (cause) {
        throw new WebhookError(400, 'malformed_json', 'webhook body is not valid JSON', { cause });
      }
      let mapping: WebhookMapping;
      try {
        mapping = source.map(body, delivery, options.connectorConfigFor(instance));
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new WebhookError(422, 'unprocessable_event', `webhook event could not be mapped: ${reason}`, {
          cause,
        });
      }
      const observedAt = now();
      const messages = mapping.drafts.map((draft) => {
        const record = toRawRecord(draft, {
          workspace: config.workspace,
          connector,
          instance,
          collectorVersion: source.collectorVersion,
          observedAt,
          recordId: randomUUID(),
        });
        const key = artifactKey({ workspace: config.workspace, instance, externalId: record.externalId });
        return { key, value: JSON.stringify(record) };
      });
      if (messages.length > 0)
        await withTimeout(bus.publishBatch(options.rawTopic, messages), publishTimeoutMs, () => {
          return new WebhookError(
            503,
            'broker_unavailable',
            `the event bus did not acknowledge within ${publishTimeoutMs} ms; retry the delivery`,
          );
        });
      const deliveryId =
        headerOf(delivery.headers, 'x-github-delivery') ??
        headerOf(delivery.headers, 'x-atlassian-webhook-identifier');
      const refreshQueued = await requestRefresh(instance, mapping.refresh);
      logger.info(
        { connector, instance, deliveryId, records: messages.length, refreshQueued },
        'webhook accepted',
      );
      res.status(202).json({ accepted: messages.length, refreshQueued });
    },
  );
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such route' } });
  });
  app.use(errorBody(logger));
  return app;
}
