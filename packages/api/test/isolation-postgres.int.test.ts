import { randomUUID } from 'node:crypto';
import { createPostgresCatalogue } from '@aims/catalogue';
import pg from 'pg';
import { describeWorkspaceIsolation } from './isolation.js';

const connectionString = process.env.DATABASE_URL ?? '';

describeWorkspaceIsolation('PostgreSQL', async () => {
  const schema = `api_isolation_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const catalogue = createPostgresCatalogue({ connectionString, schema, poolSize: 4 });
  return {
    catalogue,
    dispose: async () => {
      await catalogue.close();
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
});
