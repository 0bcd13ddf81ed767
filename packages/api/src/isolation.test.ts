import { createSqliteCatalogue } from '@aims/catalogue';
import { describeWorkspaceIsolation } from '../test/isolation.js';

describeWorkspaceIsolation('SQLite', async () => {
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  return { catalogue, dispose: () => catalogue.close() };
});
