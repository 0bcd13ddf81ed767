import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '@aims/catalogue';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate.js';
import {
  CatalogueNotReadyError,
  catalogueFromEnv,
  describeCatalogue,
  openCatalogue,
  waitForCatalogueSchema,
} from './catalogue.js';

const names = Object.keys(migrations);

describe('the catalogue a service opens', () => {
  it('is not migrated by opening it; the service waits, bounded, naming what is pending', async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'aims-cat-')), 'catalogue.sqlite')}`;
    const catalogue = openCatalogue(url);
    expect((await catalogue.migrationStatus()).pending).toEqual(names);
    const started = Date.now();
    const error = await waitForCatalogueSchema(catalogue, {
      where: url,
      timeoutMs: 300,
      intervalMs: 50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueNotReadyError);
    expect((error as Error).message).toContain(`migrations pending: ${names.join(', ')}`);
    expect((error as Error).message).toContain('aims migrate');
    expect(Date.now() - started).toBeLessThan(2_000);
    await catalogue.close();
  });

  it('is ready once `migrate` ran, even while a service was already waiting', async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'aims-cat-')), 'catalogue.sqlite')}`;
    const catalogue = openCatalogue(url);
    const waiting = waitForCatalogueSchema(catalogue, { where: url, timeoutMs: 10_000, intervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await migrate({ url })).toEqual({ applied: names, total: names });
    await waiting;
    // A second run has nothing to do.
    expect(await migrate({ url })).toEqual({ applied: [], total: names });
    await catalogue.close();
  });

  it('stops waiting when the service is stopped', async () => {
    const catalogue = openCatalogue('sqlite::memory:');
    const controller = new AbortController();
    const waiting = waitForCatalogueSchema(catalogue, {
      where: 'memory',
      signal: controller.signal,
      intervalMs: 5_000,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toThrow(/stopped while waiting/);
    await catalogue.close();
  });

  it('never shows a password in messages', () => {
    expect(describeCatalogue({ url: 'postgres://aims:s3cr3t@db:5432/aims', schema: 'prod' })).toBe(
      'postgres://aims:***@db:5432/aims (schema prod)',
    );
    expect(describeCatalogue({ url: 'sqlite:/data/catalogue.sqlite' })).toBe('sqlite:/data/catalogue.sqlite');
  });
});

describe('catalogueFromEnv', () => {
  it('migrates an in-memory store, which only this process can reach', async () => {
    const catalogue = await catalogueFromEnv({ DATABASE_URL: 'sqlite::memory:', CATALOGUE_WAIT_MS: 100 });
    expect((await catalogue.migrationStatus()).pending).toEqual([]);
    await catalogue.close();
  });
});
