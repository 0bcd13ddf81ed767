import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as provenanceGaps from './0002-provenance-gaps.js';
import * as gapTickets from './0003-gap-tickets.js';
import * as kpiValues from './0005-kpi-values.js';

/** The one migration set of both dialects, in order. Add new files here; never edit applied ones. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-provenance-gaps': provenanceGaps,
  '0003-gap-tickets': gapTickets,
  '0005-kpi-values': kpiValues,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
