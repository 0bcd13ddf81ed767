import { describe, expect, it } from 'vitest';
import { mlflowConfigSchema } from '../src/config.js';
import {
  datasetLocation,
  experimentToDraft,
  modelCardToDraft,
  modelVersionToDraft,
  runToDrafts,
} from '../src/normalise.js';
import {
  experimentSchema,
  modelVersionSchema,
  parsePayload,
  registeredModelSchema,
  runSchema,
} from '../src/payloads.js';
import { fixtures } from './fixtures.js';

const config = mlflowConfigSchema.parse({ trackingUri: 'https://mlflow.acme.example/' });
const experiment = parsePayload(experimentSchema, fixtures.experimentsSearch.experiments[0], 'experiment');
const run = parsePayload(runSchema, fixtures.runsSearch.runs[0], 'run');
const model = parsePayload(
  registeredModelSchema,
  fixtures.registeredModelsSearch.registered_models[0],
  'model',
);
const version = parsePayload(modelVersionSchema, fixtures.modelVersionsSearch.model_versions[0], 'version');
const runId = 'bb6ce967ce6e416092fd910081118382';
const modelName = 'rec-credit-model-1795838875';

describe('MLflow mapping', () => {
  it('maps an experiment with its tags and update time', () => {
    expect(experimentToDraft(experiment, config)).toEqual({
      externalId: 'experiment:5',
      kind: 'ml.experiment',
      title: 'rec-credit-1795838874',
      url: 'https://mlflow.acme.example/#/experiments/5',
      sourceRevision: '1795838874680',
      effectiveAt: new Date(1795838874680).toISOString(),
      attributes: {
        experimentId: '5',
        name: 'rec-credit-1795838874',
        lifecycleStage: 'active',
        tags: { team: 'risk-ml' },
      },
      content: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        mediaType: 'application/json',
        size: expect.any(Number),
      },
      body: expect.any(Uint8Array),
    });
  });

  it('maps a run with params, fairness and robustness metrics, datasets and artifacts', () => {
    const { run: draft, datasets } = runToDrafts(run, ['eval/fairness.json'], config);
    expect(draft).toMatchObject({
      externalId: `run:${runId}`,
      kind: 'ml.run',
      title: 'train-xgb',
      owner: 'dana',
      effectiveAt: new Date(1795830200000).toISOString(),
      attributes: {
        runId,
        experimentId: '5',
        status: 'FINISHED',
        startTime: new Date(1795830000000).toISOString(),
        endTime: new Date(1795830200000).toISOString(),
        params: { max_depth: '6', learning_rate: '0.1' },
        metrics: { auc: 0.91, 'fairness.demographic_parity_diff': 0.03, 'robustness.adv_accuracy': 0.84 },
        datasets: [
          {
            name: 'loans-2026q3',
            digest: 'a1b2c3d4',
            source: 's3://acme-data/loans/2026q3.parquet',
            sourceType: 's3',
          },
        ],
        artifacts: ['eval/fairness.json'],
      },
    });
    expect(datasets).toEqual([
      {
        externalId: 'dataset:loans-2026q3@a1b2c3d4',
        kind: 'ml.dataset',
        title: 'loans-2026q3',
        sourceRevision: 'a1b2c3d4',
        attributes: {
          name: 'loans-2026q3',
          digest: 'a1b2c3d4',
          source: 's3://acme-data/loans/2026q3.parquet',
          sourceType: 's3',
          license: 'CC-BY-4.0',
        },
        content: {
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          mediaType: 'application/json',
          size: expect.any(Number),
        },
        body: expect.any(Uint8Array),
      },
    ]);
  });

  it('leaves the licence empty when the dataset input states none or says it is unknown', () => {
    const unlicensed = structuredClone(run);
    const input = unlicensed.inputs.dataset_inputs[0];
    if (!input) throw new Error('fixture run has no dataset input');
    input.tags = input.tags.map((tag) => (tag.key === 'license' ? { ...tag, value: 'Unknown' } : tag));
    expect(runToDrafts(unlicensed, [], config).datasets[0]?.attributes).toMatchObject({ license: null });
    input.tags = input.tags.filter((tag) => tag.key !== 'license');
    expect(runToDrafts(unlicensed, [], config).datasets[0]?.attributes).toMatchObject({ license: null });
    const custom = mlflowConfigSchema.parse({
      trackingUri: 'https://m.example',
      datasetLicenseTag: 'licence',
    });
    input.tags.push({ key: 'licence', value: 'ODbL-1.0' });
    expect(runToDrafts(unlicensed, [], custom).datasets[0]?.attributes).toMatchObject({
      license: 'ODbL-1.0',
    });
  });

  it('drops metrics that are not finite numbers and links AI systems from the run tag', () => {
    const odd = structuredClone(run);
    odd.data.metrics.push({ key: 'loss', value: 'NaN' });
    odd.data.tags.push({ key: 'aims.ai_system', value: 'credit-scoring, fraud' });
    const { run: draft, datasets } = runToDrafts(odd, [], config);
    expect(Object.keys(draft.attributes?.metrics as object)).not.toContain('loss');
    expect(draft.aiSystems).toEqual(['credit-scoring', 'fraud']);
    expect(datasets[0]?.aiSystems).toEqual(['credit-scoring', 'fraud']);
  });

  it('maps a model version with aliases from the registered model and approval from tags', () => {
    expect(modelVersionToDraft(version, model, config)).toMatchObject({
      externalId: `model:${modelName}:version:1`,
      kind: 'ml.model-version',
      title: `${modelName} v1`,
      sourceRevision: '1795838875487',
      attributes: {
        model: modelName,
        version: '1',
        aliases: ['champion'],
        stage: null,
        status: 'READY',
        description: 'XGBoost, Q3 data',
        sourceRunId: runId,
        approved: true,
        approvedBy: 'carol',
        approvedAt: '2026-11-20',
        // The champion alias puts it in production; its evaluation run and outcome are tagged.
        production: true,
        evaluationRunId: runId,
        validationStatus: 'passed',
      },
    });
    expect(modelVersionToDraft(version, model, config).attributes).not.toHaveProperty('datasets');
    const lineage = [{ name: 'loans-2026q3', digest: 'a1b2c3d4', source: 's3://x', sourceType: 's3' }];
    expect(modelVersionToDraft(version, model, config, lineage).attributes).toMatchObject({
      datasets: lineage,
    });
  });

  it('tells production from other versions by alias or stage, and reads no approval date unapproved', () => {
    const challenger = { ...version, version: '2', aliases: ['challenger'], tags: [] };
    expect(modelVersionToDraft(challenger, model, config).attributes).toMatchObject({
      production: false,
      evaluationRunId: null,
      validationStatus: null,
      approved: false,
    });
    expect(modelVersionToDraft(challenger, model, config).attributes).not.toHaveProperty('approvedAt');
    const legacy = { ...challenger, current_stage: 'Production' };
    expect(modelVersionToDraft(legacy, model, config).attributes).toMatchObject({ production: true });
  });

  it('reads approval from a configured tag and treats other values as not approved', () => {
    const custom = mlflowConfigSchema.parse({
      trackingUri: 'https://mlflow.acme.example',
      approvalTag: 'governance.approved',
    });
    expect(modelVersionToDraft(version, model, custom).attributes).toMatchObject({ approved: false });
    const staged = {
      ...version,
      current_stage: 'Production',
      tags: [{ key: 'governance.approved', value: 'Yes' }],
    };
    expect(modelVersionToDraft(staged, model, custom).attributes).toMatchObject({
      approved: true,
      stage: 'Production',
    });
  });

  it('maps a registered model description and card tags to a model card, and none when empty', () => {
    expect(modelCardToDraft(model, config)).toMatchObject({
      externalId: `model:${modelName}:card`,
      kind: 'ml.model-card',
      attributes: {
        model: modelName,
        intendedUse: 'Pre-screening of consumer loan applications',
        limitations: 'Not validated for business loans',
        path: null,
      },
    });
    expect(modelCardToDraft({ ...model, description: '', tags: [] }, config)).toBeUndefined();
  });

  it('never takes the model description for its intended use', () => {
    expect(modelCardToDraft({ ...model, tags: [] }, config)).toBeUndefined();
    const limitsOnly = { ...model, tags: [{ key: 'limitations', value: 'Not for business loans' }] };
    expect(modelCardToDraft(limitsOnly, config)?.attributes).toMatchObject({
      intendedUse: null,
      description: 'Scores consumer credit applications.',
    });
  });

  it('keeps dataset locations that are not JSON as they are', () => {
    expect(datasetLocation('s3://bucket/key')).toBe('s3://bucket/key');
    expect(datasetLocation('{"path": "/data/x.csv"}')).toBe('/data/x.csv');
    expect(datasetLocation(undefined)).toBeNull();
  });

  it('reports malformed payloads with the field at fault', () => {
    expect(() => parsePayload(runSchema, { info: { run_id: 'x' } }, 'run x')).toThrow(
      expect.objectContaining({
        code: 'malformed_payload',
        message: expect.stringMatching(/run x.*info\.experiment_id/),
      }),
    );
  });
});
