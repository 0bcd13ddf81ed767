import type { Logger } from 'pino';
import { type ConnectorContext, type ConnectorDefinition, createMetrics } from './connector.js';
import { ConnectorError } from './errors.js';
import type { RunHarvestOptions } from './harvest-types.js';
import { createHttpClient } from './http/client.js';
import { InMemoryEtagCache } from './http/etag-cache.js';
import { silentLogger } from './logger.js';

export type AnyConnector = ConnectorDefinition<unknown, unknown, unknown>;

export interface PreparedRun {
  connector: AnyConnector;
  ctx: ConnectorContext<unknown>;
  secrets: string[];
}

/** Parses the config and builds the context every connector callback receives. */
export function prepareRun(
  options: Pick<
    RunHarvestOptions<unknown, unknown, unknown>,
    | 'connector'
    | 'config'
    | 'workspace'
    | 'instance'
    | 'runId'
    | 'logger'
    | 'now'
    | 'signal'
    | 'etagCache'
    | 'fetch'
    | 'retryPolicy'
    | 'sleep'
  >,
): PreparedRun {
  const connector = options.connector as AnyConnector;
  const parsed = connector.configSchema.safeParse(options.config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConnectorError(
      'config_invalid',
      `config for ${connector.id} instance ${options.instance} is invalid: ${issues}`,
      {
        context: { instance: options.instance },
      },
    );
  }
  const config = parsed.data;
  const secrets = connector.auth
    .secrets(config)
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
  const logger: Logger = (options.logger ?? silentLogger()).child({
    connector: connector.id,
    workspace: options.workspace,
    instance: options.instance,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
  });
  const etagCache = options.etagCache ?? new InMemoryEtagCache();
  const http = createHttpClient({
    etagCache,
    cacheNamespace: `${options.workspace}/${options.instance}`,
    logger,
    secrets,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const ctx: ConnectorContext<unknown> = {
    workspace: options.workspace,
    instance: options.instance,
    config,
    logger,
    http,
    etagCache,
    secrets,
    metrics: createMetrics(),
    signal: options.signal ?? new AbortController().signal,
    now: options.now ?? (() => new Date()),
    ...(options.runId === undefined ? {} : { runId: options.runId }),
  };
  return { connector, ctx, secrets };
}
