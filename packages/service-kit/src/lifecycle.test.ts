import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { runService, type ServiceHost } from './lifecycle.js';
import { createLogger } from './logger.js';

/** A process stand-in: signals are emitted by the test, exit codes and stderr are recorded. */
function fakeHost() {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const stderr: string[] = [];
  let exited: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => {
    exited = resolve;
  });
  const host: ServiceHost = {
    once: (signal, listener) => signals.once(signal, listener),
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
    stderr: { write: (text: string) => stderr.push(text) },
  };
  return { host, exits, stderr, exit, send: (signal: 'SIGTERM' | 'SIGINT') => signals.emit(signal) };
}

const lines: string[] = [];
const logger = createLogger('lifecycle-test', { destination: { write: (line: string) => lines.push(line) } });

describe('runService', () => {
  it('on SIGTERM aborts the signal given to the service, drains it and exits 0', async () => {
    const process = fakeHost();
    let given: AbortSignal | undefined;
    const events: string[] = [];
    await runService(
      logger,
      async (signal) => {
        given = signal;
        signal.addEventListener('abort', () => events.push('aborted'));
        return {
          stop: async () => {
            events.push('stopping');
            await new Promise((resolve) => setTimeout(resolve, 20));
            events.push('drained');
          },
        };
      },
      { host: process.host },
    );
    expect(given?.aborted).toBe(false);
    process.send('SIGTERM');
    expect(await process.exit).toBe(0);
    expect(given?.aborted).toBe(true);
    expect(events).toEqual(['aborted', 'stopping', 'drained']);
  });

  it('exits 1 when the stop takes longer than the grace period', async () => {
    const process = fakeHost();
    await runService(logger, async () => ({ stop: () => new Promise<void>(() => {}) }), {
      host: process.host,
      graceMs: 50,
    });
    const started = Date.now();
    process.send('SIGINT');
    expect(await process.exit).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('lets a signal during start abort the start, and exits 0 once it gave up', async () => {
    const process = fakeHost();
    const running = runService(
      logger,
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('start abandoned')));
        }),
      { host: process.host },
    );
    process.send('SIGTERM');
    await running;
    expect(await process.exit).toBe(0);
    expect(process.exits).toEqual([0]);
  });

  it('exits 1 on a failed start, saying why on stderr in one line', async () => {
    const process = fakeHost();
    await runService(
      logger,
      async () => {
        throw Object.assign(new Error('the catalogue at postgres://db/aims is not ready'), {
          code: 'catalogue_not_ready',
        });
      },
      { host: process.host },
    );
    expect(process.exits).toEqual([1]);
    expect(process.stderr).toEqual(['the catalogue at postgres://db/aims is not ready\n']);
    const fatal = JSON.parse(lines.find((line) => line.includes('failed to start')) ?? '{}');
    expect(fatal).toMatchObject({ level: 60, code: 'catalogue_not_ready' });
  });
});

/** GET a health route: its status and JSON body (or text for /metrics). */
async function get(port: number, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() };
}

describe('runService with health endpoints', () => {
  it('answers /healthz while starting, /readyz 503 starting, then the checks, then 503 draining', async () => {
    const process = fakeHost();
    const metrics = new MeshMetrics({ service: 'lifecycle-test', defaults: false });
    let port = 0;
    let release: () => void = () => {};
    const waiting = new Promise<void>((resolve) => {
      release = resolve;
    });
    let redisUp = true;
    let drained: () => void = () => {};
    const draining = new Promise<void>((resolve) => {
      drained = resolve;
    });
    const ran = runService(
      logger,
      async () => {
        // A service waiting for its catalogue (migrations not run yet).
        await waiting;
        return {
          checks: {
            postgres: async () => undefined,
            redis: async () => {
              if (!redisUp) throw new Error('redis connection is reconnecting');
            },
          },
          stop: () => draining,
        };
      },
      {
        host: process.host,
        health: { port: 0, host: '127.0.0.1', metrics, onListening: (bound) => (port = bound) },
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(port).toBeGreaterThan(0);
    expect(await get(port, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(port, '/readyz')).toEqual({ status: 503, body: { status: 'starting', checks: {} } });
    release();
    await ran;
    expect(await get(port, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } },
    });
    redisUp = false;
    expect(await get(port, '/readyz')).toEqual({
      status: 503,
      body: {
        status: 'not_ready',
        checks: {
          postgres: { status: 'ok' },
          redis: { status: 'down', message: 'redis connection is reconnecting' },
        },
      },
    });
    const metricsText = (await get(port, '/metrics')).body as string;
    expect(metricsText).toContain('aims_dependency_up{check="redis",service="lifecycle-test"} 0');
    redisUp = true;
    process.send('SIGTERM');
    expect(await get(port, '/readyz')).toMatchObject({ status: 503, body: { status: 'draining' } });
    expect((await get(port, '/healthz')).status).toBe(200);
    drained();
    expect(await process.exit).toBe(0);
    // The endpoints close with the process.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('exits 1 naming HEALTH_PORT when the port is taken, before starting the service', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const process = fakeHost();
    let started = false;
    await runService(
      logger,
      async () => {
        started = true;
        return { stop: async () => undefined };
      },
      { host: process.host, health: { port, host: '127.0.0.1', metrics: new MeshMetrics({ service: 't' }) } },
    );
    expect(await process.exit).toBe(1);
    expect(started).toBe(false);
    expect(process.stderr).toEqual([`HEALTH_PORT: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`]);
    await new Promise((resolve) => taken.close(resolve));
  });
});
