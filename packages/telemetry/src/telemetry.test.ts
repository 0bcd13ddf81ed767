import { EmbeddedEventBus } from '@aims/bus';
import { DLQ_HEADERS } from '@aims/core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRouter, httpMetrics, instrumentBus, MeshMetrics, startHealthServer } from './index.js';

/** A JSON response body, read loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
const bodyOf = async (res: Response): Promise<any> => res.json();

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The value of one sample line of the exposition, e.g. `aims_harvest_runs_total{…}`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.indexOf('}'));
    const found = Object.fromEntries(
      [...body.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('mesh metrics', () => {
  it('counts finished harvest runs, dead letters, batches and lag from the bus', async () => {
    const metrics = new MeshMetrics({ service: 'test', defaults: false });
    const raw = new EmbeddedEventBus({ defaultPartitions: 1 });
    closers.push(() => raw.close());
    const bus = instrumentBus(raw, metrics, { harvestRunsTopic: 'aims.harvest.run.v1' });
    await bus.ensureTopics([{ topic: 'aims.harvest.run.v1' }, { topic: 'raw' }, { topic: 'raw.dlq' }]);
    const run = (status: string, records: number) => ({
      key: 'docs',
      value: JSON.stringify({ runId: `r-${status}`, instance: 'docs', status, records }),
    });
    await bus.publishBatch('aims.harvest.run.v1', [
      run('started', 0),
      run('succeeded', 40),
      run('failed', 2),
    ]);
    await bus.publishBatch('raw.dlq', [
      {
        key: 'k',
        value: '{}',
        headers: { [DLQ_HEADERS.stage]: 'normaliser', [DLQ_HEADERS.originalTopic]: 'raw' },
      },
    ]);
    await bus.publishBatch(
      'raw',
      Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: String(i) })),
    );
    let seen = 0;
    let batches = 0;
    const done = new Promise<void>((resolve) => {
      void bus.subscribe({
        groupId: 'aims-normaliser',
        topics: ['raw'],
        maxBatchSize: 2,
        handler: async (batch) => {
          seen += batch.messages.length;
          batches += 1;
          if (seen === 5) resolve();
        },
      });
    });
    await done;
    // The handler resolved the promise; its metrics are recorded once it returns.
    let text = await metrics.text();
    const settled = () =>
      sample(text, 'aims_batch_messages_total', { stage: 'normaliser' }) === 5 &&
      sample(text, 'aims_batch_duration_seconds_count', { stage: 'normaliser' }) === batches;
    for (let i = 0; i < 50 && !settled(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      text = await metrics.text();
    }
    expect(sample(text, 'aims_harvest_runs_total', { instance: 'docs', status: 'succeeded' })).toBe(1);
    expect(sample(text, 'aims_harvest_runs_total', { instance: 'docs', status: 'failed' })).toBe(1);
    expect(sample(text, 'aims_harvest_runs_total', { status: 'started' })).toBeUndefined();
    expect(sample(text, 'aims_harvest_records_total', { instance: 'docs' })).toBe(42);
    expect(sample(text, 'aims_dead_letters_total', { stage: 'normaliser', topic: 'raw' })).toBe(1);
    expect(sample(text, 'aims_batch_messages_total', { stage: 'normaliser' })).toBe(5);
    expect(batches).toBeGreaterThan(1);
    expect(sample(text, 'aims_batch_duration_seconds_count', { stage: 'normaliser' })).toBe(batches);
    // The last batch left nothing behind.
    expect(
      sample(text, 'aims_consumer_lag', { group: 'aims-normaliser', topic: 'raw', partition: '0' }),
    ).toBe(0);
  });

  it('serves /healthz, /readyz naming what is down, and /metrics with request latency by route', async () => {
    const metrics = new MeshMetrics({ service: 'api' });
    let redisUp = true;
    let accepting = true;
    const app = express();
    app.use(httpMetrics(metrics));
    app.use(
      healthRouter({
        metrics,
        checks: {
          postgres: async () => undefined,
          redis: async () => {
            if (!redisUp) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
          },
          hangs: async () => {
            if (!redisUp) await new Promise(() => undefined);
          },
        },
        timeoutMs: 200,
        accepting: () => accepting,
      }),
    );
    app.get('/v1/artifacts/:key', (_req, res) => {
      res.json({});
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await bodyOf(ready)).toMatchObject({ status: 'ready', checks: { postgres: { status: 'ok' } } });
    redisUp = false;
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(await bodyOf(down)).toEqual({
      status: 'not_ready',
      checks: {
        postgres: { status: 'ok' },
        redis: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:6379' },
        hangs: { status: 'down', message: 'no answer within 200 ms' },
      },
    });
    redisUp = true;
    accepting = false;
    const draining = await fetch(`${url}/readyz`);
    expect(draining.status).toBe(503);
    expect((await bodyOf(draining)).status).toBe('draining');
    await fetch(`${url}/v1/artifacts/acme%2Fdocs%2Fa`);
    await fetch(`${url}/v1/artifacts/acme%2Fdocs%2Fb`);
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(
      sample(text, 'aims_http_request_duration_seconds_count', {
        route: '/v1/artifacts/:key',
        method: 'GET',
        status: '200',
      }),
    ).toBe(2);
    expect(text).not.toContain('acme%2Fdocs');
    expect(sample(text, 'aims_dependency_up', { check: 'redis' })).toBe(1);
    expect(sample(text, 'aims_dependency_up', { check: 'hangs' })).toBe(1);
    expect(text.match(/^# TYPE aims_/gm)?.length).toBeGreaterThanOrEqual(8);
  });

  it('runs the health routes on a server of their own', async () => {
    const metrics = new MeshMetrics({ service: 'scorer', defaults: false });
    const health = await startHealthServer({ metrics, checks: {}, port: 0, host: '127.0.0.1' });
    closers.push(() => health.close());
    const base = `http://127.0.0.1:${health.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const other = await fetch(`${base}/v1/controls`);
    expect(other.status).toBe(404);
    expect((await bodyOf(other)).error.code).toBe('not_found');
  });
});

describe('readiness through a service life', () => {
  it('is 503 starting, then ready, then 503 draining, and names the cause of a dependency that is down', async () => {
    const metrics = new MeshMetrics({ service: 'normaliser', defaults: false });
    let phase: 'starting' | 'running' | 'draining' = 'starting';
    // Filled in once the service started, as service-kit does.
    const checks: Record<string, () => Promise<void>> = {};
    const health = await startHealthServer({
      metrics,
      checks,
      phase: () => phase,
      port: 0,
      host: '127.0.0.1',
    });
    closers.push(() => health.close());
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${health.port}/readyz`);
      return { status: res.status, body: await bodyOf(res) };
    };
    expect((await fetch(`http://127.0.0.1:${health.port}/healthz`)).status).toBe(200);
    expect(await readyz()).toEqual({ status: 503, body: { status: 'starting', checks: {} } });
    let up = true;
    checks.postgres = async () => {
      if (!up)
        throw new Error('the database did not answer', {
          cause: new Error('connect ECONNREFUSED 10.0.0.5:5432'),
        });
    };
    phase = 'running';
    expect(await readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { postgres: { status: 'ok' } } },
    });
    up = false;
    expect(await readyz()).toEqual({
      status: 503,
      body: {
        status: 'not_ready',
        checks: {
          postgres: {
            status: 'down',
            message: 'the database did not answer: connect ECONNREFUSED 10.0.0.5:5432',
          },
        },
      },
    });
    up = true;
    phase = 'draining';
    expect(await readyz()).toMatchObject({ status: 503, body: { status: 'draining' } });
  });

  it('passes a ping through the instrumented bus', async () => {
    const metrics = new MeshMetrics({ service: 'test', defaults: false });
    const raw = new EmbeddedEventBus();
    const bus = instrumentBus(raw, metrics, { harvestRunsTopic: 'runs' });
    await expect(bus.ping?.()).resolves.toBeUndefined();
    await raw.close();
    await expect(bus.ping?.()).rejects.toThrow(/closed/);
  });
});

describe('request metrics', () => {
  it('labels by the template that answered, also when an error handler under a path sent the response', async () => {
    const metrics = new MeshMetrics({ service: 'gateway', defaults: false });
    const app = express();
    app.use(httpMetrics(metrics));
    const router = express.Router();
    router.post('/webhooks/:connector/:instance', () => {
      throw new Error('bad signature');
    });
    router.use(
      '/webhooks',
      (_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(401).json({ error: { code: 'invalid_signature' } });
      },
    );
    app.use(router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    expect((await fetch(`${url}/webhooks/github/acme?x=1`, { method: 'POST' })).status).toBe(401);
    await fetch(`${url}/nowhere`);
    const text = await metrics.text();
    expect(
      sample(text, 'aims_http_request_duration_seconds_count', {
        route: '/webhooks/:connector/:instance',
        status: '401',
      }),
    ).toBe(1);
    expect(
      sample(text, 'aims_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toBe(1);
  });
});
