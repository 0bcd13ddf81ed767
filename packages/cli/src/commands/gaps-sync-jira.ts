import { Command, Option } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { syncReport } from '../format/ticket-sync.js';
import { type SourceFlags, sourceOf, sourceOptions } from '../source/options.js';
import { openWorkspace, withCatalogue } from '../source/workspace.js';

interface SyncJiraFlags extends SourceFlags {
  dryRun?: boolean;
  format: string;
}

const API_MODE =
  'gaps sync-jira works on the local workspace and its catalogue; a running mesh syncs on its own (the all-in-one, or the harvester when distributed, every tickets.jira.schedule.every, default 1h), and `aims gaps --api URL` shows each gap’s ticket';

async function syncJiraAction(flags: SyncJiraFlags, context: CommandContext): Promise<void> {
  const { io } = context;
  if (flags.format !== 'table' && flags.format !== 'json')
    throw new CliError(
      'usage',
      `--format ${flags.format}: gaps sync-jira prints a table or json`,
      EXIT.usage,
    );
  const source = sourceOf(flags, io);
  if (source.kind === 'api') throw new CliError('usage', API_MODE, EXIT.usage);
  const { config } = await openWorkspace(source.paths, io.cwd);
  const [{ syncGapsToJira, TicketSyncError }, { createLogger }] = await Promise.all([
    import('@aims/ticket-sync'),
    import('@aims/service-kit'),
  ]);
  // The sync's log lines (one per run, one per failed gap; never a token) go to stderr with --verbose.
  const logger = context.verbose
    ? createLogger('aims-cli', { level: 'info', destination: { write: (line: string) => io.err(line) } })
    : undefined;
  const result = await withCatalogue(source.paths.dataDir, io.cwd, async (catalogue) => {
    try {
      return await syncGapsToJira({
        config,
        configFile: source.paths.configFile,
        catalogue,
        env: io.env ?? {},
        ...(flags.dryRun ? { dryRun: true } : {}),
        ...(logger ? { logger } : {}),
      });
    } catch (error) {
      // Jira could not be read at all (site, credentials): like an API that cannot be reached.
      if (error instanceof TicketSyncError && error.code === 'jira_read_failed')
        throw new CliError('jira_unavailable', error.message, EXIT.unavailable, error);
      throw error;
    }
  });
  io.out(flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : syncReport(result));
  context.exit(result.counts.failed > 0 || result.failures.length > 0 ? EXIT.rejected : EXIT.ok);
}

/** `aims gaps sync-jira`: one Jira ticket per open gap, kept in step, read back onto the gaps. */
export const registerGapsSyncJira: RegisterCommand = (parent, context) => {
  parent.addCommand(
    sourceOptions(
      new Command('sync-jira')
        .description(
          'sync the workspace’s gaps to Jira now (tickets.jira in the config): one ticket per open gap, updated when the gap changes, moved to done with the closing evidence cited when it closes; reads each ticket’s status and assignee back onto its gap',
        )
        .option('--dry-run', 'read Jira and print what a sync would do, writing nothing')
        .addOption(
          new Option('--format <format>', 'table (default), or json (the sync’s full result)').choices([
            'table',
            'json',
          ]),
        ),
    )
      .addHelpText(
        'after',
        '\nThe Jira email and API token come from the variables tickets.jira.emailEnv and apiTokenEnv name; neither is ever printed.\nA gap whose ticket cannot be written does not stop the others: it is listed with its id and Jira’s reason.\nNot with --api: a running mesh syncs on its own schedule, and `aims gaps --api URL` shows the tickets.\nExit codes: 0 synced (or planned), 1 a gap failed, 2 usage (--api), 3 no catalogue, an invalid config (a Jira field, project or issue type Jira does not have, with its file and line) or a credential variable not set, 4 Jira cannot be read.',
      )
      // `aims gaps` itself takes --workspace, --config, --data, --api and --format wherever they are
      // written (commander gives a parent its own options first): read them with the parent's.
      .action((_flags: SyncJiraFlags, command: Command) =>
        syncJiraAction(command.optsWithGlobals<SyncJiraFlags>(), context),
      ),
  );
};
