import {
  type CheckResult,
  ConnectorError,
  defineConnector,
  type MissingPermission,
  type Slice,
} from '@aims/connector-sdk';
import { MlflowClient } from './client.js';
import { type MlflowConfig, mlflowConfigSchema, mlflowSecrets } from './config.js';
import { experimentsStream, listExperiments, type MlflowSliceParams } from './streams/experiments.js';
import { registryStream } from './streams/registry.js';
import { runsStream } from './streams/runs.js';

export const MLFLOW_CONNECTOR_VERSION = '0.1.0';

async function probe(
  name: string,
  permission: string,
  call: () => Promise<unknown>,
  missing: MissingPermission[],
) {
  try {
    await call();
    return true;
  } catch (error) {
    if (
      error instanceof ConnectorError &&
      (error.code === 'permission_denied' || error.code === 'not_found')
    ) {
      missing.push({ permission, reason: `${name} answered ${error.code}` });
      return false;
    }
    throw error;
  }
}

export const mlflowConnector = defineConnector<MlflowConfig, MlflowClient, MlflowSliceParams>({
  id: 'mlflow',
  version: MLFLOW_CONNECTOR_VERSION,
  title: 'MLflow',
  configSchema: mlflowConfigSchema,
  auth: {
    type: 'token',
    description: 'Optional bearer token for an MLflow server behind authentication',
    secrets: mlflowSecrets,
  },
  createClient: (ctx) => new MlflowClient(ctx.http, ctx.config),
  async check(ctx): Promise<CheckResult> {
    const missing: MissingPermission[] = [];
    const granted: string[] = [];
    if (
      await probe(
        'experiments/search',
        'READ on experiments',
        () => ctx.client.searchExperiments('ACTIVE_ONLY', 1),
        missing,
      )
    ) {
      granted.push('READ on experiments');
    }
    if (
      await probe(
        'registered-models/search',
        'READ on registered models',
        () => ctx.client.searchRegisteredModels(1),
        missing,
      )
    ) {
      granted.push('READ on registered models');
    }
    return { ok: missing.length === 0, granted, missing, message: `MLflow at ${ctx.config.trackingUri}` };
  },
  async slices(ctx) {
    const slices: Array<Slice<MlflowSliceParams>> = [
      { id: 'experiments', title: 'MLflow experiments', params: { type: 'experiments' } },
      { id: 'registry', title: 'MLflow model registry', params: { type: 'registry' } },
    ];
    for await (const exp of listExperiments(ctx.client, ctx.config)) {
      slices.push({
        id: `experiment:${exp.experiment_id}`,
        title: `MLflow experiment ${exp.name}`,
        params: { type: 'runs', experimentId: exp.experiment_id, deleted: exp.lifecycle_stage === 'deleted' },
      });
    }
    return slices;
  },
  streams: [experimentsStream, registryStream, runsStream],
});

export { MlflowClient } from './client.js';
export type { MlflowConfig, MlflowConfigInput } from './config.js';
export { mlflowConfigSchema } from './config.js';
export * from './normalise.js';
export type { MlflowSliceParams } from './streams/experiments.js';
export { experimentsStream, listExperiments } from './streams/experiments.js';
export { registryStream } from './streams/registry.js';
export type { RunsCursor } from './streams/runs.js';
export { runsStream } from './streams/runs.js';
