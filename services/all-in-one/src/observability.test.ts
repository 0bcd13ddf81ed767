import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMesh, type TestMesh } from '../test/example-mesh.js';
import type { RunningMesh } from './mesh.js';

let running: TestMesh;
let mesh: RunningMesh;

beforeAll(async () => {
  running = await startTestMesh('observability');
  ({ mesh } = running);
}, 90_000);

afterAll(async () => {
  await running?.stop();
});

describe('health and metrics of the all-in-one', () => {
  it('is alive and ready, naming each dependency it checked', async () => {
    const alive = await fetch(`${mesh.url}/healthz`);
    expect(alive.status).toBe(200);
    const ready = await fetch(`${mesh.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { catalogue: { status: 'ok' }, blobs: { status: 'ok' } },
    });
  });

  it('exposes the harvest, pipeline and request metrics in Prometheus format', async () => {
    await fetch(`${mesh.url}/v1/controls`);
    await fetch(`${mesh.url}/v1/artifacts/${encodeURIComponent('kestrel/nowhere/x')}`);
    const res = await fetch(`${mesh.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const families = text.match(/^# TYPE aims_\w+/gm) ?? [];
    expect(families.length).toBeGreaterThanOrEqual(5);
    // The example's first harvest: every instance that ran on start has a finished run counted.
    const runs = [...text.matchAll(/^aims_harvest_runs_total\{([^}]*)\} (\d+)$/gm)];
    const instances = new Set(runs.map((match) => /instance="([^"]+)"/.exec(match[1] as string)?.[1]));
    const onStart = mesh.config.connectors.filter((c) => c.enabled && c.schedule?.runOnStart);
    expect(instances).toEqual(new Set(onStart.map((c) => c.instance)));
    expect(text).toMatch(/^aims_batch_duration_seconds_count\{[^}]*stage="normaliser"[^}]*\} [1-9]/m);
    expect(text).toMatch(/^aims_batch_duration_seconds_count\{[^}]*stage="scorer"[^}]*\} [1-9]/m);
    expect(text).toMatch(/^aims_consumer_lag\{[^}]*group="aims-normaliser"/m);
    expect(text).toMatch(
      /^aims_http_request_duration_seconds_count\{[^}]*route="\/v1\/controls"[^}]*status="200"[^}]*\} 1$/m,
    );

    expect(text).toMatch(/route="\/v1\/artifacts\/:artifactKey"[^}]*status="404"/);
    expect(text).not.toContain('nowhere');
  });
});
