// The evidence API over the bench's PostgreSQL schema, in its own process so the load generator
// does not share its event loop. Prints `listening <port>` once it answers.
import type { AddressInfo } from 'node:net';
import { createApiApp } from '@aims/api';
import { createPostgresCatalogue } from '@aims/catalogue';
import { readLibraryFile } from '@aims/scoring';
import { AI_SYSTEMS, INSTANCE, WORKSPACE } from './seed.ts';

const catalogue = createPostgresCatalogue({
  connectionString: process.env.DATABASE_URL ?? '',
  schema: process.env.BENCH_SCHEMA ?? 'public',
  poolSize: 10,
});
const library = await readLibraryFile();
const app = createApiApp({
  workspace: WORKSPACE,
  catalogue,
  library,
  connectors: [{ instance: INSTANCE, connector: 'local-folder', enabled: true }],
  aiSystems: AI_SYSTEMS.map((id) => ({ id, name: id })),
  version: 'bench',
  onError: (error) => process.stderr.write(`${String(error)}\n`),
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  catalogue.close().then(() => process.exit(0));
});
