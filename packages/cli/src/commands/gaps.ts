import { gapsToCsv } from '@aims/api';
import { Command, Option } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { type GapView, gapsTable, openWorkspaceGaps } from '../format/gaps.js';
import { apiClientOf } from '../source/api.js';
import { type SourceFlags, sourceOf, sourceOptions } from '../source/options.js';
import { openWorkspace, withCatalogue } from '../source/workspace.js';
import { registerGapsSyncJira } from './gaps-sync-jira.js';

type GapsFormat = 'table' | 'csv' | 'json';

interface GapsFlags extends SourceFlags {
  format: GapsFormat;
}

function print(
  items: readonly GapView[],
  generatedAt: string,
  format: GapsFormat,
  out: (text: string) => void,
) {
  if (format === 'json') out(`${JSON.stringify({ generatedAt, items }, null, 2)}\n`);
  else if (format === 'csv') out(gapsToCsv(items));
  else out(gapsTable(items));
}

async function gapsAction(flags: GapsFlags, { io, exit }: CommandContext): Promise<void> {
  const source = sourceOf(flags, io);
  if (source.kind === 'api') {
    const client = apiClientOf(source);
    // The API's own CSV, so both modes and every client agree on the columns.
    if (flags.format === 'csv') io.out(await client.gapsCsv());
    else {
      const report = await client.listGaps({ state: 'open' });
      print(report.items, report.generatedAt, flags.format, io.out);
    }
  } else {
    const { config } = await openWorkspace(source.paths, io.cwd);
    const now = new Date();
    const [stored, tickets] = await withCatalogue(source.paths.dataDir, io.cwd, (catalogue) =>
      Promise.all([
        catalogue.listGaps(config.workspace, { state: 'open' }),
        catalogue.listGapTickets(config.workspace),
      ]),
    );
    print(openWorkspaceGaps(stored, tickets, config.owners, now), now.toISOString(), flags.format, io.out);
  }
  exit(EXIT.ok);
}

/** `aims gaps`: the open gaps of the workspace, most urgent first, with their owners; `gaps sync-jira`. */
export const registerGaps: RegisterCommand = (parent, context) => {
  const gaps = sourceOptions(
    new Command('gaps')
      .description(
        'list the open gaps of the workspace (controls below compliant, or compliant on evidence about to expire), most urgent first, with the person who owns each',
      )
      .addOption(
        new Option('--format <format>', 'table, csv (the API’s columns) or json (the API’s gap report)')
          .choices(['table', 'csv', 'json'])
          .default('table'),
      ),
  )
    .addHelpText(
      'after',
      '\nReads the gaps the scorer tracks (opened, due, closed) from the catalogue, or GET /v1/gaps with --api.\nOwners are the people the workspace config maps each owner role to (owners:); a gap synced to Jira shows its ticket.\nExit codes: 0 listed (even when there are gaps), 2 usage, 3 no catalogue or config, 4 API unreachable, 5 API refused the key.',
    )
    .action((flags: GapsFlags) => gapsAction(flags, context));
  registerGapsSyncJira(gaps, context);
  parent.addCommand(gaps);
};
