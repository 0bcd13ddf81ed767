import { createHmac, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import examples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMeshOptions, until } from '../test/example-mesh.js';
import { EXAMPLE_WORKSPACE } from './env.js';
import { type RunningMesh, startMesh } from './mesh.js';

// The evidence you can trust, end to end in one process over a copy of the example workspace.

const SECRET = 'trust-test-webhook-secret-0123456789';
let mesh: RunningMesh;
let dir: string;

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON responses loosely and asserts on them
async function api(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${mesh.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const artifactPath = (externalId: string) =>
  `/v1/artifacts/${encodeURIComponent(`kestrel/evidence-folder/${externalId}`)}`;

/** Triggers a run and waits until it finished; returns it. */
async function harvest(mode: 'full' | 'incremental') {
  const before = (await api('/v1/harvest-runs?instance=evidence-folder&limit=1')).body.items[0]?.runId;
  const queued = await api('/v1/connectors/evidence-folder/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(queued.status).toBe(202);
  return until(`a ${mode} run`, async () => {
    const [run] = (await api('/v1/harvest-runs?instance=evidence-folder&limit=1')).body.items;
    return run && run.runId !== before && run.status !== 'started' ? run : undefined;
  });
}

/** The control after scoring has caught up with `check`. */
const controlWhere = (id: string, check: (body: { status: string }) => boolean) =>
  until(`${id} to change`, async () => {
    const { body } = await api(`/v1/controls/${id}`);
    return check(body) ? body : undefined;
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-trust-'));
  await cp(EXAMPLE_WORKSPACE, join(dir, 'ws'), { recursive: true, filter: (src) => !src.includes('.aims') });
  const config = await readFile(join(dir, 'ws/aims.yaml'), 'utf8');
  await writeFile(
    join(dir, 'ws/aims.yaml'),
    `${config.replace('      runOnStart: true\n', '      runOnStart: true\n    rateLimit: { max: 20, per: 1s }\n')}  - instance: github-hooks\n    connector: github\n    webhookSecretEnv: HOOK_SECRET\n    config:\n      org: wolfy1339\n      tokenEnv: HOOK_TOKEN\n`,
  );
  mesh = await startMesh(
    testMeshOptions(join(dir, 'data'), {
      workspaceDir: join(dir, 'ws'),
      secrets: { HOOK_SECRET: SECRET, HOOK_TOKEN: 'not-a-real-token' },
    }),
  );
  await mesh.firstHarvest;
}, 90_000);

afterAll(async () => {
  await mesh?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('evidence you can trust, in one process', () => {
  it('gives one freshness answer per version and requirement, in the artifact view and the controls', async () => {
    const artifacts = (await api('/v1/artifacts?limit=500')).body.items as Array<{
      key: string;
      stale: boolean;
      freshness: Array<{
        controlId: string;
        requirementId: string;
        stale: boolean;
        freshUntil?: string;
        counts: string;
      }>;
    }>;
    expect(artifacts.length).toBeGreaterThan(20);
    const controls = new Map<string, { requirements: Array<Record<string, unknown>> }>();
    for (const { controlId } of (await api('/v1/controls')).body.items)
      controls.set(controlId, (await api(`/v1/controls/${controlId}`)).body);
    let compared = 0;
    for (const artifact of artifacts) {
      const view = (await api(`/v1/artifacts/${encodeURIComponent(artifact.key)}`)).body;
      expect(view.freshness).toEqual(artifact.freshness);
      for (const entry of view.freshness.filter((e: { counts: string }) => e.counts === 'for')) {
        const requirement = controls
          .get(entry.controlId)
          ?.requirements.find((r) => r.requirementId === entry.requirementId) as
          | { satisfiedBy: Array<{ key: string; expiresAt?: string }>; stale: Array<{ key: string }> }
          | undefined;
        expect(requirement, `${entry.controlId}/${entry.requirementId}`).toBeDefined();
        const fresh = requirement?.satisfiedBy.find((ref) => ref.key === artifact.key);
        const stale = requirement?.stale.find((ref) => ref.key === artifact.key);
        if (entry.stale) {
          expect(stale, `${artifact.key} stale in ${entry.controlId}`).toBeDefined();
          expect(fresh).toBeUndefined();
        } else {
          expect(fresh, `${artifact.key} fresh in ${entry.controlId}`).toBeDefined();
          expect(fresh?.expiresAt).toBe(entry.freshUntil);
        }
        compared++;
      }
      const inFavour = view.freshness.filter((e: { counts: string }) => e.counts === 'for');
      expect(view.stale).toBe(inFavour.length > 0 && inFavour.every((e: { stale: boolean }) => e.stale));
    }
    expect(compared).toBeGreaterThan(15);
    const stale = (await api('/v1/artifacts?stale=true&limit=500')).body.items as Array<{ key: string }>;
    expect(stale.map((a) => a.key).sort()).toEqual(
      artifacts
        .filter((a) => a.stale)
        .map((a) => a.key)
        .sort(),
    );
  }, 60_000);

  it('keeps gaps with their id and dates between reads', async () => {
    const first = (await api('/v1/gaps')).body.items;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await api('/v1/gaps')).body.items).toEqual(first);
    expect(
      first.every(
        (gap: { id?: string; openedAt?: string; dueAt?: string }) => gap.id && gap.openedAt && gap.dueAt,
      ),
    ).toBe(true);
  });

  it('tombstones evidence that is gone on a full harvest, and the control stops counting it', async () => {
    const id = 'file:evidence/models/dispatch-assistant-model-card.md';
    expect((await api(artifactPath(id))).body.latest.tombstone).toBe(false);
    expect((await api('/v1/controls/A.9.4')).body.status).toBe('compliant');
    await rm(join(dir, 'ws/evidence/models/dispatch-assistant-model-card.md'));
    const run = await harvest('full');
    expect(run).toMatchObject({ status: 'succeeded', deletes: 1 });
    const artifact = (await api(artifactPath(id))).body;
    expect(artifact.latest).toMatchObject({ tombstone: true, version: 2 });
    expect((await api(`${artifactPath(id)}/versions/1`)).body.tombstone).toBe(false);
    await controlWhere('A.9.4', (control) => control.status !== 'compliant');
  }, 90_000);

  it('records an unreadable file with its path, degrades the connector, and stops its last version counting', async () => {
    const file = join(dir, 'ws/evidence/policies/ai-policy.md');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace(/^---\n/, '---\ntitle: [unclosed\n'));
    const run = await harvest('incremental');
    expect(run.status).toBe('partial');
    expect(run.skipped).toEqual([
      expect.objectContaining({
        path: 'policies/ai-policy.md',
        // Where the YAML parser gave up: the first line after the unclosed bracket and the blank line.
        line: 4,
        error: expect.objectContaining({ code: 'malformed_payload' }),
      }),
    ]);
    const connector = (await api('/v1/connectors')).body.items.find(
      (c: { instance: string }) => c.instance === 'evidence-folder',
    );
    expect(connector).toMatchObject({ status: 'degraded', lastError: { code: 'malformed_payload' } });
    expect(JSON.stringify((await api(`/v1/harvest-runs/${run.runId}`)).body)).toContain('ai-policy.md');
    const policy = (await api(artifactPath('file:evidence/policies/ai-policy.md'))).body;
    expect(policy.latest.unreadable).toMatchObject({ code: 'malformed_payload' });
    expect(policy.stale).toBe(true);
    expect(policy.controls).toEqual([]);
    await controlWhere('A.2.2', (control) => control.status !== 'compliant');
    await writeFile(file, good);
    expect((await harvest('incremental')).status).toBe('succeeded');
    await controlWhere('A.2.2', (control) => control.status === 'compliant');
  }, 90_000);

  it('takes signed GitHub webhooks on its own port, once per delivery, and refuses the rest alike', async () => {
    const group = (
      examples as unknown as Array<{ name: string; examples: Array<Record<string, unknown>> }>
    ).find((g) => g.name === 'branch_protection_rule');
    const payload = group?.examples.find((e) => e.action === 'created');
    const body = JSON.stringify(payload);
    const hook = (path: string, key: string, delivery = randomUUID()) =>
      api(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'branch_protection_rule',
          'x-github-delivery': delivery,
          'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
        },
        body,
      });
    const delivery = randomUUID();
    expect((await hook('/webhooks/github/github-hooks', SECRET, delivery)).status).toBe(202);
    expect((await hook('/webhooks/github/github-hooks', SECRET, delivery)).body).toMatchObject({
      duplicate: true,
    });
    await until('the webhook artifact', async () => {
      const items = (await api('/v1/artifacts?source=github-hooks')).body.items;
      return items.length === 1 ? items : undefined;
    });
    const bad = await hook('/webhooks/github/github-hooks', `${SECRET}x`);
    const unknown = await hook('/webhooks/github/no-such-instance', SECRET);
    expect(bad.status).toBe(401);
    expect(unknown).toEqual(bad);
  });
});
