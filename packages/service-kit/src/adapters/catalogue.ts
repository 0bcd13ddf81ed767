import { type Catalogue, createPostgresCatalogue, createSqliteCatalogue } from '@aims/catalogue';
import { AimsError } from '@aims/core';
import type { Logger } from 'pino';

export interface CatalogueLocation {
  /** `postgres://…` or `sqlite:<path>` (`sqlite:` alone is in memory). */
  url: string;
  /** PostgreSQL schema (default `public`). */
  schema?: string | undefined;
  poolSize?: number;
}

/** The URL without its password, for messages: `postgres://aims:***@db:5432/aims`. */
export function describeCatalogue(location: CatalogueLocation): string {
  const { url, schema } = location;
  const shown = url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/, '$1:***@');
  return schema ? `${shown} (schema ${schema})` : shown;
}

/**
 * Opens the catalogue at `postgres://…` or `sqlite:<path>`. It does not migrate: migrations are
 * one command (`migrate`, run as `aims migrate` or the Helm hook Job), and services wait for them
 * with `waitForCatalogueSchema`.
 */
export function openCatalogue(url: string, options: { schema?: string; poolSize?: number } = {}): Catalogue {
  return url.startsWith('sqlite:')
    ? createSqliteCatalogue({ filename: url.slice('sqlite:'.length) || ':memory:' })
    : createPostgresCatalogue({ connectionString: url, ...options });
}

/**
 * Opens and migrates a catalogue a single process owns (the all-in-one's SQLite file, the CLI's
 * embedded store), where nothing else could be running the migrations.
 */
export async function openMigratedCatalogue(
  url: string,
  options: { schema?: string; poolSize?: number } = {},
): Promise<Catalogue> {
  const catalogue = openCatalogue(url, options);
  try {
    await catalogue.migrate();
  } catch (error) {
    await catalogue.close().catch(() => undefined);
    throw error;
  }
  return catalogue;
}

/** The catalogue did not reach the latest migration in time, or could not be reached at all. */
export class CatalogueNotReadyError extends AimsError {
  constructor(where: string, waitedMs: number, reason: string, cause?: unknown) {
    super(
      'catalogue_not_ready',
      `the catalogue at ${where} is not ready after ${Math.round(waitedMs / 1000)} s: ${reason}`,
      { retriable: true, cause },
    );
  }
}

export interface WaitForSchemaOptions {
  /** Shown in messages (see `describeCatalogue`); never a password. */
  where: string;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
  /** Between two looks (default 1 s). */
  intervalMs?: number;
  /** Stops waiting (SIGTERM during start). */
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Waits until the catalogue's schema is at the latest migration of the migration set, looking
 * every `intervalMs`: an unreachable database and pending migrations are waited out (logged once
 * each, naming what is missing) up to `timeoutMs`, then a CatalogueNotReadyError says which.
 */
export async function waitForCatalogueSchema(
  catalogue: Catalogue,
  options: WaitForSchemaOptions,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 1_000;
  const started = Date.now();
  let said = '';
  for (;;) {
    let reason: string;
    let cause: unknown;
    try {
      const status = await catalogue.migrationStatus();
      if (status.pending.length === 0) {
        if (said) options.logger?.info({ catalogue: options.where }, 'catalogue schema is up to date');
        return;
      }
      reason = `migrations pending: ${status.pending.join(', ')}; run \`aims migrate\` (or the migration Job)`;
    } catch (error) {
      cause = error;
      reason = `cannot read its migration state: ${error instanceof Error ? error.message : String(error)}`;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new CatalogueNotReadyError(options.where, waited, reason, cause);
    if (options.signal?.aborted)
      throw new CatalogueNotReadyError(options.where, waited, `${reason} (stopped while waiting)`, cause);
    if (reason !== said) {
      options.logger?.warn({ catalogue: options.where, timeoutMs }, `waiting for the catalogue: ${reason}`);
      said = reason;
    }
    await sleep(Math.min(intervalMs, timeoutMs - waited), options.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function isInMemory(url: string): boolean {
  return url === 'sqlite:' || url === 'sqlite::memory:';
}

/** What `catalogueFromEnv` reads (`catalogueEnv`). */
export interface CatalogueEnv {
  DATABASE_URL: string;
  DATABASE_SCHEMA?: string | undefined;
  CATALOGUE_WAIT_MS: number;
}

/**
 * The service's catalogue from its parsed env, once its schema is at the latest migration (see
 * `waitForCatalogueSchema`); closed again when it does not get there. An in-memory SQLite store
 * (`sqlite::memory:`, tests and trials) is migrated, as only this process can reach it.
 */
export async function catalogueFromEnv(
  env: CatalogueEnv,
  options: { signal?: AbortSignal; logger?: Logger; intervalMs?: number } = {},
): Promise<Catalogue> {
  const location = { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA };
  const storeOptions = env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {};
  // An in-memory store exists only in this process: nothing else could ever migrate it.
  if (isInMemory(env.DATABASE_URL)) return openMigratedCatalogue(env.DATABASE_URL, storeOptions);
  const catalogue = openCatalogue(env.DATABASE_URL, storeOptions);
  try {
    await waitForCatalogueSchema(catalogue, {
      where: describeCatalogue(location),
      timeoutMs: env.CATALOGUE_WAIT_MS,
      ...options,
    });
  } catch (error) {
    await catalogue.close().catch(() => undefined);
    throw error;
  }
  return catalogue;
}
