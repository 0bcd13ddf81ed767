import { createSqliteCatalogue } from '../src/index.js';
import { describeCatalogueContract } from './catalogue-contract.js';

describeCatalogueContract('SQLite (better-sqlite3)', async () => {
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  return {
    catalogue,
    tamperAudit: async (seq, column, value) => {
      await catalogue.db
        .updateTable('audit_log')
        .set({ [column]: value })
        .where('seq', '=', seq)
        .execute();
    },
    dispose: () => catalogue.close(),
  };
});
