import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { CliError, fileError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { shown } from '../paths.js';
import { dataOptions, type WorkspaceFlags, workspacePaths } from '../source/options.js';

interface MigrateFlags extends WorkspaceFlags {
  databaseUrl?: string;
  schema?: string;
}

/** The catalogue to migrate: --database-url, else DATABASE_URL, else the data folder's SQLite file. */
async function locationOf(flags: MigrateFlags, context: CommandContext) {
  const { io } = context;
  const { EnvError, migrateEnvSchema, parseEnv } = await import('@aims/service-kit');
  // The flags win over the environment; both are checked by the same schema (DATABASE_URL, DATABASE_SCHEMA).
  const given = {
    ...io.env,
    ...(flags.databaseUrl === undefined ? {} : { DATABASE_URL: flags.databaseUrl }),
    ...(flags.schema === undefined ? {} : { DATABASE_SCHEMA: flags.schema }),
  };
  let env: { DATABASE_URL?: string | undefined; DATABASE_SCHEMA?: string | undefined };
  try {
    env = parseEnv('aims migrate', migrateEnvSchema, given);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    const flagOf: Record<string, string> = { DATABASE_URL: '--database-url', DATABASE_SCHEMA: '--schema' };
    const problems = error.issues.map((issue) => {
      const fromFlag =
        (issue.variable === 'DATABASE_URL' && flags.databaseUrl !== undefined) ||
        (issue.variable === 'DATABASE_SCHEMA' && flags.schema !== undefined);
      return `${fromFlag ? flagOf[issue.variable] : issue.variable} ${issue.message}`;
    });
    throw new CliError('usage', problems.join('; '), EXIT.usage, error);
  }
  if (env.DATABASE_URL !== undefined) return { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA };
  const { dataDir } = workspacePaths(flags, io);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw fileError('create the data folder', shown(io.cwd, dataDir), error);
  }
  return { url: `sqlite:${join(dataDir, 'catalogue.sqlite')}`, schema: undefined };
}

async function migrateAction(flags: MigrateFlags, context: CommandContext): Promise<void> {
  const { io, exit } = context;
  const location = await locationOf(flags, context);
  const { describeCatalogue, migrate } = await import('@aims/service-kit');
  const where = describeCatalogue(location);
  let result: Awaited<ReturnType<typeof migrate>>;
  try {
    result = await migrate(location);
  } catch (error) {
    // The driver's reason (refused, unknown host, authentication failed), never the URL's password.
    const reason = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new CliError(
      'migrate_failed',
      `cannot migrate the catalogue at ${where}: ${reason}${cause}`,
      EXIT.unavailable,
      error,
    );
  }
  const lines = [`aims migrate: ${where}`];
  for (const name of result.applied) lines.push(`  applied  ${name}`);
  const latest = result.total.at(-1) ?? 'none';
  lines.push(
    result.applied.length > 0
      ? `${result.applied.length} migration${result.applied.length === 1 ? '' : 's'} applied; the catalogue is at ${latest}`
      : `already up to date: ${result.total.length} migrations applied, the latest ${latest}`,
  );
  io.out(`${lines.join('\n')}\n`);
  exit(EXIT.ok);
}

/** `aims migrate`: brings the catalogue to the latest migration (the Helm chart's migration Job runs it). */
export const registerMigrate: RegisterCommand = (parent, context) => {
  parent.addCommand(
    dataOptions(
      new Command('migrate')
        .description(
          'apply the catalogue migrations that are pending (PostgreSQL or SQLite); services never migrate, they wait for this',
        )
        .option(
          '--database-url <url>',
          'postgres://user:password@host:5432/db or sqlite:<path>; default $DATABASE_URL, else <data>/catalogue.sqlite',
        )
        .option(
          '--schema <name>',
          'PostgreSQL schema (made when missing); default $DATABASE_SCHEMA, else public',
        ),
    )
      .addHelpText(
        'after',
        '\nIdempotent: a catalogue already up to date is left as it is. Prints each migration applied; the URL is shown without its password.\nExit codes: 0 migrated or already up to date, 2 usage (a malformed --database-url, DATABASE_URL or schema), 3 the data folder cannot be made, 4 the database cannot be reached or a migration failed.',
      )
      .action((flags: MigrateFlags) => migrateAction(flags, context)),
  );
};
