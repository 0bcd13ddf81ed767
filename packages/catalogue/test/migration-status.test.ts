import { describe, expect, it } from 'vitest';
import { createSqliteCatalogue, migrations } from '../src/index.js';

describe('migrationStatus', () => {
  it('reports every migration pending on a new database without migrating it, and none once migrated', async () => {
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    const names = Object.keys(migrations);
    expect(await catalogue.migrationStatus()).toEqual({ applied: [], pending: names });
    // Reading the status created nothing: it is still unmigrated.
    expect(await catalogue.migrationStatus()).toEqual({ applied: [], pending: names });
    await catalogue.migrate();
    expect(await catalogue.migrationStatus()).toEqual({ applied: names, pending: [] });
    await catalogue.close();
  });
});
