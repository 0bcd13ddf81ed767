import type { ApiSchema } from '@aims/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { apiClientOf } from '../source/api.js';
import { type SourceFlags, sourceOf, sourceOptions } from '../source/options.js';
import { openCatalogue, openWorkspace } from '../source/workspace.js';

type ApiKey = ApiSchema<'ApiKey'>;
type Scope = ApiKey['scopes'][number];

const SCOPES: readonly Scope[] = [
  'evidence:read',
  'harvest:trigger',
  'exports:create',
  'audit:write',
  'admin',
];

interface CreateFlags extends SourceFlags {
  name: string;
  scope: Scope[];
  expires?: string;
  format: 'text' | 'json';
}

interface ListFlags extends SourceFlags {
  format: 'table' | 'json';
}

interface RotateFlags extends SourceFlags {
  grace?: number;
  format: 'text' | 'json';
}

function parseInstant(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError(
      `"${value}" is not a date or date-time (e.g. 2027-06-30 or 2027-06-30T12:00:00Z)`,
    );
  return new Date(ms).toISOString();
}

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number of seconds`);
  return Number(value);
}

/**
 * What the command works on: the API's admin routes (`--api`, the key needs scope `admin`), or
 * the local catalogue of the workspace, written directly (the operator of the data folder).
 */
interface KeyStore {
  create(request: ApiSchema<'ApiKeyRequest'>): Promise<ApiSchema<'NewApiKey'>>;
  list(): Promise<ApiKey[]>;
  revoke(id: string): Promise<void>;
  rotate(id: string, request: ApiSchema<'ApiKeyRotation'>): Promise<ApiSchema<'RotatedApiKey'>>;
  close(): Promise<void>;
}

async function keyStoreOf(flags: SourceFlags, context: CommandContext, create = false): Promise<KeyStore> {
  const source = sourceOf(flags, context.io);
  if (source.kind === 'api') {
    const client = apiClientOf(source);
    return {
      create: (request) => client.createApiKey(request),
      list: () => client.listApiKeys(),
      revoke: (id) => client.revokeApiKey(id),
      rotate: (id, request) => client.rotateApiKey(id, request),
      close: async () => undefined,
    };
  }
  const { config } = await openWorkspace(source.paths, context.io.cwd);
  const catalogue = await openCatalogue(source.paths.dataDir, context.io.cwd, { create });
  const { keyAdmin } = await import('@aims/api');
  const admin = keyAdmin(catalogue, config.workspace);
  return { ...admin, close: () => catalogue.close() };
}

async function withStore<T>(
  flags: SourceFlags,
  context: CommandContext,
  work: (store: KeyStore) => Promise<T>,
  create = false,
): Promise<T> {
  const store = await keyStoreOf(flags, context, create);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function describe(key: ApiKey): string {
  const parts = [`${key.id}  ${key.name}  [${key.scopes.join(', ')}]  ${key.state}`];
  if (key.expiresAt) parts.push(`expires ${key.expiresAt}`);
  if (key.revokedAt) parts.push(`revoked ${key.revokedAt}`);
  parts.push(key.lastUsedAt ? `last used ${key.lastUsedAt}` : 'never used');
  return parts.join('  ');
}

function table(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'no API keys\n';
  const rows = [
    ['ID', 'NAME', 'PREFIX', 'SCOPES', 'STATE', 'EXPIRES', 'LAST USED'],
    ...keys.map((k) => [
      k.id,
      k.name,
      k.prefix,
      k.scopes.join(','),
      k.state,
      k.expiresAt ?? '-',
      k.lastUsedAt ?? '-',
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return `${rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function shownOnce(key: string): string {
  return `\n  ${key}\n\nThis is the only time the key is shown: store it now (e.g. as AIMS_API_KEY). The catalogue keeps its SHA-256 only.\n`;
}

const help = (text: string) =>
  `\n${text}\nExit codes: 0 done, 2 usage, 3 unknown key or bad input, 4 API unreachable, 5 API refused the key.`;

/** `aims keys create|list|revoke|rotate`: the workspace's API keys, locally or through the admin API. */
export const registerApiKeys: RegisterCommand = (parent, context) => {
  const { io, exit } = context;
  parent.addCommand(
    sourceOptions(
      new Command('create')
        .description('create an API key of the workspace, bound to it, with scopes and an optional expiry')
        .requiredOption('--name <name>', 'what or who the key is for (e.g. "grc-tool" or "ci")')
        .addOption(
          new Option('--scope <scope...>', 'scopes the key carries (repeat or list them)')
            .choices(SCOPES)
            .default(['evidence:read']),
        )
        .option(
          '--expires <date>',
          'when the key stops working (a date or date-time in the future)',
          parseInstant,
        )
        .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text')),
    )
      .addHelpText(
        'after',
        help(
          'Locally, the key is written to the catalogue of the data folder (made if missing); with --api, through POST /v1/admin/keys (scope admin).\nOnce a key exists, the all-in-one requires keys on /v1.',
        ),
      )
      .action(async (flags: CreateFlags) => {
        const created = await withStore(
          flags,
          context,
          (store) =>
            store.create({
              name: flags.name,
              scopes: [...new Set(flags.scope)],
              ...(flags.expires ? { expiresAt: flags.expires } : {}),
            }),
          true,
        );
        if (flags.format === 'json') io.out(`${JSON.stringify(created, null, 2)}\n`);
        else io.out(`aims keys create: ${describe(created)}${shownOnce(created.key)}`);
        exit(EXIT.ok);
      }),
  );
  parent.addCommand(
    sourceOptions(
      new Command('list')
        .description('list the API keys of the workspace (never the keys themselves)')
        .addOption(
          new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'),
        ),
    )
      .addHelpText('after', help('Revoked and expired keys are listed too, with their state.'))
      .action(async (flags: ListFlags) => {
        const keys = await withStore(flags, context, (store) => store.list());
        io.out(flags.format === 'json' ? `${JSON.stringify({ items: keys }, null, 2)}\n` : table(keys));
        exit(EXIT.ok);
      }),
  );
  parent.addCommand(
    sourceOptions(
      new Command('revoke')
        .description('revoke an API key now')
        .argument('<keyId>', 'the key id (from aims keys list)'),
    )
      .addHelpText('after', help('Revoking twice is not an error; the key stays listed as revoked.'))
      .action(async (keyId: string, flags: SourceFlags) => {
        await withStore(flags, context, (store) => store.revoke(keyId));
        io.out(`aims keys revoke: ${keyId} revoked\n`);
        exit(EXIT.ok);
      }),
  );
  parent.addCommand(
    sourceOptions(
      new Command('rotate')
        .description('replace an API key with a new one of the same name and scopes')
        .argument('<keyId>', 'the key id (from aims keys list)')
        .option(
          '--grace <seconds>',
          'how long the old key keeps working (default 0: revoked now)',
          parseSeconds,
        )
        .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text')),
    )
      .addHelpText('after', help('A revoked or expired key cannot be rotated; create a new one.'))
      .action(async (keyId: string, flags: RotateFlags) => {
        const rotated = await withStore(flags, context, (store) =>
          store.rotate(keyId, flags.grace === undefined ? {} : { graceSeconds: flags.grace }),
        );
        if (flags.format === 'json') io.out(`${JSON.stringify(rotated, null, 2)}\n`);
        else
          io.out(
            `aims keys rotate: ${describe(rotated)}\n  replaces ${rotated.replaces.id}, which stops working at ${rotated.replaces.revokedAt}${shownOnce(rotated.key)}`,
          );
        exit(EXIT.ok);
      }),
  );
};
