import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresCatalogue } from '../src/index.js';
import { describeCatalogueContract } from './catalogue-contract.js';

const connectionString = process.env.DATABASE_URL ?? '';

describeCatalogueContract(
  'PostgreSQL (pg)',
  async () => {
    const schema = `catalogue_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const catalogue = createPostgresCatalogue({ connectionString, schema, poolSize: 4 });
    return {
      catalogue,
      tamperAudit: async (seq, column, value) => {
        await catalogue.db
          .updateTable('audit_log')
          .set({ [column]: value })
          .where('seq', '=', seq)
          .execute();
      },
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
  },
  12,
);
