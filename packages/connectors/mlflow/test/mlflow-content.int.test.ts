import { connectorReadTest, MemoryContentStore } from '@aims/connector-sdk';
import { describe, expect, it } from 'vitest';
import { mlflowConnector } from '../src/index.js';
import { base, call, finishedRun } from './mlflow-server.js';

describe('MLflow evidence content against a real tracking server', () => {
  it('stores what the server holds for each run, dataset, model version and card, once', async () => {
    const suffix = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const experimentName = `aims-content-${suffix}`;
    const modelName = `aims-content-model-${suffix}`;
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>(
      'POST',
      'experiments/create',
      {
        name: experimentName,
      },
    );
    const runId = await finishedRun(experimentId, 'baseline', Date.now(), `train-${suffix}`);
    await call('POST', 'registered-models/create', { name: modelName, description: 'Scores applications.' });
    await call('POST', 'registered-models/set-tag', {
      name: modelName,
      key: 'limitations',
      value: 'Retail only',
    });
    await call('POST', 'model-versions/create', {
      name: modelName,
      source: `runs:/${runId}/model`,
      run_id: runId,
    });
    await call('POST', 'registered-models/alias', { name: modelName, alias: 'champion', version: '1' });
    const config = {
      trackingUri: base,
      experimentNames: [experimentName],
      registeredModelFilter: `name = '${modelName}'`,
    };

    const store = new MemoryContentStore();
    const first = await connectorReadTest({
      connector: mlflowConnector,
      config,
      storeContent: store.storeContent,
    });
    expect(first.result.status).toBe('succeeded');
    const ours = first.upserts.filter(
      (r) =>
        r.externalId.includes(suffix) ||
        r.externalId.includes(runId) ||
        r.externalId === `experiment:${experimentId}`,
    );
    expect(ours.map((r) => r.kind).sort()).toEqual([
      'ml.dataset',
      'ml.experiment',
      'ml.model-card',
      'ml.model-version',
      'ml.run',
    ]);
    for (const record of ours)
      expect(record.content?.blobKey, record.externalId).toBe(`sha256/${record.content?.sha256}`);
    const content = (id: string) => store.json(ours.find((r) => r.externalId === id)?.content?.blobKey ?? id);

    // What the server holds for the run, read back independently.
    const { run } = await call<{
      run: {
        data: {
          params: unknown[];
          metrics: Array<{ key: string; value: number; timestamp: number; step: number }>;
        };
      };
    }>('GET', `runs/get?run_id=${runId}`);
    expect(content(`run:${runId}`)).toMatchObject({
      runId,
      status: 'FINISHED',
      params: { max_depth: '4' },
      metrics: expect.arrayContaining(
        run.data.metrics.map((m) => ({
          key: m.key,
          value: m.value,
          timestamp: new Date(m.timestamp).toISOString(),
          step: m.step,
        })),
      ),
      datasetInputs: [
        expect.objectContaining({
          name: `train-${suffix}`,
          digest: `d-train-${suffix}`,
          tags: { 'mlflow.data.context': 'evaluation', license: 'CC-BY-4.0' },
        }),
      ],
    });
    expect(content(`dataset:train-${suffix}@d-train-${suffix}`)).toMatchObject({
      source: `{"url": "https://data.acme.example/train-${suffix}.csv"}`,
      sourceType: 'http',
    });
    expect(content(`model:${modelName}:version:1`)).toMatchObject({
      name: modelName,
      aliases: ['champion'],
      runId,
      lineage: [expect.objectContaining({ name: `train-${suffix}` })],
    });
    expect(content(`model:${modelName}:card`)).toMatchObject({
      limitations: 'Retail only',
      description: 'Scores applications.',
    });

    const written = store.writes;
    const again = await connectorReadTest({
      connector: mlflowConnector,
      config,
      storeContent: store.storeContent,
    });
    const oursAgain = again.upserts.filter((r) => ours.some((o) => o.externalId === r.externalId));
    expect(oursAgain.map((r) => r.content).sort()).toEqual(ours.map((r) => r.content).sort());
    expect(store.writes).toBe(written);
  });
});
