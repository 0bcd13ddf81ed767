import { migrations } from '@aims/catalogue';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CatalogueNotReadyError,
  catalogueFromEnv,
  migrate,
  openCatalogue,
  waitForCatalogueSchema,
} from '../src/index.js';
import { dropSchema, rig, runNames } from './rig.js';

const names = Object.keys(migrations);
const { schema } = runNames('catwait');

afterAll(() => dropSchema(schema));

describe('a service and the PostgreSQL catalogue', () => {
  it('waits for `migrate` instead of migrating, then opens it', async () => {
    const url = rig().databaseUrl;
    const catalogue = openCatalogue(url, { schema });
    expect(await catalogue.migrationStatus()).toEqual({ applied: [], pending: names });
    const waiting = catalogueFromEnv(
      { DATABASE_URL: url, DATABASE_SCHEMA: schema, CATALOGUE_WAIT_MS: 20_000 },
      { intervalMs: 100 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Opening and waiting migrated nothing.
    expect((await catalogue.migrationStatus()).applied).toEqual([]);
    expect(await migrate({ url, schema })).toEqual({ applied: names, total: names });
    const ready = await waiting;
    expect((await ready.migrationStatus()).pending).toEqual([]);
    await ready.close();
    await catalogue.close();
  });

  it('gives up on an unreachable database after the bounded wait, with a message and no password', async () => {
    const url = 'postgres://aims:not-the-password@127.0.0.1:1/aims';
    const catalogue = openCatalogue(url);
    const error = await waitForCatalogueSchema(catalogue, {
      where: 'postgres://aims:***@127.0.0.1:1/aims',
      timeoutMs: 500,
      intervalMs: 100,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueNotReadyError);
    expect((error as Error).message).toMatch(
      /^the catalogue at postgres:\/\/aims:\*\*\*@127\.0\.0\.1:1\/aims is not ready/,
    );
    expect((error as Error).message).toContain('cannot read its migration state');
    expect((error as Error).message).not.toContain('not-the-password');
    await catalogue.close();
  });
});
