import { describe, expect, it } from 'vitest';
import { createSqliteCatalogue } from '../src/index.js';

describe('ping', () => {
  it('answers on an open store, migrated or not, and fails once it is closed', async () => {
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await expect(catalogue.ping()).resolves.toBeUndefined();
    await catalogue.close();
    await expect(catalogue.ping()).rejects.toThrow();
  });
});
