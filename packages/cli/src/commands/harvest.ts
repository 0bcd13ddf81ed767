import type { ConnectorInstanceConfig } from '@aims/config';
import type { Logger } from '@aims/service-kit';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { harvestLocally } from '../embedded/harvest.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { failed, type InstanceOutcome, outcomeLines } from '../format/runs.js';
import { createProgress, type Progress } from '../progress.js';
import { apiClientOf } from '../source/api.js';
import { type Source, type SourceFlags, sourceOf, sourceOptions } from '../source/options.js';
import { loadConnectors, openWorkspace } from '../source/workspace.js';

interface HarvestFlags extends SourceFlags {
  full?: boolean;
}

/** The instance named, or every enabled one; an unknown or disabled name is refused, naming the known ones. */
function chosen<T extends { instance: string; enabled: boolean }>(
  all: readonly T[],
  name: string | undefined,
): T[] {
  if (name === undefined) return all.filter((instance) => instance.enabled);
  const found = all.find((instance) => instance.instance === name);
  if (!found)
    throw new CliError(
      'unknown_instance',
      `no connector instance "${name}" in the workspace; configured: ${all.map((i) => i.instance).join(', ') || 'none'}`,
      EXIT.input,
    );
  if (!found.enabled)
    throw new CliError('instance_disabled', `connector instance "${name}" is disabled`, EXIT.input);
  return [found];
}

/** Logs of the pipeline go to stderr with --verbose, nowhere otherwise (the result is on stdout). */
async function loggerFor(context: CommandContext): Promise<Logger> {
  const { createLogger, silentLogger } = await import('@aims/service-kit');
  if (!context.verbose) return silentLogger();
  return createLogger('aims-cli', {
    level: 'info',
    destination: { write: (line: string) => context.io.err(line) },
  });
}

async function harvestLocal(
  source: Extract<Source, { kind: 'embedded' }>,
  name: string | undefined,
  flags: HarvestFlags,
  context: CommandContext,
): Promise<InstanceOutcome[]> {
  const { io } = context;
  const [workspace, connectors] = await Promise.all([openWorkspace(source.paths, io.cwd), loadConnectors()]);
  const instances: ConnectorInstanceConfig[] = chosen(workspace.config.connectors, name);
  if (instances.length === 0)
    throw new CliError('no_instances', 'the workspace has no enabled connector instance', EXIT.input);
  const progress = createProgress(io, instances.length);
  const { outcomes, statuses } = await harvestLocally({
    workspace,
    connectors,
    instances,
    full: flags.full === true,
    env: io.env ?? {},
    cwd: io.cwd,
    logger: await loggerFor(context),
    progress,
    print: (outcome) => {
      for (const line of outcomeLines(outcome)) progress.print(line);
    },
  });
  const count = (status: string) => statuses[status] ?? 0;
  io.out(
    `Scores settled: ${count('compliant')} compliant, ${count('partially_compliant')} partially compliant, ${count('not_compliant')} not compliant, ${count('not_applicable')} not applicable (aims score, aims gaps for more)\n`,
  );
  return outcomes;
}

async function harvestThroughApi(
  source: Extract<Source, { kind: 'api' }>,
  name: string | undefined,
  flags: HarvestFlags,
  io: CommandContext['io'],
): Promise<InstanceOutcome[]> {
  const client = apiClientOf(source);
  const connectors = await client.listConnectors();
  const instances = chosen(connectors, name);
  if (instances.length === 0)
    throw new CliError('no_instances', 'the API has no enabled connector instance', EXIT.input);
  const progress: Progress = createProgress(io, instances.length);
  const outcomes: InstanceOutcome[] = [];
  try {
    for (const [index, instance] of instances.entries()) {
      progress.start(index, instance.instance);
      let seen = 0;
      const { run } = await client.harvest(instance.instance, {
        mode: flags.full ? 'full' : 'incremental',
        onPoll: (current) => {
          if (current && current.records > seen) progress.records(current.records - seen);
          seen = Math.max(seen, current?.records ?? 0);
        },
      });
      const outcome: InstanceOutcome = { instance: instance.instance, connector: instance.connector, run };
      outcomes.push(outcome);
      for (const line of outcomeLines(outcome)) progress.print(line);
    }
  } finally {
    progress.end();
  }
  return outcomes;
}

async function harvestAction(
  name: string | undefined,
  flags: HarvestFlags,
  context: CommandContext,
): Promise<void> {
  const source = sourceOf(flags, context.io);
  const outcomes =
    source.kind === 'api'
      ? await harvestThroughApi(source, name, flags, context.io)
      : await harvestLocal(source, name, flags, context);
  context.exit(outcomes.some(failed) ? EXIT.rejected : EXIT.ok);
}

/** `aims harvest [instance]`: a harvest of one or every enabled connector instance, now. */
export const registerHarvest: RegisterCommand = (parent, context) => {
  parent.addCommand(
    sourceOptions(
      new Command('harvest')
        .description(
          'harvest one connector instance (or every enabled one) now, and wait until its evidence is catalogued and scored',
        )
        .argument('[instance]', 'the connector instance id (default: every enabled instance)')
        .option('--full', 'ignore the stored cursors and read everything (what is gone is tombstoned)'),
    )
      .addHelpText(
        'after',
        '\nLocally the pipeline runs in this process over the data folder (do not run it while `npm start` uses\nthe same folder); with --api the server harvests (POST /v1/connectors/{instance}/runs; its rate limit, by default one\nrun a minute per instance, may hold the run back) and the run is followed.\nSecrets come from the environment, as the config’s `<name>Env: VAR` references say.\nPrints per instance: status, records, deletes and each object it could not read (path:line: problem).\nExit codes: 0 harvested (partial runs included), 1 a run failed or could not start (a secret is missing),\n2 usage, 3 unknown or disabled instance, unusable config, 4 API unreachable or busy, 5 API refused the key.',
      )
      .action((name: string | undefined, flags: HarvestFlags) => harvestAction(name, flags, context)),
  );
};
