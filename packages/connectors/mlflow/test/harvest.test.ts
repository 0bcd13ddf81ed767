import { connectorReadTest } from '@aims/connector-sdk';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mlflowConnector } from '../src/index.js';
import { fixtures } from './fixtures.js';

const BASE = 'https://mlflow.acme.example';
const API = '/api/2.0/mlflow';
const TOKEN = 'mlflow-bearer-token-0123456789';
const config = { trackingUri: BASE, token: TOKEN };
const fast = { retryPolicy: { baseDelayMs: 1, maxDelayMs: 2 }, sleep: async () => {} };
const runId = 'bb6ce967ce6e416092fd910081118382';
const modelName = 'rec-credit-model-1795838875';

interface RunsBody {
  filter?: string;
  run_view_type: string;
}

/** Serves the recorded payloads; `runs` decides the answer of each runs/search call. */
function serve(options: { registry?: boolean; runs?: (body: RunsBody) => [number, unknown] } = {}) {
  const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).persist();
  scope.post(`${API}/experiments/search`).reply(200, fixtures.experimentsSearch);
  scope
    .get(`${API}/registered-models/search`)
    .query(true)
    .reply(200, options.registry === false ? {} : fixtures.registeredModelsSearch);
  scope
    .get(`${API}/model-versions/search`)
    .query({ filter: `name='${modelName}'`, max_results: '100' })
    .reply(200, fixtures.modelVersionsSearch);
  scope.get(`${API}/runs/get`).query({ run_id: runId }).reply(200, fixtures.runsGet);
  scope.get(`${API}/artifacts/list`).query({ run_id: runId }).reply(200, fixtures.artifactsRoot);
  scope
    .get(`${API}/artifacts/list`)
    .query({ run_id: runId, path: 'eval' })
    .reply(200, fixtures.artifactsEval);
  scope.post(`${API}/runs/search`).reply((_uri, body) => {
    const b = body as RunsBody;
    if (options.runs !== undefined) return options.runs(b);
    return [
      200,
      b.run_view_type === 'ACTIVE_ONLY' && b.filter?.startsWith('attributes.end_time')
        ? fixtures.runsSearch
        : {},
    ];
  });
  return scope;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('MLflow harvest', () => {
  it('emits every kind on the first harvest and nothing when nothing changed', async () => {
    serve();
    const first = await connectorReadTest({ connector: mlflowConnector, config, ...fast });
    expect(first.result.status).toBe('succeeded');
    expect(first.upserts.map((r) => `${r.kind} ${r.externalId}`).sort()).toEqual(
      [
        'ml.experiment experiment:5',
        `ml.model-card model:${modelName}:card`,
        `ml.model-version model:${modelName}:version:1`,
        `ml.run run:${runId}`,
        'ml.dataset dataset:loans-2026q3@a1b2c3d4',
      ].sort(),
    );
    expect(first.upserts.find((r) => r.kind === 'ml.run')?.attributes).toMatchObject({
      artifacts: ['eval/fairness.json'],
    });
    // The production (champion) version carries the datasets its source run logged.
    expect(first.upserts.find((r) => r.kind === 'ml.model-version')?.attributes).toMatchObject({
      production: true,
      datasets: [{ name: 'loans-2026q3', digest: 'a1b2c3d4', source: 's3://acme-data/loans/2026q3.parquet' }],
    });
    expect(first.cursors['test/test-instance/runs/experiment%3A5']).toEqual({
      endTime: 1795830200000,
      atEndTime: [runId],
      deleted: [],
    });

    const second = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: first.checkpoints,
      ...fast,
    });
    expect(second.records).toEqual([]);
  });

  it('tombstones model versions and cards that are no longer listed, and deleted runs once', async () => {
    serve();
    const first = await connectorReadTest({ connector: mlflowConnector, config, ...fast });
    nock.cleanAll();
    const deletedRuns = {
      runs: fixtures.runsSearch.runs.map((r) => ({ ...r, info: { ...r.info, lifecycle_stage: 'deleted' } })),
    };
    serve({ registry: false, runs: (b) => [200, b.run_view_type === 'DELETED_ONLY' ? deletedRuns : {}] });
    const second = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: first.checkpoints,
      ...fast,
    });
    expect(second.deletes.map((r) => `${r.kind} ${r.externalId}`).sort()).toEqual(
      [
        `ml.model-card model:${modelName}:card`,
        `ml.model-version model:${modelName}:version:1`,
        `ml.run run:${runId}`,
      ].sort(),
    );
    const third = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: second.checkpoints,
      ...fast,
    });
    expect(third.deletes).toEqual([]);
  });

  it('records a malformed runs payload as a gap of that experiment and keeps the rest', async () => {
    serve({ runs: () => [200, { runs: [{ info: { run_id: 'x' } }] }] });
    const run = await connectorReadTest({ connector: mlflowConnector, config, failureRatio: 0.5, ...fast });
    expect(run.result.status).toBe('partial');
    expect(run.gaps).toEqual([
      expect.objectContaining({
        slice: 'experiment:5',
        stream: 'runs',
        error: expect.objectContaining({ code: 'malformed_payload' }),
      }),
    ]);
    expect(JSON.stringify(run.gaps)).toMatch(/runs\/search result of experiment 5.*experiment_id/);
    expect(run.upserts.some((r) => r.kind === 'ml.model-version')).toBe(true);
  });

  it('retries a 503 and fails clearly, without the token, on 401', async () => {
    nock(BASE).post(`${API}/experiments/search`).reply(503, { error_code: 'TEMPORARILY_UNAVAILABLE' });
    serve();
    const ok = await connectorReadTest({ connector: mlflowConnector, config, ...fast });
    expect(ok.result.status).toBe('succeeded');
    expect(ok.result.http.retries).toBeGreaterThanOrEqual(1);

    nock.cleanAll();
    nock(BASE)
      .post(`${API}/experiments/search`)
      .reply(401, { error_code: 'UNAUTHENTICATED', message: 'bad token' });
    const denied = await connectorReadTest({ connector: mlflowConnector, config, ...fast });
    expect(denied.result.status).toBe('failed');
    expect(denied.result.error?.code).toBe('auth_failed');
    expect(JSON.stringify(denied.result)).not.toContain(TOKEN);
  });
});
