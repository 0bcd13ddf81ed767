import { connectorReadTest, MemoryContentStore } from '@aims/connector-sdk';
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
/** Credentials a run can carry in what MLflow logged for it (a git remote, a presigned dataset URL). */
const GIT_TOKEN = `${'ghp_'}runTokenInTheGitRemote00000000000001`;
const SIGNATURE = 'f1e2d3c4b5a6978812345678deadbeef';

/** The recorded run, with a git remote holding a token and a dataset read through a presigned URL. */
function runsWithCredentials() {
  const runs = structuredClone(fixtures.runsSearch);
  const [run] = runs.runs;
  if (run === undefined) throw new Error('fixture has no run');
  run.data.tags.push({
    key: 'mlflow.source.git.repoURL',
    value: `https://ci-bot:${GIT_TOKEN}@github.com/acme/credit.git`,
  });
  const input = run.inputs.dataset_inputs[0];
  if (input === undefined) throw new Error('fixture run has no dataset input');
  input.dataset.source = JSON.stringify({
    url: `https://acme-data.s3.amazonaws.com/loans/2026q3.parquet?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261101&X-Amz-Signature=${SIGNATURE}`,
  });
  return runs;
}

function serve(runs: unknown = fixtures.runsSearch) {
  const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).persist();
  scope.post(`${API}/experiments/search`).reply(200, fixtures.experimentsSearch);
  scope.get(`${API}/registered-models/search`).query(true).reply(200, fixtures.registeredModelsSearch);
  scope.get(`${API}/model-versions/search`).query(true).reply(200, fixtures.modelVersionsSearch);
  scope.get(`${API}/runs/get`).query({ run_id: runId }).reply(200, fixtures.runsGet);
  scope.get(`${API}/artifacts/list`).query({ run_id: runId }).reply(200, fixtures.artifactsRoot);
  scope
    .get(`${API}/artifacts/list`)
    .query({ run_id: runId, path: 'eval' })
    .reply(200, fixtures.artifactsEval);
  scope.post(`${API}/runs/search`).reply((_uri, body) => {
    const b = body as { filter?: string; run_view_type: string };
    return [
      200,
      b.run_view_type === 'ACTIVE_ONLY' && b.filter?.startsWith('attributes.end_time') ? runs : {},
    ];
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('MLflow evidence content', () => {
  it('stores each run, dataset, model version, model card and experiment as JSON of what MLflow answered', async () => {
    serve();
    const store = new MemoryContentStore();
    const run = await connectorReadTest({
      connector: mlflowConnector,
      config,
      storeContent: store.storeContent,
      ...fast,
    });
    expect(run.result.status).toBe('succeeded');
    expect(run.upserts).toHaveLength(5);
    for (const record of run.upserts) {
      expect(record.content?.mediaType, record.externalId).toBe('application/json');
      expect(record.content?.blobKey, record.externalId).toBe(`sha256/${record.content?.sha256}`);
    }
    const content = (id: string) =>
      store.json(run.upserts.find((r) => r.externalId === id)?.content?.blobKey ?? id);
    const source = fixtures.runsSearch.runs[0];
    expect(content(`run:${runId}`)).toMatchObject({
      runId,
      experimentId: '5',
      status: 'FINISHED',
      endTime: new Date(1795830200000).toISOString(),
      params: { max_depth: '6', learning_rate: '0.1' },
      metrics: source?.data.metrics.map((m) => ({
        key: m.key,
        value: m.value,
        timestamp: new Date(m.timestamp).toISOString(),
        step: m.step,
      })),
      tags: { 'mlflow.user': 'dana', purpose: 'evaluation' },
      datasetInputs: [
        expect.objectContaining({
          name: 'loans-2026q3',
          digest: 'a1b2c3d4',
          source: '{"uri": "s3://acme-data/loans/2026q3.parquet"}',
          profile: '{"num_rows": 120000}',
          tags: { 'mlflow.data.context': 'training', license: 'CC-BY-4.0' },
        }),
      ],
      artifacts: ['eval/fairness.json'],
    });
    expect(content('dataset:loans-2026q3@a1b2c3d4')).toEqual({
      name: 'loans-2026q3',
      digest: 'a1b2c3d4',
      sourceType: 's3',
      source: '{"uri": "s3://acme-data/loans/2026q3.parquet"}',
      profile: '{"num_rows": 120000}',
      schema: null,
    });
    expect(content(`model:${modelName}:version:1`)).toMatchObject({
      name: modelName,
      version: '1',
      aliases: ['champion'],
      status: 'READY',
      description: 'XGBoost, Q3 data',
      source: `runs:/${runId}/model`,
      runId,
      tags: { approved: 'true', approved_by: 'carol', validation_status: 'passed' },
      lineage: [expect.objectContaining({ name: 'loans-2026q3', digest: 'a1b2c3d4' })],
    });
    expect(content(`model:${modelName}:card`)).toMatchObject({
      model: modelName,
      description: 'Scores consumer credit applications.',
      intendedUse: 'Pre-screening of consumer loan applications',
      limitations: 'Not validated for business loans',
      aliases: [{ alias: 'champion', version: '1' }],
    });
    expect(content('experiment:5')).toMatchObject({
      name: 'rec-credit-1795838874',
      tags: { team: 'risk-ml' },
    });
  });

  it('stores nothing new on a second harvest, incremental or full, of an unchanged server', async () => {
    serve();
    const store = new MemoryContentStore();
    const first = await connectorReadTest({
      connector: mlflowConnector,
      config,
      storeContent: store.storeContent,
      ...fast,
    });
    expect(store.writes).toBe(5);
    const quiet = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: first.checkpoints,
      storeContent: store.storeContent,
      ...fast,
    });
    expect(quiet.records).toEqual([]);
    const full = await connectorReadTest({
      connector: mlflowConnector,
      config,
      storeContent: store.storeContent,
      ...fast,
    });
    expect(full.upserts.map((r) => r.content)).toEqual(first.upserts.map((r) => r.content));
    expect(store.writes).toBe(5);
  });

  it('never stores the bearer token, a token in a git remote or a presigned URL signature', async () => {
    serve(runsWithCredentials());
    const store = new MemoryContentStore();
    const run = await connectorReadTest({
      connector: mlflowConnector,
      config,
      storeContent: store.storeContent,
      ...fast,
    });
    expect(run.result.status).toBe('succeeded');
    for (const secret of [TOKEN, GIT_TOKEN, SIGNATURE, 'AKIAIOSFODNN7EXAMPLE', 'ci-bot:'])
      expect(store.holds(secret), secret).toBe(false);
    // What the run says stays: the remote and the dataset's location, without their credentials.
    const runContent = store.json(run.upserts.find((r) => r.kind === 'ml.run')?.content?.blobKey ?? '') as {
      tags: Record<string, string>;
    };
    expect(runContent.tags['mlflow.source.git.repoURL']).toBe('https://github.com/acme/credit.git');
    // The attributes reaching the catalogue are redacted the same way.
    const records = JSON.stringify(run.records);
    for (const secret of [GIT_TOKEN, SIGNATURE]) expect(records).not.toContain(secret);
  });
});
