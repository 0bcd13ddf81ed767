import { fileURLToPath } from 'node:url';
import { libraryEnv, parseEnv } from '@aims/service-kit';
import { z } from 'zod';

/** examples/workspace of this repository (the same depth from src/ and dist/). */
export const EXAMPLE_WORKSPACE = fileURLToPath(new URL('../../../examples/workspace', import.meta.url));

export const allInOneEnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `file`: JSON log lines go to <data>/logs/mesh.log and the terminal gets a summary; `json`: to stdout. */
  LOG_FORMAT: z.enum(['file', 'json']).default('file'),
  /** Port of the API and dashboard; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Interface to listen on. The default keeps the unauthenticated embedded API on loopback. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Workspace folder: holds aims.yaml, overlays/ and (by default) the data under .aims/. */
  AIMS_WORKSPACE: z.string().min(1).default(EXAMPLE_WORKSPACE),
  /** Workspace config; default <AIMS_WORKSPACE>/aims.yaml. */
  AIMS_CONFIG: z.string().min(1).optional(),
  /** Catalogue (SQLite) and other state; default <AIMS_WORKSPACE>/.aims. */
  AIMS_DATA_DIR: z.string().min(1).optional(),
  /** Ed25519 private key (PKCS#8 PEM file, e.g. from `aims keys init`) that signs export bundles. */
  AIMS_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** When set, every /v1 request needs this key (Bearer or X-API-Key). Only its hash is kept. */
  AIMS_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  ...libraryEnv,
});

export type AllInOneEnv = z.output<typeof allInOneEnvSchema>;

export function loadAllInOneEnv(env: NodeJS.ProcessEnv = process.env): AllInOneEnv {
  return parseEnv('all-in-one', allInOneEnvSchema, env);
}
