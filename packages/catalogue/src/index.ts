export { entryHash, GENESIS_HASH } from './audit.js';
export {
  createPostgresCatalogue,
  createSqliteCatalogue,
  type PostgresCatalogueOptions,
  type SqliteCatalogueOptions,
} from './dialects.js';
export * from './errors.js';
export { migrations } from './migrations/index.js';
export { tombstoneOf } from './plan.js';
export * from './port.js';
export type { CatalogueDatabase } from './schema.js';
export { SqlCatalogue, type SqlCatalogueOptions } from './sql-catalogue.js';
