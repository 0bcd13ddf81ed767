import { Command, Option } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { evaluateNow } from '../embedded/evaluate.js';
import { EXIT } from '../exit-codes.js';
import { type ControlList, controlList, scoreTable } from '../format/score.js';
import { apiClientOf } from '../source/api.js';
import { type SourceFlags, sourceOf, sourceOptions } from '../source/options.js';
import { openWorkspace, withCatalogue } from '../source/workspace.js';

interface ScoreFlags extends SourceFlags {
  format: 'table' | 'json';
}

async function scoreAction(flags: ScoreFlags, { io, exit }: CommandContext): Promise<void> {
  const source = sourceOf(flags, io);
  let list: ControlList;
  let heading: string;
  if (source.kind === 'api') {
    list = await apiClientOf(source).listControls();
    heading = `Controls as the API at ${source.url} scored them (last change ${list.scoredAt}):`;
  } else {
    const { config, library } = await openWorkspace(source.paths, io.cwd);
    const { evaluation, artifacts } = await withCatalogue(source.paths.dataDir, io.cwd, (catalogue) =>
      evaluateNow(catalogue, config, library, new Date()),
    );
    list = controlList(evaluation);
    heading = `Controls of workspace "${config.workspace}", evaluated at ${evaluation.evaluatedAt} over its ${artifacts} current artifacts:`;
  }
  io.out(
    flags.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : `${heading}\n\n${scoreTable(list)}`,
  );
  exit(EXIT.ok);
}

/** `aims score`: each control's status and coverage, and the totals. */
export const registerScore: RegisterCommand = (parent, context) => {
  parent.addCommand(
    sourceOptions(
      new Command('score')
        .description(
          "print each Annex A control's and clause's status and coverage, and the totals (Annex A, clauses) and by objective",
        )
        .addOption(
          new Option('--format <format>', 'table, or json (the shape of the API’s GET /v1/controls)')
            .choices(['table', 'json'])
            .default('table'),
        ),
    )
      .addHelpText(
        'after',
        '\nLocally the controls are evaluated now, over the catalogue’s current artifacts (so evidence that went\nstale since the last harvest counts as stale); with --api they are the scores the running scorer keeps.\nExit codes: 0 printed, 2 usage, 3 no catalogue or config, 4 API unreachable or scores not ready, 5 API refused the key.',
      )
      .action((flags: ScoreFlags) => scoreAction(flags, context)),
  );
};
