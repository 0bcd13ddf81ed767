import type { ConnectorInstanceConfig } from '@aims/config';
import type { Logger } from '@aims/service-kit';
import type { InstanceOutcome } from '../format/runs.js';
import type { Progress } from '../progress.js';
import { type ConnectorRegistry, type OpenedWorkspace, openCatalogue } from '../source/workspace.js';
import { startEmbeddedPipeline } from './pipeline.js';

export interface LocalHarvest {
  outcomes: InstanceOutcome[];
  /** Controls by status once the scores settled. */
  statuses: Record<string, number>;
}

/**
 * Harvests each instance in turn in this process, then waits until the normaliser has taken in
 * what was published and the scorer has scored it, and stops. Secrets come from `env` as the
 * instance's `<name>Env: VAR` references say. A run that cannot start (a secret not set, a config
 * its connector rejects) is recorded as a failed run, as the harvest workers record it.
 */
export async function harvestLocally(options: {
  workspace: OpenedWorkspace;
  connectors: ConnectorRegistry;
  instances: readonly ConnectorInstanceConfig[];
  full: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  logger: Logger;
  progress: Progress;
  print: (outcome: InstanceOutcome) => void;
}): Promise<LocalHarvest> {
  const { workspace, progress } = options;
  const { resolveSecretRefs, SecretMissingError } = await import('@aims/config');
  const catalogue = await openCatalogue(workspace.paths.dataDir, options.cwd, { create: true });
  try {
    const pipeline = await startEmbeddedPipeline({
      workspace,
      connectors: options.connectors,
      catalogue,
      logger: options.logger,
      onRecords: (count) => progress.records(count),
    });
    try {
      const outcomes: InstanceOutcome[] = [];
      for (const [index, instance] of options.instances.entries()) {
        progress.start(index, instance.instance);
        const target = {
          workspace: workspace.config.workspace,
          instance: instance.instance,
          connector: instance.connector,
        };
        let run: InstanceOutcome['run'] | undefined;
        let config: Record<string, unknown> | undefined;
        try {
          config = resolveSecretRefs(instance.config, options.env, `connectors.${instance.instance}.config`);
        } catch (error) {
          if (!(error instanceof SecretMissingError)) throw error;
          run = await pipeline.harvester.recordFailure(target, error);
        }
        if (config !== undefined) {
          const before = new Date().toISOString();
          try {
            const result = await pipeline.harvester.harvest({ ...target, config, full: options.full });
            // The run as the catalogue stored it: the record the API serves at /v1/harvest-runs.
            run = await catalogue.getHarvestRun(result.runId);
          } catch (error) {
            // A run that could not start was recorded as failed before the error was thrown.
            const [recorded] = await catalogue.listHarvestRuns(target.workspace, {
              instance: target.instance,
              limit: 1,
            });
            if (recorded?.status !== 'failed' || recorded.startedAt < before) throw error;
            run = recorded;
          }
        }
        if (run === undefined) throw new Error(`the harvest run of ${instance.instance} was not recorded`);
        const outcome: InstanceOutcome = { instance: instance.instance, connector: instance.connector, run };
        outcomes.push(outcome);
        options.print(outcome);
      }
      progress.phase('normalising and scoring');
      await pipeline.settled();
      const statuses: Record<string, number> = {};
      for (const score of await catalogue.getScores(workspace.config.workspace))
        statuses[score.status] = (statuses[score.status] ?? 0) + 1;
      return { outcomes, statuses };
    } finally {
      await pipeline.stop();
    }
  } finally {
    progress.end();
    await catalogue.close();
  }
}
