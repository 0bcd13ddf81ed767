// Helpers of the integration tests: the rig's MLflow tracking server, driven through REST 2.0.
const tracking = process.env.MLFLOW_TRACKING_URI;
if (tracking === undefined)
  throw new Error('MLFLOW_TRACKING_URI is not set; start the rig (node scripts/services.mjs up)');
/** The rig's tracking server. */
export const base: string = tracking;
const api = `${base.replace(/\/+$/, '')}/api/2.0/mlflow`;

/** One REST 2.0 call to the tracking server; a failure names the call and the answer. */
export async function call<T = Record<string, unknown>>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${api}/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`MLflow ${method} ${path} answered ${res.status}: ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** A finished run with params, metrics (fairness among them) and a licensed dataset input. */
export async function finishedRun(
  experimentId: string,
  name: string,
  endTime: number,
  dataset: string,
): Promise<string> {
  const { run } = await call<{ run: { info: { run_id: string } } }>('POST', 'runs/create', {
    experiment_id: experimentId,
    run_name: name,
    start_time: endTime - 60_000,
    tags: [{ key: 'mlflow.user', value: 'int-test' }],
  });
  const runId = run.info.run_id;
  await call('POST', 'runs/log-batch', {
    run_id: runId,
    params: [{ key: 'max_depth', value: '4' }],
    metrics: [
      { key: 'accuracy', value: 0.88, timestamp: endTime - 1000, step: 0 },
      { key: 'fairness.equal_opportunity_diff', value: 0.02, timestamp: endTime - 1000, step: 0 },
    ],
  });
  await call('POST', 'runs/log-inputs', {
    run_id: runId,
    datasets: [
      {
        tags: [
          { key: 'mlflow.data.context', value: 'evaluation' },
          { key: 'license', value: 'CC-BY-4.0' },
        ],
        dataset: {
          name: dataset,
          digest: `d-${dataset}`,
          source_type: 'http',
          source: `{"url": "https://data.acme.example/${dataset}.csv"}`,
        },
      },
    ],
  });
  await call('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: endTime });
  return runId;
}
