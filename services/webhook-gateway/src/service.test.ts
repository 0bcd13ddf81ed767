import { createHmac } from 'node:crypto';
import { EmbeddedEventBus } from '@aims/bus';
import { parseWorkspaceConfig } from '@aims/config';
import { EnvError, silentLogger } from '@aims/service-kit';
import { serveHealth } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { loadGatewayEnv } from './env.js';
import { startGatewayService } from './service.js';

describe('webhook-gateway service', () => {
  it('gives up a start still waiting for Kafka as soon as SIGTERM aborts it', async () => {
    // Nothing listens on port 1: creating the raw topic waits through kafkajs' retries.
    const env = loadGatewayEnv({ KAFKA_BROKERS: '127.0.0.1:1', PORT: '0', HOST: '127.0.0.1' });
    const controller = new AbortController();
    const outcome = startGatewayService(env, silentLogger(), {
      config: parseWorkspaceConfig('workspace: acme\n', 'aims.yaml'),
      signal: controller.signal,
    }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const aborted = Date.now();
    controller.abort(new Error('SIGTERM received'));
    expect(await outcome).toBe('SIGTERM received');
    expect(Date.now() - aborted).toBeLessThan(1_000);
  });

  it('starts on the embedded bus, verifies with the secret named by webhookSecretEnv, and stops', async () => {
    const env = loadGatewayEnv({ EVENT_BUS: 'embedded', PORT: '0', HOST: '127.0.0.1' });
    const running = await startGatewayService(env, silentLogger(), {
      config: {
        workspace: 'acme',
        owners: {},
        aiSystems: [],
        webhooks: { dedupWindow: 86_400_000 },
        libraries: { annexA: true, clauses: true },
        connectors: [
          {
            instance: 'gh',
            connector: 'github',
            enabled: true,
            webhookSecretEnv: 'GH_HOOK_SECRET',
            config: {},
          },
        ],
      },
      processEnv: { GH_HOOK_SECRET: 'service-test-secret-123' },
    });
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const signature = `sha256=${createHmac('sha256', 'service-test-secret-123').update(body).digest('hex')}`;
    const url = `http://127.0.0.1:${running.port}/webhooks/github/gh`;
    const ok = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-github-event': 'ping', 'x-hub-signature-256': signature },
    });
    expect(ok.status).toBe(202);
    const bad = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=00' },
    });
    expect(bad.status).toBe(401);
    await running.stop();
  });

  it('names every invalid variable', () => {
    const error = (() => {
      try {
        loadGatewayEnv({ PORT: 'eighty', EVENT_BUS: 'rabbit' });
      } catch (e) {
        return e as EnvError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error?.issues.map((i) => i.variable).sort()).toEqual(['EVENT_BUS', 'PORT']);
    expect(error?.message).toContain('webhook-gateway: invalid environment');
  });

  it('answers /readyz with its bus and Redis, naming the one that is down, and records request latency', async () => {
    const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
    const metrics = new MeshMetrics({ service: 'webhook-gateway' });
    const env = loadGatewayEnv({
      EVENT_BUS: 'embedded',
      REDIS_URL: 'redis://127.0.0.1:1',
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const config = {
      workspace: 'acme',
      owners: {},
      aiSystems: [],
      webhooks: { dedupWindow: 86_400_000 },
      libraries: { annexA: true, clauses: true },
      connectors: [],
    };
    const running = await startGatewayService(env, silentLogger(), { config, processEnv: {}, bus, metrics });
    const health = await serveHealth(running, metrics);
    const answer = await health.readyz();
    expect(answer.status).toBe(503);
    expect(answer.body.checks).toEqual({
      bus: { status: 'ok' },
      redis: { status: 'down', message: expect.stringMatching(/^redis connection is /) },
    });
    await fetch(`http://127.0.0.1:${running.port}/webhooks/github/nobody`, { method: 'POST', body: '{}' });
    const { families, text } = await health.metrics();
    expect(families.length).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(
      /^aims_http_request_duration_seconds_count\{[^}]*route="\/webhooks\/:connector\/:instance"[^}]*\} 1$/m,
    );
    await running.stop();
    await bus.close();
    expect((await health.readyz()).body.checks.bus).toMatchObject({ status: 'down' });
    await health.close();
  });
});
