import { describe, expect, it } from 'vitest';
import { serviceUrl, uniqueName } from '../support/services.js';

async function call<T>(path: string, body?: unknown): Promise<T> {
  const url = `${serviceUrl('MLFLOW_TRACKING_URI').replace(/\/$/, '')}/api/2.0/mlflow/${path}`;
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('MLflow tracking server (rig)', () => {
  it('creates an experiment, logs a metric and reads it back through the REST API', async () => {
    const name = uniqueName('rig-mlflow');
    const { experiment_id } = await call<{ experiment_id: string }>('experiments/create', { name });
    const { run } = await call<{ run: { info: { run_id: string } } }>('runs/create', {
      experiment_id,
      start_time: Date.now(),
    });
    await call('runs/log-metric', {
      run_id: run.info.run_id,
      key: 'fairness_demographic_parity',
      value: 0.93,
      timestamp: Date.now(),
      step: 0,
    });
    const read = await call<{ run: { data: { metrics: Array<{ key: string; value: number }> } } }>(
      `runs/get?run_id=${encodeURIComponent(run.info.run_id)}`,
    );
    expect(read.run.data.metrics).toEqual([
      expect.objectContaining({ key: 'fairness_demographic_parity', value: 0.93 }),
    ]);
    const found = await call<{ experiment: { name: string } }>(
      `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
    );
    expect(found.experiment.name).toBe(name);
  });
});
