// Python-based test servers, each in its own virtualenv under .services/venvs:
// moto in server mode (S3-compatible) and the MLflow tracking server.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dir,
  httpOk,
  log,
  RigError,
  rigPort,
  root,
  run,
  startDetached,
  stopDetached,
  which,
} from './lib.mjs';

export function python() {
  for (const cmd of ['python3.11', 'python3']) if (which(cmd)) return cmd;
  throw new RigError(
    'the Python test servers and validators need python3 (3.9 or newer), which is not on PATH',
  );
}

function requirementsDigest(requirements) {
  const file = join(root, 'infra', 'python', requirements);
  return { file, wanted: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** True when the virtualenv exists and was built from the current requirements file. */
export function venvCurrent(name, requirements) {
  const { wanted } = requirementsDigest(requirements);
  const stamp = join(dir('venvs'), name, '.aims-requirements');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted;
}

/** Creates or refreshes a virtualenv from a pinned requirements file; skipped when unchanged. */
export function ensureVenv(name, requirements) {
  const { file, wanted } = requirementsDigest(requirements);
  const venv = join(dir('venvs'), name);
  const stamp = join(venv, '.aims-requirements');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return venv;
  const py = python();
  log(name, `creating a virtualenv and installing ${requirements}`);
  run(py, ['-m', 'venv', '--clear', venv], { timeoutMs: 120_000, logName: `${name}-install` });
  const pip = join(venv, 'bin', 'pip');
  run(pip, ['install', '--disable-pip-version-check', '-q', '-r', file], {
    timeoutMs: 1_200_000,
    logName: `${name}-install`,
  });
  writeFileSync(stamp, wanted);
  return venv;
}

const s3Port = rigPort(15000);
export const s3 = {
  name: 's3',
  envVar: 'S3_ENDPOINT',
  url: `http://127.0.0.1:${s3Port}`,
  startTimeoutMs: 60_000,
  provision() {
    ensureVenv('moto', 'requirements-moto.txt');
  },
  start() {
    const venv = join(dir('venvs'), 'moto');
    return startDetached('s3', join(venv, 'bin', 'moto_server'), ['-H', '127.0.0.1', '-p', String(s3Port)]);
  },
  async probe(url) {
    // ListBuckets: a real S3 request (moto accepts any credentials).
    const res = await httpOk(`${url.replace(/\/$/, '')}/`, {
      headers: {
        Authorization:
          'AWS4-HMAC-SHA256 Credential=rig/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    const body = await res.text();
    if (!body.includes('ListAllMyBucketsResult'))
      throw new Error('the S3 endpoint did not answer ListBuckets');
  },
  stop: () => stopDetached('s3'),
};

const mlflowPort = rigPort(15500);
export const mlflow = {
  name: 'mlflow',
  envVar: 'MLFLOW_TRACKING_URI',
  url: `http://127.0.0.1:${mlflowPort}`,
  startTimeoutMs: 180_000,
  provision() {
    ensureVenv('mlflow', 'requirements-mlflow.txt');
  },
  start() {
    const venv = join(dir('venvs'), 'mlflow');
    const home = dir('mlflow');
    return startDetached(
      'mlflow',
      join(venv, 'bin', 'mlflow'),
      [
        'server',
        '--backend-store-uri',
        `sqlite:///${join(home, 'mlflow.db')}`,
        '--artifacts-destination',
        join(dir('mlflow', 'artifacts')),
        '--host',
        '127.0.0.1',
        '--port',
        String(mlflowPort),
        '--workers',
        '1',
      ],
      { cwd: home, env: { ...process.env, MLFLOW_HOME: home } },
    );
  },
  async probe(url) {
    const base = url.replace(/\/$/, '');
    await httpOk(`${base}/health`);
    const res = await httpOk(`${base}/api/2.0/mlflow/experiments/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ max_results: 1 }),
    });
    const body = await res.json();
    if (!Array.isArray(body.experiments)) throw new Error('MLflow did not list experiments');
  },
  stop: () => stopDetached('mlflow'),
};
