import { ConnectorError, type HttpClient } from '@aims/connector-sdk';
import { z } from 'zod';
import type { MlflowConfig } from './config.js';
import {
  artifactListSchema,
  experimentSchema,
  type MlflowExperiment,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowRun,
  modelVersionSchema,
  parsePayload,
  registeredModelSchema,
  runSchema,
} from './payloads.js';

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface PageOf<T> {
  items: T[];
  nextToken?: string;
}

const token = z.string().optional();

/** MLflow REST 2.0 over the SDK HTTP layer (retries, rate limits, redaction). */
export class MlflowClient {
  readonly baseUrl: string;
  private readonly http: HttpClient;

  constructor(http: HttpClient, config: MlflowConfig) {
    this.baseUrl = config.trackingUri;
    this.http = http.extend({
      baseUrl: `${config.trackingUri}/api/2.0/mlflow/`,
      ...(config.token === undefined
        ? {}
        : { headers: { authorization: `Bearer ${config.token}` }, secrets: [config.token] }),
    });
  }

  private async post(path: string, json: unknown): Promise<Record<string, unknown>> {
    const res = await this.http.request<Record<string, unknown> | undefined>({
      method: 'POST',
      url: path,
      json,
      conditional: false,
    });
    return res.data ?? {};
  }

  private async get(
    path: string,
    query: Record<string, string | number | undefined>,
  ): Promise<Record<string, unknown>> {
    const res = await this.http.get<Record<string, unknown> | undefined>(path, { query });
    return res.data ?? {};
  }

  async searchExperiments(
    viewType: ViewType,
    pageSize: number,
    pageToken?: string,
    filter?: string,
  ): Promise<PageOf<MlflowExperiment>> {
    const body = await this.post('experiments/search', {
      max_results: pageSize,
      view_type: viewType,
      page_token: pageToken,
      filter,
    });
    return {
      items: parsePayload(
        z.array(experimentSchema).default([]),
        body.experiments,
        'experiments/search result',
      ),
      ...next(body),
    };
  }

  async searchRuns(
    experimentId: string,
    options: {
      filter?: string;
      viewType: ViewType;
      orderBy?: string[];
      pageSize: number;
      pageToken?: string;
    },
  ): Promise<PageOf<MlflowRun>> {
    const body = await this.post('runs/search', {
      experiment_ids: [experimentId],
      filter: options.filter,
      run_view_type: options.viewType,
      order_by: options.orderBy,
      max_results: options.pageSize,
      page_token: options.pageToken,
    });
    return {
      items: parsePayload(
        z.array(runSchema).default([]),
        body.runs,
        `runs/search result of experiment ${experimentId}`,
      ),
      ...next(body),
    };
  }

  async searchRegisteredModels(
    pageSize: number,
    pageToken?: string,
    filter?: string,
  ): Promise<PageOf<MlflowRegisteredModel>> {
    const body = await this.get('registered-models/search', {
      filter,
      max_results: pageSize,
      page_token: pageToken,
    });
    return {
      items: parsePayload(
        z.array(registeredModelSchema).default([]),
        body.registered_models,
        'registered-models/search result',
      ),
      ...next(body),
    };
  }

  async searchModelVersions(
    model: string,
    pageSize: number,
    pageToken?: string,
  ): Promise<PageOf<MlflowModelVersion>> {
    const filter = `name='${model.replace(/'/g, "\\'")}'`;
    const body = await this.get('model-versions/search', {
      filter,
      max_results: pageSize,
      page_token: pageToken,
    });
    return {
      items: parsePayload(
        z.array(modelVersionSchema).default([]),
        body.model_versions,
        `model-versions/search result of ${model}`,
      ),
      ...next(body),
    };
  }

  /** One run (runs/get); undefined when MLflow no longer has it. */
  async getRun(runId: string): Promise<MlflowRun | undefined> {
    try {
      const body = await this.get('runs/get', { run_id: runId });
      return parsePayload(runSchema, body.run, `runs/get result of run ${runId}`);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  async listArtifacts(runId: string, path?: string, pageToken?: string) {
    const body = await this.get('artifacts/list', { run_id: runId, path, page_token: pageToken });
    return parsePayload(artifactListSchema, body, `artifacts/list result of run ${runId}`);
  }
}

function next(body: Record<string, unknown>): { nextToken?: string } {
  const value = token.safeParse(body.next_page_token);
  return value.success && value.data !== undefined && value.data !== '' ? { nextToken: value.data } : {};
}
