import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { contextOf, currentArtifacts } from '../embedded/evaluate.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { type ForecastView, forecastTable } from '../format/forecast.js';
import { apiClientOf } from '../source/api.js';
import { type SourceFlags, sourceOf, sourceOptions } from '../source/options.js';
import { openWorkspace, withCatalogue } from '../source/workspace.js';

interface ForecastFlags extends SourceFlags {
  at?: string;
  format: 'table' | 'json';
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DATE_TIME =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/** --at: a date (00:00 UTC that day) or a date-time with its zone; kept as given for the API. */
export function parseAt(value: string): string {
  const ms = DATE.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : DATE_TIME.test(value)
      ? Date.parse(value)
      : NaN;
  const real = DATE.test(value) ? new Date(ms).toISOString().slice(0, 10) === value : Number.isFinite(ms);
  if (!Number.isFinite(ms) || !real)
    throw new InvalidArgumentError(
      `"${value}" is not a date (2027-03-01) or a date-time (2027-03-01T09:00:00Z)`,
    );
  return value;
}

const instantOf = (value: string): number =>
  DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);

/** The forecast over the local catalogue, shaped as the API's GET /v1/forecast answers it. */
async function localForecast(
  flags: ForecastFlags,
  { io }: CommandContext,
  source: Extract<ReturnType<typeof sourceOf>, { kind: 'embedded' }>,
): Promise<ForecastView> {
  const { config, library } = await openWorkspace(source.paths, io.cwd);
  const [{ forecast, nextAudit, certificationCalendar }, { forecastView }] = await Promise.all([
    import('@aims/scoring'),
    import('@aims/api'),
  ]);
  const now = new Date();
  const next = config.certification ? nextAudit(config.certification, now) : undefined;
  let at: number;
  if (flags.at !== undefined) {
    at = instantOf(flags.at);
    if (at <= now.getTime())
      throw new CliError('usage', `--at ${flags.at} is not after now (${now.toISOString()})`, EXIT.usage);
  } else if (next) {
    at = Date.parse(next.at);
  } else {
    throw new CliError(
      'usage',
      config.certification
        ? 'the certification calendar has no audit after today: pass --at DATE, or describe the new certificate under certification: in the workspace config'
        : 'the workspace config has no certification calendar (certification.certifiedAt): pass --at DATE',
      EXIT.usage,
    );
  }
  const result = await withCatalogue(source.paths.dataDir, io.cwd, async (catalogue) => {
    const artifacts = await currentArtifacts(catalogue, config.workspace);
    const context = await contextOf(catalogue, config);
    return forecast(library, artifacts, { now, at, context, owners: config.owners });
  });
  const day = new Date(at).toISOString().slice(0, 10);
  const audit = config.certification
    ? certificationCalendar(config.certification).find((entry) => entry.date === day)
    : undefined;
  return forecastView(result, { audit, nextAudit: next, limit: 5_000 });
}

async function forecastAction(flags: ForecastFlags, context: CommandContext): Promise<void> {
  const { io, exit } = context;
  const source = sourceOf(flags, io);
  const view =
    source.kind === 'api'
      ? await apiClientOf(source).forecast({ ...(flags.at ? { at: flags.at } : {}), limit: 5_000 })
      : await localForecast(flags, context, source);
  io.out(flags.format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : forecastTable(view));
  exit(EXIT.ok);
}

/** `aims forecast`: what will not be compliant on a date (default the next audit), and what to renew. */
export const registerForecast: RegisterCommand = (parent, context) => {
  parent.addCommand(
    sourceOptions(
      new Command('forecast')
        .description(
          'say which controls and clauses will not be compliant on a date (default: the next audit of the certification calendar) if no new evidence arrives, and list the evidence to renew before then with its owner',
        )
        .option('--at <date>', 'the date (2027-03-01) or date-time to forecast; after now', parseAt)
        .addOption(
          new Option('--format <format>', 'table, or json (the shape of the API’s GET /v1/forecast)')
            .choices(['table', 'json'])
            .default('table'),
        ),
    )
      .addHelpText(
        'after',
        '\nLocally the forecast is made over the catalogue’s current artifacts; with --api it is GET /v1/forecast.\nThe next audit comes from certification: in the workspace config (surveillance yearly, recertification after three years).\nExit codes: 0 printed, 2 usage (a bad --at, no date to default to), 3 no catalogue or config, 4 API unreachable, 5 API refused the key.',
      )
      .action((flags: ForecastFlags) => forecastAction(flags, context)),
  );
};
