import { connectorReadTest, type RawEvidenceRecord, runCheck } from '@aims/connector-sdk';
import { describe, expect, it } from 'vitest';
import { mlflowConnector } from '../src/index.js';
import { base, call, finishedRun } from './mlflow-server.js';

const byId = (records: RawEvidenceRecord[], id: string) => records.filter((r) => r.externalId === id);

describe('MLflow connector against a real tracking server', () => {
  it('harvests experiments, runs, datasets and the registry, then follows changes and deletions', async () => {
    const suffix = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const experimentName = `aims-int-${suffix}`;
    const modelName = `aims-int-model-${suffix}`;
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>(
      'POST',
      'experiments/create',
      {
        name: experimentName,
        tags: [{ key: 'aims.ai_system', value: 'credit-scoring' }],
      },
    );
    const t0 = Date.now();
    const run1 = await finishedRun(experimentId, 'baseline', t0, `train-${suffix}`);
    await call('POST', 'registered-models/create', { name: modelName, description: 'Scores applications.' });
    await call('POST', 'registered-models/set-tag', {
      name: modelName,
      key: 'intended_use',
      value: 'Pre-screening of loan applications for a credit officer',
    });
    await call('POST', 'model-versions/create', {
      name: modelName,
      source: `runs:/${run1}/model`,
      run_id: run1,
      tags: [
        { key: 'approved', value: 'true' },
        { key: 'approved_by', value: 'carol' },
        { key: 'evaluation_run_id', value: run1 },
        { key: 'validation_status', value: 'passed' },
      ],
    });
    await call('POST', 'registered-models/alias', { name: modelName, alias: 'champion', version: '1' });

    const config = {
      trackingUri: base,
      experimentNames: [experimentName],
      registeredModelFilter: `name = '${modelName}'`,
      pageSize: 2,
    };
    const first = await connectorReadTest({ connector: mlflowConnector, config });

    expect(first.result.status).toBe('succeeded');
    expect(byId(first.upserts, `experiment:${experimentId}`)[0]).toMatchObject({
      kind: 'ml.experiment',
      aiSystems: ['credit-scoring'],
      attributes: { name: experimentName, lifecycleStage: 'active' },
    });
    expect(byId(first.upserts, `run:${run1}`)[0]).toMatchObject({
      kind: 'ml.run',
      owner: 'int-test',
      attributes: {
        status: 'FINISHED',
        params: { max_depth: '4' },
        metrics: { accuracy: 0.88, 'fairness.equal_opportunity_diff': 0.02 },
        datasets: [
          {
            name: `train-${suffix}`,
            digest: `d-train-${suffix}`,
            source: `https://data.acme.example/train-${suffix}.csv`,
            sourceType: 'http',
          },
        ],
      },
    });
    expect(byId(first.upserts, `dataset:train-${suffix}@d-train-${suffix}`)[0]).toMatchObject({
      attributes: { license: 'CC-BY-4.0' },
    });
    expect(byId(first.upserts, `model:${modelName}:version:1`)[0]).toMatchObject({
      kind: 'ml.model-version',
      attributes: {
        aliases: ['champion'],
        approved: true,
        approvedBy: 'carol',
        sourceRunId: run1,
        status: 'READY',
        // Production through its alias, linked to its evaluation, and traced to its run's data.
        production: true,
        evaluationRunId: run1,
        validationStatus: 'passed',
        datasets: [expect.objectContaining({ name: `train-${suffix}`, digest: `d-train-${suffix}` })],
      },
    });
    // The card states the intended use from its tag; the description stays a description.
    expect(byId(first.upserts, `model:${modelName}:card`)[0]).toMatchObject({
      kind: 'ml.model-card',
      attributes: {
        intendedUse: 'Pre-screening of loan applications for a credit officer',
        description: 'Scores applications.',
      },
    });

    // Nothing changed: the second harvest emits nothing about our objects.
    const quiet = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: first.checkpoints,
    });
    const ours = (r: RawEvidenceRecord) =>
      r.externalId.includes(suffix) ||
      r.externalId === `experiment:${experimentId}` ||
      r.externalId.includes(run1);
    expect(quiet.records.filter(ours)).toEqual([]);

    // A new run, a deleted run, a deleted model version and a moved alias.
    const run2 = await finishedRun(experimentId, 'candidate', Date.now(), `eval-${suffix}`);
    await call('POST', 'runs/delete', { run_id: run1 });
    await call('POST', 'model-versions/create', {
      name: modelName,
      source: `runs:/${run2}/model`,
      run_id: run2,
    });
    await call('POST', 'registered-models/alias', { name: modelName, alias: 'champion', version: '2' });
    await call('DELETE', 'model-versions/delete', { name: modelName, version: '1' });

    const second = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: quiet.checkpoints,
    });
    expect(second.result.status).toBe('succeeded');
    expect(byId(second.upserts, `run:${run2}`)).toHaveLength(1);
    expect(byId(second.upserts, `run:${run1}`)).toHaveLength(0);
    expect(byId(second.deletes, `run:${run1}`)).toEqual([
      expect.objectContaining({ op: 'delete', kind: 'ml.run' }),
    ]);
    expect(byId(second.deletes, `model:${modelName}:version:1`)).toEqual([
      expect.objectContaining({ kind: 'ml.model-version' }),
    ]);
    expect(byId(second.upserts, `model:${modelName}:version:2`)[0]).toMatchObject({
      attributes: {
        aliases: ['champion'],
        approved: false,
        production: true,
        evaluationRunId: null,
        datasets: [expect.objectContaining({ name: `eval-${suffix}` })],
      },
    });

    // Deleting the experiment tombstones it and its remaining runs.
    await call('POST', 'experiments/delete', { experiment_id: experimentId });
    const third = await connectorReadTest({
      connector: mlflowConnector,
      config,
      checkpoints: second.checkpoints,
    });
    expect(byId(third.deletes, `experiment:${experimentId}`)).toHaveLength(1);
    expect(byId(third.deletes, `run:${run2}`)).toHaveLength(1);
  });

  it('tombstones, on a full run, runs gone from an experiment it read, nothing of one it could not read', async () => {
    const suffix = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const names = [`aims-rec-a-${suffix}`, `aims-rec-b-${suffix}`];
    const ids: string[] = [];
    for (const name of names) {
      const { experiment_id } = await call<{ experiment_id: string }>('POST', 'experiments/create', { name });
      ids.push(experiment_id);
      await finishedRun(experiment_id, 'run', Date.now(), `d${ids.length}-${suffix.slice(-8)}`);
    }
    const [a, b] = ids as [string, string];
    // Searches of experiment b's runs fail: that slice is not read, so nothing of it is deleted.
    const failingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/runs/search') && String(init?.body ?? '').includes(`"${b}"`))
        return new Response('{"error_code":"INTERNAL_ERROR"}', { status: 500 });
      return fetch(input, init);
    };
    const config = { trackingUri: base, experimentNames: names, pageSize: 50 };
    // Each experiment's runs are one slice.
    const runSlice = (id: string) => `experiment:${id}`;
    const known = (externalId: string, slice: string) => ({
      externalId,
      kind: 'ml.run',
      slice,
      stream: 'runs',
    });
    const first = await connectorReadTest({ connector: mlflowConnector, config });
    expect([...new Set(first.upserts.map((r) => r.slice))]).toEqual(
      expect.arrayContaining(['experiments', runSlice(a), runSlice(b)]),
    );
    const run = await connectorReadTest({
      connector: mlflowConnector,
      config,
      full: true,
      fetch: failingFetch,
      retryPolicy: { maxAttempts: 1 },
      knownArtifacts: async () => [
        ...first.upserts.map((r) => ({
          externalId: r.externalId,
          kind: r.kind,
          slice: r.slice,
          stream: r.stream,
        })),
        known('run:gone-from-a', runSlice(a)),
        known('run:kept-in-b', runSlice(b)),
      ],
    });
    expect(run.result.status).toBe('partial');
    expect(run.gaps.map((gap) => gap.slice)).toEqual([runSlice(b)]);
    expect(run.deletes.map((r) => r.externalId)).toEqual(['run:gone-from-a']);
  });

  it('checks that experiments and registered models can be read', async () => {
    const result = await runCheck({
      connector: mlflowConnector,
      config: { trackingUri: base },
      workspace: 'test',
      instance: 'mlflow',
    });
    expect(result).toMatchObject({
      ok: true,
      granted: ['READ on experiments', 'READ on registered models'],
      missing: [],
    });
  });
});
